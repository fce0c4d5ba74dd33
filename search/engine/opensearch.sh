#!/usr/bin/env bash
# Local single-node OpenSearch for the test suite (no Docker, no internet
# beyond Maven Central). See search/engine/README.md.
#
#   opensearch.sh fetch    download + verify + assemble the node home (once)
#   opensearch.sh start    start (fetching first if needed), wait for health, print URL
#   opensearch.sh stop     stop the node started by `start`
#   opensearch.sh status   exit 0 if the node answers and is green/yellow
#   opensearch.sh url      print http://127.0.0.1:PORT
set -euo pipefail

OS_VERSION="2.19.6"
# Newest 2.x build of the ICU plugin classes that Maven Central serves
# (analysis-icu itself is not published there; see README).
ICU_PLUGIN_VERSION="2.16.0"
LUCENE_VERSION="9.12.3"   # must equal lib/lucene-core-*.jar of the distribution
ICU4J_VERSION="74.2"      # what lucene-analysis-icu 9.12.3 declares

# group:artifact:version:ext  sha256 (pinned; also checked against the
# .sha1/.sha512 files Maven Central publishes beside each artifact)
ARTIFACTS=(
  "org.opensearch.distribution.integ-test-zip:opensearch:${OS_VERSION}:zip 71d6d8b1c637f3faecda0752b184b1cc526fc6eaad59ec1408c6327bb00b9293"
  "org.opensearch.plugin:analysis-common:${OS_VERSION}:jar 187378844d92a043b935038f9ae168f7812f686b1c1c7128f8b97731baff8a1a"
  "org.opensearch.plugin:analysis-icu-client:${ICU_PLUGIN_VERSION}:jar 8fc0a09d6adb431fb5675b015b5da3cc56ffb870e4acf1ad364b90731990c0fd"
  "org.apache.lucene:lucene-analysis-icu:${LUCENE_VERSION}:jar 5f6d79375e9012b26c6c6c6072618ed99d1027d377acaf9263c6405a1d8e90c0"
  "com.ibm.icu:icu4j:${ICU4J_VERSION}:jar 95c055080e14c093ebeeba5b733e1a1be7a4af5854668c774cedf070d4240e43"
)

MAVEN_REPO="${OPENSEARCH_MAVEN_REPO:-https://repo1.maven.org/maven2}"
CACHE="${OPENSEARCH_HOME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/heritage/opensearch-${OS_VERSION}}"
NODE_HOME="$CACHE/home"
DOWNLOADS="$CACHE/downloads"
MARKER="$NODE_HOME/.heritage-assembled"
PORT="${OPENSEARCH_PORT:-9250}"
TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-$((PORT + 100))}"
HOST="127.0.0.1"
URL="http://${HOST}:${PORT}"
START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
STOP_TIMEOUT="${OPENSEARCH_STOP_TIMEOUT:-60}"
JAVA_OPTS_DEFAULT="-Xms512m -Xmx512m"
RUN_USER="${OPENSEARCH_RUN_USER:-opensearch}"

