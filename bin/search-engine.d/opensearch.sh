# OpenSearch 2.19 for bin/search-engine (sourced). See docs/search-engine.md.
ENGINE_VERSION="2.19.6"
ENGINE_ENV="OPENSEARCH"         # prefix of the environment variables (OPENSEARCH_PORT, ...)
ENGINE_DEFAULT_PORT=9250
ENGINE_MAIN_CLASS="org.opensearch.bootstrap.OpenSearch"
ENGINE_BIN="opensearch"
ENGINE_LOG="heritage-test.log"
# OpenSearch 2.x installs a SecurityManager, which Java 24 removed.
ENGINE_JAVA_MIN=11
ENGINE_JAVA_MAX=23
# Newest 2.x build of the ICU plugin classes that Maven Central serves
# (analysis-icu itself is not published there).
ICU_PLUGIN_VERSION="2.16.0"
LUCENE_VERSION="9.12.3"   # must equal lib/lucene-core-*.jar of the distribution
ICU4J_VERSION="74.2"      # what lucene-analysis-icu 9.12.3 declares

# group:artifact:version:ext  sha256 (pinned; also checked against the
# .sha1/.sha512 files Maven Central publishes beside each artifact)
ARTIFACTS=(
  "org.opensearch.distribution.integ-test-zip:opensearch:${ENGINE_VERSION}:zip 71d6d8b1c637f3faecda0752b184b1cc526fc6eaad59ec1408c6327bb00b9293"
  "org.opensearch.plugin:analysis-common:${ENGINE_VERSION}:jar 187378844d92a043b935038f9ae168f7812f686b1c1c7128f8b97731baff8a1a"
  "org.opensearch.plugin:analysis-icu-client:${ICU_PLUGIN_VERSION}:jar 8fc0a09d6adb431fb5675b015b5da3cc56ffb870e4acf1ad364b90731990c0fd"
  "org.apache.lucene:lucene-analysis-icu:${LUCENE_VERSION}:jar 5f6d79375e9012b26c6c6c6072618ed99d1027d377acaf9263c6405a1d8e90c0"
  "com.ibm.icu:icu4j:${ICU4J_VERSION}:jar 95c055080e14c093ebeeba5b733e1a1be7a4af5854668c774cedf070d4240e43"
)

write_descriptor() { # dir name classname description version
  cat >"$1/plugin-descriptor.properties" <<EOF
description=$4
version=$5
name=$2
classname=$3
java.version=11
opensearch.version=$ENGINE_VERSION
custom.foldername=
extended.plugins=
has.native.controller=false
EOF
}

# Adds to the unpacked distribution ($1) what the integ-test zip lacks.
engine_assemble() {
  local dist="$1"
  [[ -f "$dist/lib/lucene-core-${LUCENE_VERSION}.jar" ]] || die "distribution does not ship lucene-core ${LUCENE_VERSION}"
  # analysis-common module (asciifolding, ngram, ...). Its painless whitelist
  # extension is unused: lang-painless is not installed.
  local mod="$dist/modules/analysis-common"
  mkdir -p "$mod"
  cp "$DOWNLOADS/analysis-common-${ENGINE_VERSION}.jar" "$mod/"
  write_descriptor "$mod" analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin \
    'Adds "built in" analyzers to OpenSearch.' "$ENGINE_VERSION"
  # analysis-icu plugin: plugin classes + Lucene ICU module + ICU4J.
  local plug="$dist/plugins/analysis-icu"
  mkdir -p "$plug"
  cp "$DOWNLOADS/analysis-icu-client-${ICU_PLUGIN_VERSION}.jar" \
     "$DOWNLOADS/lucene-analysis-icu-${LUCENE_VERSION}.jar" \
     "$DOWNLOADS/icu4j-${ICU4J_VERSION}.jar" "$plug/"
  write_descriptor "$plug" analysis-icu org.opensearch.plugin.analysis.icu.AnalysisICUPlugin \
    'The ICU Analysis plugin integrates the Lucene ICU module into OpenSearch, adding ICU-related analysis components.' \
    "$ICU_PLUGIN_VERSION"
}

# Lines of the node's yml for its role in a cluster ($1 = node number).
engine_roles() {
  if (( $1 == 1 )); then echo "node.roles: [cluster_manager, data, ingest]"; else echo "node.roles: [data, ingest]"; fi
}

engine_yml() { :; }

# Run the node: env for bin/opensearch.
engine_env() { # conf java_home java_opts tmp
  printf '%s\n' "OPENSEARCH_PATH_CONF=$1" "OPENSEARCH_JAVA_HOME=$2" "OPENSEARCH_JAVA_OPTS=$3" "OPENSEARCH_TMPDIR=$4"
}

# A single node gets no replicas, so its indices are green. OpenSearch only
# honours this as a cluster setting (not from opensearch.yml).
engine_single_node_defaults() { # url
  curl -fsS --max-time 30 -XPUT -H 'Content-Type: application/json' "$1/_cluster/settings" \
    -d '{"persistent":{"cluster.default_number_of_replicas":0}}' >/dev/null
}
