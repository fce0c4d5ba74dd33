#!/usr/bin/env bash
# Smoke test of a running node (started with ./opensearch.sh start):
# ICU + ASCII folding of Vietnamese, index a document, search it, clean up.
# Exit 0 on success. Needs curl and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
URL="${OPENSEARCH_URL:-$("$here/opensearch.sh" url)}"
IDX="heritage-smoke-$$"
J=(-H 'Content-Type: application/json')

tokens() { python3 -c 'import sys, json; print(" ".join(t["token"] for t in json.load(sys.stdin)["tokens"]))'; }
fail() { echo "smoke: FAIL: $*" >&2; curl -s -XDELETE "$URL/$IDX" >/dev/null || true; exit 1; }

curl -fsS -XPUT "${J[@]}" "$URL/$IDX" -d '{
  "settings": {"analysis": {"analyzer": {"vi_folded": {
    "type": "custom", "tokenizer": "icu_tokenizer",
    "filter": ["icu_folding", "asciifolding", "lowercase"]}}}},
  "mappings": {"properties": {"title": {"type": "text", "analyzer": "vi_folded"}}}}' >/dev/null

want="hoi an my son dong duong"
for text in "Hội An Mỹ Sơn Đồng Dương" \
            "$(python3 -c 'import unicodedata; print(unicodedata.normalize("NFD", "Hội An Mỹ Sơn Đồng Dương"))')"; do
  got="$(curl -fsS "${J[@]}" "$URL/$IDX/_analyze" \
    -d "$(python3 -c 'import json, sys; print(json.dumps({"analyzer": "vi_folded", "text": sys.argv[1]}))' "$text")" | tokens)"
  [[ "$got" == "$want" ]] || fail "analyze gave '$got', want '$want'"
done

curl -fsS -XPUT "${J[@]}" "$URL/$IDX/_doc/1?refresh=true" -d '{"title": "Phật viện Đồng Dương, Quảng Nam"}' >/dev/null
hits="$(curl -fsS "${J[@]}" "$URL/$IDX/_search" -d '{"query": {"match": {"title": "dong duong"}}}' \
  | python3 -c 'import sys, json; print(json.load(sys.stdin)["hits"]["total"]["value"])')"
[[ "$hits" == 1 ]] || fail "search 'dong duong' found $hits hits"
health="$(curl -fsS "$URL/_cluster/health/$IDX" | python3 -c 'import sys, json; print(json.load(sys.stdin)["status"])')"
curl -fsS -XDELETE "$URL/$IDX" >/dev/null
echo "smoke: ok ($URL: tokens '$want', 1 hit, index $health)"