log() { printf 'opensearch.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

manifest() {
  printf 'opensearch %s\n' "$OS_VERSION"
  printf '%s\n' "${ARTIFACTS[@]}"
  printf 'layout 1\n'
}

# ---------------------------------------------------------------- fetch

is_fetched() {
  [[ -f "$MARKER" && -x "$NODE_HOME/bin/opensearch" ]] && [[ "$(cat "$MARKER")" == "$(manifest)" ]]
}

repo_path() { # G:A:V:EXT -> group/path/A/V/A-V.EXT
  local g a v e
  IFS=: read -r g a v e <<<"$1"
  printf '%s/%s/%s/%s-%s.%s' "${g//.//}" "$a" "$v" "$a" "$v" "$e"
}

download_one() { # coords sha256
  local coords="$1" want="$2" rel file tmp got pub
  rel="$(repo_path "$coords")"
  file="$DOWNLOADS/$(basename "$rel")"
  if [[ -f "$file" ]] && [[ "$(sha256sum "$file" | cut -d' ' -f1)" == "$want" ]]; then
    return 0
  fi
  tmp="$file.part.$$"
  local m2="${HOME}/.m2/repository/$rel"
  if [[ -f "$m2" ]]; then
    cp "$m2" "$tmp"
  elif ! curl -fsSL --retry 3 --connect-timeout 20 -o "$tmp" "$MAVEN_REPO/$rel"; then
    rm -f "$tmp"
    log "curl could not get $MAVEN_REPO/$rel; trying mvn"
    # Fall back to Maven itself (honours ~/.m2/settings.xml mirrors/proxies).
    command -v mvn >/dev/null || die "cannot download $coords"
    local g a v e
    IFS=: read -r g a v e <<<"$coords"
    mvn -B -q -C -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
      -Dartifact="$g:$a:$v:$e" -DoutputDirectory="$DOWNLOADS" -Dmdep.overWriteReleases=true >&2 \
      || die "cannot download $coords (curl and mvn failed)"
    mv "$file" "$tmp"
  fi
  got="$(sha256sum "$tmp" | cut -d' ' -f1)"
  if [[ "$got" != "$want" ]]; then
    rm -f "$tmp"
    die "sha256 mismatch for $coords: got $got, pinned $want"
  fi
  # Cross-check with the checksum files published beside the artifact.
  if pub="$(curl -fsS --connect-timeout 20 "$MAVEN_REPO/$rel.sha1" 2>/dev/null)"; then
    [[ "${pub%% *}" == "$(sha1sum "$tmp" | cut -d' ' -f1)" ]] || { rm -f "$tmp"; die "published sha1 mismatch for $coords"; }
  fi
  if pub="$(curl -fsS --connect-timeout 20 "$MAVEN_REPO/$rel.sha512" 2>/dev/null)"; then
    [[ "${pub%% *}" == "$(sha512sum "$tmp" | cut -d' ' -f1)" ]] || { rm -f "$tmp"; die "published sha512 mismatch for $coords"; }
  fi
  mv "$tmp" "$file"
  log "downloaded $coords"
}

extract_zip() { # zip dest
  if command -v unzip >/dev/null; then
    unzip -q "$1" -d "$2"
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"
  fi
}

write_descriptor() { # dir name classname description version
  cat >"$1/plugin-descriptor.properties" <<EOF
description=$4
version=$5
name=$2
classname=$3
java.version=11
opensearch.version=$OS_VERSION
custom.foldername=
extended.plugins=
has.native.controller=false
EOF
}

do_fetch() {
  is_fetched && return 0
  mkdir -p "$CACHE" "$DOWNLOADS"
  exec 8>"$CACHE/.fetch.lock"
  flock -w 900 8 || die "timed out waiting for another fetch"
  if is_fetched; then exec 8>&-; return 0; fi
  local entry
  for entry in "${ARTIFACTS[@]}"; do
    download_one "${entry% *}" "${entry##* }"
  done

  local build="$CACHE/home.build.$$"
  rm -rf "$build"
  mkdir -p "$build"
  extract_zip "$DOWNLOADS/opensearch-${OS_VERSION}.zip" "$build"
  local dist="$build/opensearch-${OS_VERSION}"
  [[ -f "$dist/lib/lucene-core-${LUCENE_VERSION}.jar" ]] || die "distribution does not ship lucene-core ${LUCENE_VERSION}"
  chmod +x "$dist"/bin/* 2>/dev/null || true

  # analysis-common module (standard analyzers, asciifolding, ngram, ...).
  # Its painless whitelist extension is unused: lang-painless is not installed.
  local mod="$dist/modules/analysis-common"
  mkdir -p "$mod"
  cp "$DOWNLOADS/analysis-common-${OS_VERSION}.jar" "$mod/"
  write_descriptor "$mod" analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin \
    'Adds "built in" analyzers to OpenSearch.' "$OS_VERSION"

  # analysis-icu plugin: plugin classes + Lucene ICU module + ICU4J.
  local plug="$dist/plugins/analysis-icu"
  mkdir -p "$plug"
  cp "$DOWNLOADS/analysis-icu-client-${ICU_PLUGIN_VERSION}.jar" \
     "$DOWNLOADS/lucene-analysis-icu-${LUCENE_VERSION}.jar" \
     "$DOWNLOADS/icu4j-${ICU4J_VERSION}.jar" "$plug/"
  write_descriptor "$plug" analysis-icu org.opensearch.plugin.analysis.icu.AnalysisICUPlugin \
    'The ICU Analysis plugin integrates the Lucene ICU module into OpenSearch, adding ICU-related analysis components.' \
    "$ICU_PLUGIN_VERSION"

  manifest >"$dist/.heritage-assembled.tmp"
  rm -rf "$NODE_HOME"
  mv "$dist" "$NODE_HOME"
  mv "$NODE_HOME/.heritage-assembled.tmp" "$MARKER"
  rm -rf "$build"
  exec 8>&-
  log "assembled $NODE_HOME"
}

# ---------------------------------------------------------------- runtime

java_major() { # java_home -> major version number
  "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\)\(\.\([0-9]*\)\)\{0,1\}.*/\1 \3/p' \
    | awk '{ print ($1 == 1 ? $2 : $1) }'
}

# OpenSearch 2.19 needs Java 11+ and, because it installs a SecurityManager,
# nothing newer than 23. Explicit OPENSEARCH_JAVA_HOME always wins.
java_home() {
  if [[ -n "${OPENSEARCH_JAVA_HOME:-}" ]]; then
    printf '%s' "$OPENSEARCH_JAVA_HOME"
    return 0
  fi
  local c m candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if c="$(command -v java)"; then c="$(readlink -f "$c")"; candidates+=("${c%/bin/java}"); fi
  candidates+=(/usr/lib/jvm/*)
  for c in "${candidates[@]}"; do
    [[ -x "$c/bin/java" ]] || continue
    m="$(java_major "$c")"
    if [[ -n "$m" ]] && (( m >= 11 && m <= 23 )); then
      printf '%s' "$c"
      return 0
    fi
  done
  die "no Java 11-23 found (set OPENSEARCH_JAVA_HOME)"
}

ensure_run_user() {
  if ! id -u "$RUN_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_USER" 2>/dev/null \
      || { log "useradd $RUN_USER failed; using nobody"; RUN_USER=nobody; }
  fi
  RUN_UID="$(id -u "$RUN_USER")"
  RUN_GID="$(id -g "$RUN_USER")"
}

# Decide WORK (data, logs, config, pid) and RUN_HOME (node home used to run).
resolve_dirs() {
  if [[ -n "${OPENSEARCH_WORK:-}" ]]; then
    WORK="$OPENSEARCH_WORK"
  elif [[ $EUID -eq 0 ]]; then
    # The unprivileged run user usually cannot enter /root (mode 0700).
    WORK="${TMPDIR:-/tmp}/heritage-opensearch-${OS_VERSION}-${PORT}"
  else
    WORK="$CACHE/work-${PORT}"
  fi
  # As root, run from a hard-linked mirror of the node home inside WORK, so
  # the run user never needs access to the cache (which may be under /root).
  MIRROR=0
  RUN_HOME="$NODE_HOME"
  if [[ $EUID -eq 0 && -z "${OPENSEARCH_NO_MIRROR:-}" ]]; then
    MIRROR=1
    RUN_HOME="$WORK/home"
  fi
  PIDFILE="$WORK/opensearch.pid"
}

node_pid() { # prints pid if our node is alive
  local pid
  [[ -f "$PIDFILE" ]] || return 1
  pid="$(tr -dc 0-9 <"$PIDFILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.opensearch.bootstrap.OpenSearch' || return 1
  printf '%s' "$pid"
}

health() { # prints cluster status (green/yellow/red) or nothing
  { curl -fsS --max-time 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=${1:-1s}" 2>/dev/null || true; } \
    | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}

healthy() { local s; s="$(health "${1:-1s}")"; [[ "$s" == green || "$s" == yellow ]]; }

prepare_work() {
  mkdir -p "$WORK"
  chmod 0755 "$WORK"
  if [[ $MIRROR -eq 1 ]]; then
    if [[ ! -f "$RUN_HOME/.heritage-assembled" ]] || ! cmp -s "$RUN_HOME/.heritage-assembled" "$MARKER"; then
      rm -rf "$RUN_HOME"
      cp -al "$NODE_HOME" "$RUN_HOME" 2>/dev/null || { rm -rf "$RUN_HOME"; cp -a "$NODE_HOME" "$RUN_HOME"; }
      chmod -R a+rX "$RUN_HOME"
    fi
  fi
  local conf="$WORK/config"
  if [[ -n "${OPENSEARCH_RESET_DATA:-}" ]]; then
    rm -rf "$WORK/data"
  fi
  mkdir -p "$conf/jvm.options.d" "$WORK/data" "$WORK/logs" "$WORK/tmp"
  cp "$NODE_HOME/config/log4j2.properties" "$conf/"
  # Drop the distribution's 1g heap; OPENSEARCH_JAVA_OPTS sets it.
  # bin/opensearch runs from the node home: make relative log/dump paths absolute.
  grep -v -E '^-Xm[sx]' "$NODE_HOME/config/jvm.options" \
    | sed -e "s#\(file=\|ErrorFile=\|Xloggc:\)logs/#\1${WORK}/logs/#" \
          -e "s#HeapDumpPath=data#HeapDumpPath=${WORK}/data#" >"$conf/jvm.options"
  cat >"$conf/opensearch.yml" <<EOF
# Generated by search/engine/opensearch.sh -- edits are overwritten at start.
cluster.name: heritage-test
node.name: heritage-test-node
network.host: ${HOST}
http.port: ${PORT}
transport.port: ${TRANSPORT_PORT}
discovery.type: single-node
path.data: ${WORK}/data
path.logs: ${WORK}/logs
# Test machines can have little free disk; do not block writes on watermarks.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
  if [[ $EUID -eq 0 ]]; then
    chown -R "$RUN_UID:$RUN_GID" "$conf" "$WORK/data" "$WORK/logs" "$WORK/tmp"
    # The node writes its pid file into WORK.
    chown "$RUN_UID:$RUN_GID" "$WORK"
  fi
}

do_start() {
  resolve_dirs
  if node_pid >/dev/null; then
    wait_healthy || die "node is running (pid $(node_pid)) but not healthy; see $WORK/logs"
    echo "$URL"
    return 0
  fi
  if curl -fsS --max-time 3 "$URL" >/dev/null 2>&1; then
    die "something else already answers on $URL (set OPENSEARCH_PORT)"
  fi
  do_fetch
  [[ $EUID -eq 0 ]] && ensure_run_user
  mkdir -p "$(dirname "$WORK")"
  exec 9>"$(dirname "$WORK")/.heritage-opensearch-${PORT}.lock"
  flock -w $((START_TIMEOUT + 60)) 9 || die "timed out waiting for a concurrent start"
  if node_pid >/dev/null; then  # started by a concurrent caller
    exec 9>&-
    wait_healthy || die "node not healthy; see $WORK/logs"
    echo "$URL"
    return 0
  fi
  prepare_work
  rm -f "$PIDFILE"
  : >"$WORK/logs/console.log"
  local jh t0
  jh="$(java_home)"
  t0=$(date +%s%N)
  local cmd=("$RUN_HOME/bin/opensearch" -d -p "$PIDFILE")
  if [[ $EUID -eq 0 ]]; then
    cmd=(setpriv --reuid="$RUN_UID" --regid="$RUN_GID" --clear-groups -- "${cmd[@]}")
  fi
  (
    cd "$WORK"
    env OPENSEARCH_PATH_CONF="$WORK/config" \
        OPENSEARCH_JAVA_HOME="$jh" \
        OPENSEARCH_JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:-$JAVA_OPTS_DEFAULT}" \
        OPENSEARCH_TMPDIR="$WORK/tmp" \
        HOME="$WORK" \
      setsid "${cmd[@]}" >>"$WORK/logs/console.log" 2>&1 </dev/null 8>&- 9>&-
  ) || { tail -n 40 "$WORK/logs/console.log" >&2 || true; die "launch failed"; }
  if ! wait_healthy; then
    log "node did not become healthy within ${START_TIMEOUT}s; errors / console output:"
    grep -h -m 5 -E '\]\[(ERROR|FATAL)\]' "$WORK/logs/heritage-test.log" >&2 2>/dev/null || true
    tail -n 20 "$WORK/logs/console.log" >&2 2>/dev/null || true
    do_stop >/dev/null 2>&1 || true
    exit 1
  fi
  # Single node: new indices get no replicas, so they are green, not yellow.
  # (Only honoured as a cluster-state setting, not from opensearch.yml.)
  curl -fsS --max-time 30 -XPUT -H 'Content-Type: application/json' "$URL/_cluster/settings" \
    -d '{"persistent":{"cluster.default_number_of_replicas":0}}' >/dev/null \
    || log "warning: could not set cluster.default_number_of_replicas"
  exec 9>&-
  log "started in $(( ($(date +%s%N) - t0) / 1000000 )) ms (pid $(node_pid), work $WORK)"
  echo "$URL"
}

wait_healthy() {
  local start now pid=""
  start=$(date +%s)
  while :; do
    if healthy 1s; then return 0; fi
    now=$(date +%s)
    (( now - start < START_TIMEOUT )) || return 1
    [[ -n "$pid" ]] || pid="$(tr -dc 0-9 2>/dev/null <"$PIDFILE" || true)"
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "node process $pid exited"
      return 1
    fi
    if [[ -z "$pid" ]] && (( now - start > 60 )); then
      log "no pid file after 60s"
      return 1
    fi
    sleep 0.5
  done
}

do_stop() {
  resolve_dirs
  local pid
  if ! pid="$(node_pid)"; then
    rm -f "$PIDFILE"
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(( $(date +%s) + STOP_TIMEOUT ))
  while kill -0 "$pid" 2>/dev/null && (( $(date +%s) < deadline )); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "SIGTERM timed out; sending SIGKILL to $pid"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PIDFILE"
  log "stopped (pid $pid)"
}

do_status() {
  resolve_dirs
  local s
  s="$(health 1s)"
  if [[ "$s" == green || "$s" == yellow ]]; then
    echo "$s $URL (pid $(node_pid || echo '?'))"
    return 0
  fi
  echo "down $URL"
  return 1
}

case "${1:-}" in
  fetch)  do_fetch; echo "$NODE_HOME" ;;
  start)  do_start ;;
  stop)   do_stop ;;
  status) do_status ;;
  url)    echo "$URL" ;;
  *) echo "usage: $0 {fetch|start|stop|status|url}" >&2; exit 2 ;;
esac
