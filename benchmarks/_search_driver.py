"""Inside a Django process (settings from the environment): generate N search documents, index
them, and time 30 representative requests through the real API views. Prints one JSON line.

Used by search_latency.py; not run directly.
"""

import json
import logging
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import django

# Run as a script, this folder comes first on sys.path, where benchmarks/relic_map.py would stand
# in for the relic_map app; the project root (PYTHONPATH) is where the apps are.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]
django.setup()
for name in ("opensearch", "elastic_transport"):
    logging.getLogger(name).setLevel(logging.WARNING)  # one line per request otherwise

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from search.models import SearchDocument, SearchFacet  # noqa: E402
from search.text import index_text, suggest_text  # noqa: E402

KINDS = [
    ("Đình", "Communal house of", "sitepage"),
    ("Chùa", "Pagoda of", "sitepage"),
    ("Nhà thờ tộc", "Ancestral hall of the", "sitepage"),
    ("Miếu", "Shrine of", "sitepage"),
    ("Tháp Chăm", "Cham tower of", "sitepage"),
    ("Giếng Chăm", "Cham well of", "sitepage"),
    ("Nhà cổ", "Old house of", "sitepage"),
    ("Hội quán", "Assembly hall of", "sitepage"),
    ("Tượng", "Statue from", "artefactpage"),
    ("Bình gốm", "Ceramic jar from", "artefactpage"),
    ("Chuông đồng", "Bronze bell of", "artefactpage"),
    ("Bia đá", "Stone stele of", "artefactpage"),
    ("Sắc phong", "Royal ordinance for", "documentarypage"),
    ("Gia phả", "Family register of", "documentarypage"),
    ("Lễ hội", "Festival of", "intangiblepage"),
    ("Làng nghề", "Craft village of", "intangiblepage"),
]
# Place names of the heritage region, shared by the generators of the benchmarks.
PLACES = (Path(__file__).parent / "place_names.txt").read_text(encoding="utf-8").splitlines()
EXTRA = ["cổ", "thượng", "hạ", "đông", "tây", "nam", "bắc", "trung", "mới", "lớn", "nhỏ", "thôn", "xóm"]
SENTENCES_VI = [
    "Công trình được dựng bằng gỗ lim và gạch nung, mái lợp ngói âm dương.",
    "Hiện vật được phát hiện trong đợt khai quật khảo cổ năm 1990.",
    "Di tích gắn với lịch sử thương cảng và cộng đồng người Hoa.",
    "Trang trí chạm khắc hoa văn rồng mây, đèn lồng treo dưới hiên.",
    "Văn bản viết bằng chữ Hán Nôm trên giấy dó, đóng dấu triều Nguyễn.",
    "Lễ hội được tổ chức vào tháng Giêng âm lịch với hát bài chòi.",
    "Tháp xây bằng gạch không vữa, phù điêu sa thạch thời Chămpa.",
]
SENTENCES_EN = [
    "Built of ironwood and fired brick under a yin-yang tiled roof.",
    "Found during the archaeological excavation of 1990.",
    "Linked to the history of the trading port and its Chinese community.",
    "Carved with dragons and clouds; lanterns hang beneath the eaves.",
    "Written in Hán Nôm on dó paper, sealed under the Nguyễn dynasty.",
    "Held in the first lunar month with bài chòi singing.",
    "Brick tower laid without mortar, with Champa sandstone reliefs.",
]
FACET_VALUES = {
    "ranking": ["world_heritage", "special_national", "national", "provincial", "inventoried"],
    "category": ["architectural_artistic", "archaeological", "historical", "scenic"],
    "district": [
        "hoi-an",
        "duy-xuyen",
        "dien-ban",
        "dai-loc",
        "que-son",
        "thang-binh",
        "tam-ky",
        "nui-thanh",
    ],
    "period": ["champa", "nguyen", "le", "tran", "modern"],
    "material": ["bronze", "sandstone", "ceramic", "wood", "paper", "brick"],
    "culture": ["cham", "viet", "hoa", "co-tu"],
    "institution": ["cham-museum", "hoi-an-museum", "provincial-museum"],
}


