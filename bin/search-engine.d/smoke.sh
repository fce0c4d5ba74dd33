# `bin/search-engine smoke ENGINE` (sourced): checks a running node does what search needs, with
# the index layout of search/backends/engines.py: standard tokenizer + lowercase, index_prefixes
# for as-you-type, geo_point, keyword aggregations. Exit 0 on success.
do_smoke() {
  resolve_dirs
  local url idx="heritage-smoke-$$" j=(-H 'Content-Type: application/json')
  url="$(node_url 1)"
  fail() { log "smoke: FAIL: $*"; curl -s -XDELETE "$url/$idx" >/dev/null || true; exit 1; }
  curl -fsS -XPUT "${j[@]}" "$url/$idx" -d '{
    "settings": {"number_of_replicas": 0, "analysis": {"analyzer": {"plain": {
      "type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}}}},
    "mappings": {"properties": {
      "title": {"type": "text", "analyzer": "plain"},
      "suggest": {"type": "text", "analyzer": "plain", "index_prefixes": {"min_chars": 1, "max_chars": 19}},
      "facet": {"type": "keyword"}, "location": {"type": "geo_point"}}}}' >/dev/null || fail "create index"
  # Text arrives folded by search.text ("Phật viện Đồng Dương" -> "phat vien dong duong").
  curl -fsS -XPUT "${j[@]}" "$url/$idx/_doc/1?refresh=true" -d '{"title": "Phat vien Dong Duong",
    "suggest": "phat vien dong duong", "facet": "type:site", "location": {"lat": 15.68, "lon": 108.36}}' >/dev/null \
    || fail "index a document"
  local body hits
  body='{"query": {"bool": {"must": {"match_bool_prefix": {"suggest": {"query": "dong d", "operator": "and"}}},
    "filter": {"geo_distance": {"distance": "20km", "location": {"lat": 15.7, "lon": 108.4}}}}},
    "aggs": {"f": {"terms": {"field": "facet"}}}}'
  hits="$(curl -fsS "${j[@]}" "$url/$idx/_search" -d "$body" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(r["hits"]["total"]["value"], r["aggregations"]["f"]["buckets"][0]["key"])')" || fail "search"
  [[ "$hits" == "1 type:site" ]] || fail "search 'dong d' near Duy Xuyen gave '$hits', want '1 type:site'"
  curl -fsS -XDELETE "$url/$idx" >/dev/null
  log "smoke: ok ($ENGINE $ENGINE_VERSION at $url)"
}
