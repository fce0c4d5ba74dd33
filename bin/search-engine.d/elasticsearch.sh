# Elasticsearch for bin/search-engine (sourced). See docs/search-engine.md.
# ELASTICSEARCH_VERSION picks one of the pinned versions below. Unset: 9.2.4 where a Java 21+ is
# installed (9.x needs it), else 8.19.21, which runs on the Java 17 every machine here has.
has_java_21() {
  local c v candidates=("${ELASTICSEARCH_JAVA_HOME:-}")
  if [[ -z "${ELASTICSEARCH_JAVA_HOME:-}" ]]; then
    c="$(readlink -f "$(command -v java || echo /nonexistent)")"
    candidates=("${JAVA_HOME:-}" "${c%/bin/java}" /usr/lib/jvm/*)
  fi
  for c in "${candidates[@]}"; do
    [[ -n "$c" && -x "$c/bin/java" ]] || continue
    v="$("$c/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')"
    [[ -n "$v" ]] && (( v >= 21 )) && return 0
  done
  return 1
}
if [[ -n "${ELASTICSEARCH_VERSION:-}" ]]; then
  ENGINE_VERSION="$ELASTICSEARCH_VERSION"
elif has_java_21; then
  ENGINE_VERSION="9.2.4"
else
  ENGINE_VERSION="8.19.21"
fi
ENGINE_ENV="ELASTICSEARCH"      # prefix of the environment variables (ELASTICSEARCH_PORT, ...)
ENGINE_DEFAULT_PORT=9200
ENGINE_MAIN_CLASS="org.elasticsearch.bootstrap.Elasticsearch"
ENGINE_BIN="elasticsearch"
ENGINE_LOG="heritage-test.log"

# Elasticsearch's own minimal distribution (integ-test-zip): server, HTTP
# transport, x-pack core and security, no analysis-common module (so no
# asciifolding/ngram/edge_ngram filters: search.backends.elastic does not need them).
case "$ENGINE_VERSION" in
  9.2.4)
    ENGINE_SHA256="af7b81fe31627c7523b2546351cd4e47310faa6a72c8db8dc8f7a191e871cfaf"
    ENGINE_JAVA_MIN=21 ENGINE_JAVA_MAX=25 ;;
  8.19.21)
    ENGINE_SHA256="215d5f3dbf0609a149f6218a9e47b6ae2df34ebbff3c5754e35f15a5e5393c8a"
    ENGINE_JAVA_MIN=17 ENGINE_JAVA_MAX=25 ;;
  *) die "ELASTICSEARCH_VERSION must be 9.2.4 or 8.19.21 (the versions with pinned checksums), not $ENGINE_VERSION" ;;
esac
ARTIFACTS=(
  "org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ENGINE_VERSION}:zip ${ENGINE_SHA256}"
)

engine_assemble() { :; }

engine_roles() {
  if (( $1 == 1 )); then echo "node.roles: [master, data, ingest]"; else echo "node.roles: [data, ingest]"; fi
}

engine_yml() {
  cat <<EOF
# Loopback only: no TLS, no users. A cluster reachable from elsewhere must keep security on.
xpack.security.enabled: false
EOF
}

engine_env() { # conf java_home java_opts tmp
  printf '%s\n' "ES_PATH_CONF=$1" "ES_JAVA_HOME=$2" "ES_JAVA_OPTS=$3" "ES_TMPDIR=$4"
}

# A single node gets no replicas, so its indices are green: a template of the
# lowest priority for every index (built-in templates have higher priorities).
engine_single_node_defaults() { # url
  curl -fsS --max-time 30 -XPUT -H 'Content-Type: application/json' "$1/_index_template/heritage-single-node" \
    -d '{"index_patterns":["*"],"priority":0,"template":{"settings":{"number_of_replicas":0}}}' >/dev/null
}