def make_document(n, rng):
    kind_vi, kind_en, record_type = rng.choice(KINDS)
    place = rng.choice(PLACES)
    title_vi = f"{kind_vi} {place} {rng.choice(EXTRA)} {n}"
    title_en = f"{kind_en} {place} {n}"
    body_vi = " ".join(rng.sample(SENTENCES_VI, 3))
    body_en = " ".join(rng.sample(SENTENCES_EN, 3))
    tokens = {f"type:{record_type}", f"district:{rng.choice(FACET_VALUES['district'])}"}
    if record_type == "sitepage":
        tokens |= {
            f"ranking:{rng.choice(FACET_VALUES['ranking'])}",
            f"category:{rng.choice(FACET_VALUES['category'])}",
        }
    elif record_type == "artefactpage":
        tokens |= {
            f"period:{rng.choice(FACET_VALUES['period'])}",
            f"culture:{rng.choice(FACET_VALUES['culture'])}",
            f"institution:{rng.choice(FACET_VALUES['institution'])}",
        }
        tokens |= {f"material:{m}" for m in rng.sample(FACET_VALUES["material"], rng.choice([1, 1, 2]))}
    identifier = f"QN-{record_type[:2].upper()}-{n:06d}"
    return SearchDocument(
        translation_key=uuid.UUID(int=rng.getrandbits(128)),
        identifier=identifier,
        record_type=record_type,
        titles={"vi": title_vi, "en": title_en},
        urls={"vi": f"/vi/x/{n}/", "en": f"/en/x/{n}/"},
        summaries={"vi": body_vi, "en": body_en},
        search_title=index_text(identifier, title_vi, title_en),
        search_body=index_text(body_vi, body_en),
        suggest=suggest_text(title_vi, title_en),
        facet_tokens=sorted(tokens),
        earliest_year=rng.randint(200, 1990),
        latitude=rng.uniform(15.2, 16.1) if record_type in ("sitepage", "artefactpage") else None,
        longitude=rng.uniform(107.3, 108.7) if record_type in ("sitepage", "artefactpage") else None,
        sort_title=title_vi,
    )


QUERIES = [
    # folded: no tones, as tourists type
    ("folded", "/api/search", {"q": "hoi an"}),
    ("folded", "/api/search", {"q": "my son"}),
    ("folded", "/api/search", {"q": "thap cham"}),
    ("folded", "/api/search", {"q": "dong duong"}),
    ("folded", "/api/search", {"q": "chua cau"}),
    ("folded", "/api/search", {"q": "hoi quan minh huong"}),
    ("folded", "/api/search", {"q": "den long"}),
    ("folded", "/api/search", {"q": "hoi an lantern"}),
    ("folded", "/api/search", {"q": "bronze bell"}),
    ("folded", "/api/search", {"q": "tra kieu"}),
    # exact: with tones, as curators type
    ("exact", "/api/search", {"q": "Hội An"}),
    ("exact", "/api/search", {"q": "Mỹ Sơn"}),
    ("exact", "/api/search", {"q": "Đồng Dương"}),
    ("exact", "/api/search", {"q": "sắc phong Cẩm Phô"}),
    ("exact", "/api/search", {"q": "Tháp Chăm Khương Mỹ"}),
    ("exact", "/api/search", {"q": "gia phả Thanh Hà"}),
    ("exact", "/api/search", {"q": "Nhà thờ tộc Kim Bồng"}),
    ("exact", "/api/search", {"q": "Cù Lao Chàm"}),
    # faceted
    ("faceted", "/api/search", {}),
    ("faceted", "/api/search", {"type": "sitepage", "ranking": "national"}),
    ("faceted", "/api/search", {"q": "hoi an", "type": ["sitepage", "artefactpage"]}),
    ("faceted", "/api/search", {"q": "tuong", "material": "sandstone", "period": "champa"}),
    ("faceted", "/api/search", {"district": "duy-xuyen", "sort": "date"}),
    ("faceted", "/api/search", {"near": "15.877,108.328", "km": "5"}),
    # autocomplete
    ("autocomplete", "/api/search/suggest", {"q": "ho"}),
    ("autocomplete", "/api/search/suggest", {"q": "my s"}),
    ("autocomplete", "/api/search/suggest", {"q": "dong d"}),
    ("autocomplete", "/api/search/suggest", {"q": "thap ch"}),
    ("autocomplete", "/api/search/suggest", {"q": "chua c"}),
    ("autocomplete", "/api/search/suggest", {"q": "sac phong c"}),
]


WARM_UP_REQUESTS = 300


