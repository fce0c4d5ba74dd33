"""Inside a Django process (settings from the environment), for relic_map_bench.py; not run directly.

_relic_map_driver.py generate N     N published SitePages (about 40 % also in English); JSON line
_relic_map_driver.py measure REPEAT  GeoJSON and map page through the real views; JSON line
"""

import cProfile
import gc
import gzip
import json
import logging
import pstats
import random
import re
import statistics
import sys
import time
import unicodedata
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

# Run from benchmarks/: no script there may shadow an app (relic_map.py once did); drop the folder anyway.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import django  # noqa: E402
import pyvips  # noqa: E402

django.setup()
logging.getLogger("django.request").setLevel(logging.ERROR)  # the 400s of the reference

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from catalogue.models import HomePage, RecordImage, SiteIndexPage, SitePage  # noqa: E402
from catalogue.models.places import FORMER_DISTRICTS  # noqa: E402
from images.models import HeritageImage, TilingStatus  # noqa: E402
from relic_map import features, views  # noqa: E402
from relic_map.params import parse_map_filters  # noqa: E402

KINDS = [
    ("Đình làng", "Communal house of"),
    ("Chùa", "Pagoda of"),
    ("Nhà thờ tộc Trần", "Trần ancestral hall,"),
    ("Nhà thờ tộc Nguyễn", "Nguyễn ancestral hall,"),
    ("Miếu Bà", "Shrine of the Lady,"),
    ("Lăng Ông", "Whale temple of"),
    ("Tháp Chăm", "Cham tower of"),
    ("Giếng Chăm", "Cham well of"),
    ("Phế tích Chăm", "Cham ruins of"),
    ("Nhà cổ", "Old house in"),
    ("Hội quán", "Assembly hall of"),
    ("Di tích khảo cổ", "Archaeological site of"),
    ("Địa điểm chiến thắng", "Victory site of"),
    ("Bia tưởng niệm", "Memorial stele of"),
    ("Văn Thánh", "Temple of Literature of"),
    ("Thành cổ", "Old citadel of"),
]
# Place names of the heritage region, shared by the generators of the benchmarks.
PLACES = (Path(__file__).parent / "place_names.txt").read_text(encoding="utf-8").splitlines()
QUALIFIERS = ["", "", "", " thượng", " hạ", " đông", " tây", " thôn 1", " thôn 2", " cổ"]
RANKINGS = [("world_heritage", 1), ("special_national", 4), ("national", 60), ("provincial", 250)]
PERIODS = ["thế kỷ XVII", "thời Chămpa", "thời Nguyễn", "thời Lê"]
CATEGORIES = ["architectural_artistic", "archaeological", "historical", "scenic"]


def fold(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in text if not unicodedata.combining(c)).lower())


def ranking(rng):
    roll = rng.random() * 1000
    for value, per_mille in RANKINGS:
        if roll < per_mille:
            return value
        roll -= per_mille
    return "inventoried"