def warm_up(client):
    """A node in service has answered searches for days, and its JIT has compiled the paths they
    take; a node this script has just started and filled has not (a cached answer took 6-8 ms on
    it, 2-3 ms a few hundred searches later). So the engine is warmed first, with searches of
    other words: place names, facet filters and prefixes, all asking for page 2, so that none of
    them is one of the 30 measured requests, which the engine's request cache would then answer."""
    rng = random.Random(11)
    for _ in range(WARM_UP_REQUESTS):
        place = rng.choice(PLACES)
        facet = rng.choice(list(FACET_VALUES))
        client.get("/api/search", {"q": place, "page": 2})
        client.get("/api/search", {facet: rng.choice(FACET_VALUES[facet]), "page": 2})
        client.get("/api/search/suggest", {"q": place[: rng.randint(2, len(place))]})


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    count, repeat = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(7)
    backend = get_search_backend()
    index = backend.get_index_for_model(SearchDocument)
    if hasattr(index, "reset"):
        index.reset()
    if hasattr(index, "add_model"):
        index.add_model(SearchDocument)

    start = time.perf_counter()
    documents = [make_document(n, rng) for n in range(count)]
    with transaction.atomic():
        SearchDocument.objects.bulk_create(documents, batch_size=2000)
        SearchFacet.objects.bulk_create(
            (SearchFacet(document=d, token=t) for d in documents for t in d.facet_tokens), batch_size=5000
        )
    generated = time.perf_counter() - start

    start = time.perf_counter()
    chunk = 1000
    for offset in range(0, count, chunk):
        with transaction.atomic():
            index.add_items(SearchDocument, documents[offset : offset + chunk])
    if hasattr(index, "refresh"):
        index.refresh()
    if hasattr(backend, "force_merge"):
        backend.force_merge(index.name)  # as update_index does before it swaps the new index in
    indexing = time.perf_counter() - start

    client = Client(HTTP_HOST="127.0.0.1")

    # Reference: the cheapest request through the same stack (a Django view answering a constant),
    # and a bare round trip to the backend's store.
    def floor():
        t = time.perf_counter()
        if hasattr(backend, "es"):
            backend.es.count(index=index.name)
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        return time.perf_counter() - t

    # Where the time goes: the engine's own "took", the round trip to it, and the rest (the view).
    engine_calls = []
    if hasattr(backend, "msearch_raw"):
        msearch_raw = type(backend).msearch_raw

        def timed_msearch_raw(self, index, searches, timeout):
            t = time.perf_counter()
            responses = msearch_raw(self, index, searches, timeout)
            # The searches of one request run side by side on the node.
            took = max(response.get("took", 0) for response in responses) / 1000
            engine_calls.append((time.perf_counter() - t, took))
            return responses

        type(backend).msearch_raw = timed_msearch_raw

    timings = {kind: [] for kind, _, _ in QUERIES}
    parts = {kind: [] for kind, _, _ in QUERIES}
    failures = []
    # The process's own first request (URLconf, connections) is no search's; then each query's
    # first request is timed apart: nothing of it is in the engine's caches yet.
    client.get("/api/search", {"q": "khoi dong"})
    warm_up(client)
    first = []
    for kind, url, params in QUERIES:
        t = time.perf_counter()
        response = client.get(url, params)
        first.append(time.perf_counter() - t)
        if response.status_code != 200:
            failures.append((url, params, response.status_code))
        for _ in range(repeat):
            engine_calls.clear()
            t = time.perf_counter()
            response = client.get(url, params)
            elapsed = time.perf_counter() - t
            timings[kind].append(elapsed)
            parts[kind].append(
                (elapsed, sum(wall for wall, _ in engine_calls), sum(took for _, took in engine_calls))
            )
    floors = [floor() for _ in range(50)]
    every = [t for values in timings.values() for t in values]
    found = client.get("/api/search", {"q": "my son"}).json()
    print(
        json.dumps(
            {
                "count": count,
                "generated_s": generated,
                "indexing_s": indexing,
                "per_second": count / indexing,
                "p50_ms": statistics.median(every) * 1000,
                "p95_ms": percentile(every, 0.95) * 1000,
                "first_p50_ms": statistics.median(first) * 1000,
                "first_p95_ms": percentile(first, 0.95) * 1000,
                "by_kind": {
                    k: (statistics.median(v) * 1000, percentile(v, 0.95) * 1000) for k, v in timings.items()
                },
                "floor_ms": statistics.median(floors) * 1000,
                # per kind, medians in ms: whole request, engine round trips, engine's own "took"
                "parts": {
                    k: [statistics.median(p[i] for p in v) * 1000 for i in range(3)] for k, v in parts.items()
                },
                "my_son_first": found["results"][0]["title"] if found["results"] else None,
                "my_son_total": found["total"],
                "failures": failures,
                "degraded": found["degraded"],
            }
        )
    )
    if os.environ.get("SEARCH_URL"):
        backend.es.indices.delete(
            index=f"{index.name.rsplit('_heritage_search', 1)[0]}_*", ignore_unavailable=True
        )


main()