def site_index(locale, vi_index=None):
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:  # the English home page: a translation of the Vietnamese one
        home = HomePage.objects.get(locale__language_code="vi").copy_for_translation(locale)
        home.save_revision().publish()
    index = SiteIndexPage(title="Di tích" if vi_index is None else "Sites", slug="di-tich", locale=locale)
    if vi_index is not None:
        index.translation_key = vi_index.translation_key
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def generate(count):
    """``count`` sites published as an editor would (add_child, save_revision().publish())."""
    rng = random.Random(20250701)
    vi, en = Locale.objects.get(language_code="vi"), Locale.objects.get(language_code="en")
    start = time.perf_counter()
    vi_index = site_index(vi)
    en_index = site_index(en, vi_index)
    districts = [key for key, _label in FORMER_DISTRICTS]
    # One real (small) master file shared by every image row: pages that show renditions need it.
    master = Path(settings.MEDIA_ROOT) / "original_images" / "bench.jpg"
    master.parent.mkdir(parents=True, exist_ok=True)
    pyvips.Image.black(600, 400, bands=3).linear([1, 1, 1], [150, 120, 90]).cast("uchar").jpegsave(
        str(master)
    )
    translated = images = 0
    now = timezone.now()
    for first in range(0, count, 250):
        with transaction.atomic():
            for n in range(first, min(count, first + 250)):
                (kind_vi, kind_en), place = rng.choice(KINDS), rng.choice(PLACES)
                title = unicodedata.normalize("NFC", f"{kind_vi} {place}{rng.choice(QUALIFIERS)}")
                fields = {
                    "identifier": f"QN-DT-{n + 1:04d}",
                    "slug": f"{fold(title)}-{n + 1}",
                    "ranking": ranking(rng),
                    "category": rng.choice(CATEGORIES),
                    "former_district": "" if rng.random() < 0.03 else rng.choice(districts),
                    "latitude": Decimal(f"{rng.uniform(14.9, 16.1):.6f}"),
                    "longitude": Decimal(f"{rng.uniform(107.2, 108.8):.6f}"),
                    "sensitive": rng.random() < 0.05,
                    "commune": f"xã {rng.choice(PLACES)}",
                    "summary": f"{title}: di tích {rng.choice(PERIODS)}.",
                }
                pages = [publish(vi_index, SitePage(title=title, locale=vi, **fields))]
                if rng.random() < 0.4:
                    english = SitePage(
                        title=f"{kind_en} {place}",
                        locale=en,
                        translation_key=pages[0].translation_key,
                        **fields,
                    )
                    pages.append(publish(en_index, english))
                    translated += 1
                if rng.random() < 0.7:  # a tiled photograph (rows only: its pyramid is not needed)
                    image = HeritageImage.objects.create(
                        title=title,
                        file="original_images/bench.jpg",
                        width=6000,
                        height=4000,
                        sha256="0" * 64,  # set: save() would otherwise read the (absent) file
                        tiling_status=TilingStatus.READY,
                        tiled_width=6000,
                        tiled_height=4000,
                        tiled_at=now - timedelta(days=1),
                    )
                    for page in pages:
                        RecordImage.objects.create(
                            page=page,
                            image=image,
                            locale=page.locale,
                            translation_key=pages[0].translation_key,
                        )
                    images += 1
    return {
        "sites": count,
        "english": translated,
        "images": images,
        "sensitive": SitePage.objects.filter(sensitive=True, locale=vi).count(),
        "seconds": time.perf_counter() - start,
        "pages": SitePage.objects.live().count(),
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def interleaved(items, repeat):
    """{name: (p50, p95) in ms} of ``repeat`` rounds; each round calls every item once, in turn,
    so that the load of other work on the machine falls on all of them alike. An item is
    (name, function, untimed function run just before it, or None)."""
    values = {name: [] for name, _function, _before in items}
    for _ in range(repeat):
        for name, function, before in items:
            if before:
                before()
            start = time.perf_counter()
            function()
            values[name].append((time.perf_counter() - start) * 1000)
    return {name: (statistics.median(v), percentile(v, 0.95)) for name, v in values.items()}


def without_gc(function):
    def run():
        gc.disable()
        try:
            function()
        finally:
            gc.enable()

    return run


def expect(condition, message):
    if not condition:
        sys.exit(f"relic_map driver: {message}")


def static_file(url):
    """Bytes of a /static/ URL: the collected file (as served), else the app's static dirs."""
    name = url.removeprefix(settings.STATIC_URL).split("?")[0]
    collected = Path(settings.STATIC_ROOT) / name
    found = collected if collected.is_file() else finders.find(name)
    expect(found, f"static file {url} not found")
    return Path(found).read_bytes()


def measure(repeat):
    client = Client(HTTP_HOST="127.0.0.1")
    url, params = "/api/sites.geojson", {"lang": "vi"}
    get = lambda **headers: client.get(url, params, headers=headers)  # noqa: E731
    # The first request of the process pays the URLconf, templates and translations: not a build.
    expect(client.get(url, {"ranking": "x"}).status_code == 400, "unknown ranking not refused")
    start = time.perf_counter()
    response = get()
    first_ms = (time.perf_counter() - start) * 1000
    expect(response.status_code == 200, f"GeoJSON answered {response.status_code}")
    body, etag = response.content, response["ETag"]
    document = json.loads(body)
    feats = document["features"]
    expect(len(feats) == SitePage.objects.filter(locale__language_code="vi").count(), "a site is missing")
    result = {
        "features": len(feats),
        "generalised": sum(f["properties"]["generalised"] for f in feats),
        "thumbnails": sum(bool(f["properties"]["thumbnail"]) for f in feats),
        "english_names": sum("en" in f["properties"]["names"] for f in feats),
        "raw_bytes": len(body),
        "gzip_bytes": len(gzip.compress(body, 6)),
        "cache_control": response["Cache-Control"],
        "content_type": response["Content-Type"],
        "first_ms": first_ms,
    }
    expect(get(If_None_Match=etag).status_code == 304, "If-None-Match did not give 304")
    # References: the same URL refused before any query (stack floor), the bare rows, the dump.
    columns = "pk translation_key title url_path latitude longitude ranking category former_district"
    rows = (
        SitePage.objects.live().public().values_list(*columns.split(), "sensitive", "locale__language_code")
    )
    # Where a cold build goes: each part of it on its own, and a profile of one build.
    filters = parse_map_filters({"lang": ["vi"]}, features.allowed_values(), views.LANGUAGES, "vi")
    groups = features.site_groups()
    pages = [group.page_in("vi") for group in groups]
    versions = [page for group in groups for page in [group.page_in("vi"), *group.pages.values()]]
    build = lambda: features.site_features(filters)  # noqa: E731
    timings = interleaved(
        [
            ("cold", get, cache.clear),
            ("warm", get, None),
            ("conditional", lambda: get(If_None_Match=etag), None),
            ("ref_stack", lambda: client.get(url, {"ranking": "x"}), None),
            ("ref_select", lambda: list(rows.all()), None),
            ("ref_dumps", lambda: views._dump(feats), None),
            ("data_version() (every request)", features.data_version, None),
            ("site_groups(): all language versions", features.site_groups, None),
            ("_thumbnails()", lambda: features._thumbnails([p.pk for p in pages]), None),
            (f"_url() × {len(versions):,} (pages, versions)", lambda: [*map(features._url, versions)], None),
            ("site_features() whole", build, None),
            ("site_features() with the cyclic GC off", without_gc(build), None),
            ("map page /vi/ban-do/ (whole request)", lambda: client.get("/vi/ban-do/"), None),
        ],
        repeat,
    )  # fmt: skip
    for name in ("cold", "warm", "conditional", "ref_stack", "ref_select", "ref_dumps"):
        result[name] = timings.pop(name)
    result["page"] = timings.pop("map page /vi/ban-do/ (whole request)")
    result["parts"] = timings
    profile = cProfile.Profile()
    cache.clear()
    profile.runcall(get)
    stats = pstats.Stats(profile).sort_stats("tottime")
    result["profile"] = [
        (f"{Path(file).name}:{line}({name})", calls, total * 1000, cumulative * 1000)
        for (file, line, name), (_cc, calls, total, cumulative, _callers) in list(stats.stats.items())
        if total > 0
    ]
    result["profile"] = sorted(result["profile"], key=lambda row: -row[2])[:12]
    result["profile_total_ms"] = stats.total_tt * 1000
    # The map page: its HTML, and the scripts and styles it loads.
    page = client.get("/vi/ban-do/")
    expect(page.status_code == 200, f"map page answered {page.status_code}")
    html = page.content
    result["page_raw"], result["page_gzip"] = len(html), len(gzip.compress(html, 6))
    text = html.decode()
    urls = re.findall(r'<script[^>]*\bsrc="(/static/[^"]+)"', text)
    urls += [
        re.search(r'href="([^"]+)"', tag).group(1)
        for tag in re.findall(r"<link\b[^>]*>", text)
        if re.search(r'rel="stylesheet"', tag) and 'href="/static/' in tag
    ]
    result["assets"] = [
        (u, len(data), len(gzip.compress(data, 6))) for u in urls for data in [static_file(u)]
    ]
    result["list_items"] = text.count("<li data-id=")
    return result


if __name__ == "__main__":
    command, number = sys.argv[1], int(sys.argv[2])
    print(json.dumps(generate(number) if command == "generate" else measure(number), default=str))
