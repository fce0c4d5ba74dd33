"""Pack manifests (/offline/<identifier>.json): what a pack holds and what it never holds."""

import hashlib
from decimal import Decimal

import pytest
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from catalogue.models import RecordImage
from iiif import storage
from images.ingest import ingest_file
from offline import resources
from tests import factories
from tests.iiif import samples
from tests.visitors.conftest import narration
from visitors.models import StopText, Tour, TourStop, TourText

pytestmark = pytest.mark.django_db


def tiled(tmp_path, name, seed, size=(640, 480), collection=None):
    path = samples.write(samples.noise(*size, seed=seed), tmp_path / name)
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = ingest_file(path, collection=collection)
    assert result.status == "accepted", result.message
    result.image.refresh_from_db()
    return result.image


@pytest.fixture
def my_son(places, visiting, indexes, tmp_path):
    """Mỹ Sơn with a phone photo and a private scan; a tour whose second stop is a record behind a
    login, a draft tour at the same site."""
    site = places["my_son"]
    photo = tiled(tmp_path, "towers.jpg", 1, size=(4000, 3000))
    private = Collection.get_first_root_node().add_child(name="Ảnh nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    scan = tiled(tmp_path, "noi-bo.jpg", 2, collection=private)
    site.record_images = [
        RecordImage(image=photo, caption="Nhóm tháp"),
        RecordImage(image=scan, caption="Nội bộ"),
    ]
    site.save_revision().publish()

    locked = factories.artefact(indexes, title="Tượng khóa", slug="khoa", identifier="QN-HV-0031")
    locked_image = tiled(tmp_path, "khoa.jpg", 3)
    locked.record_images = [RecordImage(image=locked_image, caption="Khóa")]
    locked.save_revision().publish()
    PageViewRestriction.objects.create(page=locked, restriction_type=PageViewRestriction.LOGIN)

    tour = Tour.objects.create(identifier="QN-LT-0002", slug="my-son-walk", site=site, published=True)
    TourText.objects.create(tour=tour, language="vi", title="Dạo Mỹ Sơn")
    TourText.objects.create(tour=tour, language="en", title="My Son walk")
    TourText.objects.create(tour=tour, language="ko", title="미선 산책", machine_translated=True)
    first = TourStop.objects.create(tour=tour, number=1, record=site)
    second = TourStop.objects.create(tour=tour, number=2, record=locked)
    third = TourStop.objects.create(
        tour=tour, number=3, latitude=Decimal("15.764"), longitude=Decimal("108.124")
    )
    for stop, vi, en in [
        (first, "Cổng", "Gate"),
        (second, "Tượng", "Statue"),
        (third, "Nhóm tháp G", "Group G"),
    ]:
        StopText.objects.create(stop=stop, language="vi", title=vi, text=f"{vi}.")
        StopText.objects.create(
            stop=stop,
            language="en",
            title=en,
            text=f"{en}.",
            audio=narration(f"{stop.identifier}-en", en, "en"),
        )
    draft = Tour.objects.create(identifier="QN-LT-0009", slug="nhap", site=site, published=False)
    TourText.objects.create(tour=draft, language="vi", title="Bản nháp")
    return {
        "site": site,
        "photo": photo,
        "scan": scan,
        "locked": locked,
        "locked_image": locked_image,
        "tour": tour,
    }


@pytest.fixture
def fixed_clock(monkeypatch):
    """Site pages show the local time and whether the site is open now: a pack's site page changes
    with the clock. Hold it still where a test compares two renderings."""
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)


def manifest(client, identifier, language):
    response = client.get(f"/offline/{identifier}.json?lang={language}")
    assert response.status_code == 200, response.content
    return response.json()


def test_site_pack_lists_its_pages_media_and_map_with_sizes_and_hashes(client, my_son, fixed_clock):
    pack = manifest(client, "QN-DT-0002", "en")
    urls = {r["url"]: r for r in pack["resources"]}
    assert pack["kind"] == "site" and pack["language"] == "en"
    assert pack["bytes"] == sum(r["bytes"] for r in pack["resources"]) and pack["count"] == len(urls)
    for url in ("/en/tours/my-son-walk/", "/en/tours/my-son-walk/1/", "/en/tours/my-son-walk/3/", "/en/map/"):
        assert url in urls
    site = my_son["site"]
    lat, lon = float(site.latitude), float(site.longitude)
    geojson = next(u for u in urls if u.startswith("/api/sites.geojson?lang=en&bbox="))
    west, south, east, north = map(float, geojson.split("bbox=")[1].split(","))
    assert west < lon < east and south < lat < north and east - west < 0.5, (
        "the pack's area, not the province"
    )
    assert any(u.startswith("/api/sites/zones.geojson?lang=en&bbox=") for u in urls)
    assert any(u.startswith("/documents/") and u.endswith("-en.ogg") for u in urls), "narration"
    assert any(u.startswith("/static/relic_map/vendor/leaflet") for u in urls)
    photo = my_son["photo"].iiif_identifier
    assert f"/iiif/3/{photo}/info.json" in urls
    assert f"/iiif/3/{photo}/full/480,/0/default.jpg" in urls
    # Every page is listed with the bytes an anonymous visitor gets.
    for url in ("/en/tours/my-son-walk/2/", "/en/tours/my-son-walk/"):
        body = client.get(url).content
        assert urls[url]["bytes"] == len(body) and urls[url]["hash"] == hashlib.sha256(body).hexdigest()
    # Searchable records carry the server's folding.
    stop = next(r for r in pack["records"] if r["identifier"] == "QN-LT-0002-03")
    assert stop["words"].split() == ["3", "group", "g"]


def test_no_private_image_restricted_record_or_draft_tour_is_ever_in_a_pack(client, my_son):
    for language in ("vi", "en", "ko"):
        text = client.get(f"/offline/QN-DT-0002.json?lang={language}").content.decode()
        for withheld in (my_son["scan"], my_son["locked_image"]):
            assert withheld.iiif_identifier not in text
        assert my_son["locked"].url not in text and "Tượng khóa" not in text
        assert "/nhap/" not in text and "Bản nháp" not in text
    assert client.get("/offline/QN-LT-0009.json").status_code == 404
    assert client.get("/offline/QN-HV-0008.json").status_code == 404, "an artefact has no pack"
    assert client.get("/offline/QN-DT-9999.json").status_code == 404
    assert client.get("/offline/nonsense.json").status_code == 404


def test_packs_follow_the_readers_language(client, my_son):
    vi = manifest(client, "QN-LT-0002", "vi")
    ko = manifest(client, "QN-LT-0002", "ko")
    assert vi["kind"] == "tour" and vi["title"] == "Dạo Mỹ Sơn" and ko["title"] == "미선 산책"
    ko_urls = {r["url"] for r in ko["resources"]}
    assert "/ko/tours/my-son-walk/1/" in ko_urls and "/vi/lo-trinh/my-son-walk/1/" not in ko_urls
    assert "/vi/lo-trinh/my-son-walk/1/" in {r["url"] for r in vi["resources"]}
    # Korean readers hear the English narration (none in Korean), as the stop page plays it.
    assert any(u.endswith("-en.ogg") for u in ko_urls)
    assert ko["version"] != vi["version"]
    # Accept-Language picks the language when none is asked for.
    response = client.get("/offline/QN-LT-0002.json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["language"] == "en"


def test_deep_zoom_stops_at_a_phone_level_and_every_tile_is_a_pyramid_file(client, my_son):
    photo = my_son["photo"]
    pack = manifest(client, "QN-DT-0002", "vi")
    tiles = [r["url"] for r in pack["resources"] if r["type"] == "tile"]
    info = client.get(f"/iiif/3/{photo.iiif_identifier}/info.json").json()
    expected = resources.tile_urls(info)
    assert sorted(tiles) == sorted(url for url, _file in expected)
    # 4000×3000: levels 500×375 (one tile), 1000×750 (2×2) and 2000×1500 (4×3); not the full size.
    assert len(expected) == 1 + 4 + 12
    assert f"/iiif/3/{photo.iiif_identifier}/2048,2048,1952,952/488,238/0/default.jpg" in tiles
    folder = storage.pyramid_dir(photo.iiif_identifier)
    assert all((folder / file).is_file() for _url, file in expected)
    for url in tiles[:3]:
        response = client.get(url)
        assert response.status_code == 200


def test_version_changes_only_with_content(client, my_son, fixed_clock):
    first = manifest(client, "QN-LT-0002", "en")
    assert manifest(client, "QN-LT-0002", "en")["version"] == first["version"]
    text = StopText.objects.get(stop__number=3, language="en", stop__tour=my_son["tour"])
    text.text = "Group G, restored in 2013-2017."
    text.save()
    second = manifest(client, "QN-LT-0002", "en")
    changed = {r["url"] for r in second["resources"]} ^ {r["url"] for r in first["resources"]}
    changed |= {
        r["url"]
        for r in second["resources"]
        if r["hash"] != next((o["hash"] for o in first["resources"] if o["url"] == r["url"]), None)
    }
    assert second["version"] != first["version"] and changed == {"/en/tours/my-son-walk/3/"}


def test_a_pack_is_built_once_per_interval_and_shared(client, my_son, settings):
    """Building a pack renders all its pages; phones asking for it again share one build."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.OFFLINE_PACK_CACHE_SECONDS = 60
    cache.clear()
    with CaptureQueriesContext(connection) as building:
        first = manifest(client, "QN-LT-0002", "en")
    with CaptureQueriesContext(connection) as sharing:
        again = manifest(client, "QN-LT-0002", "en")
    assert again == first
    assert len(building) > 50 and len(sharing) < 5, (len(building), len(sharing))
    assert manifest(client, "QN-LT-0002", "vi")["language"] == "vi"  # each language its own
    # A change shows once the interval is over (here: the cache emptied), not before.
    text = StopText.objects.get(stop__number=3, language="en", stop__tour=my_son["tour"])
    text.text = "Group G, restored in 2013-2017."
    text.save()
    assert manifest(client, "QN-LT-0002", "en")["version"] == first["version"]
    cache.clear()
    assert manifest(client, "QN-LT-0002", "en")["version"] != first["version"]
    assert client.get("/offline/QN-DT-9999.json").status_code == 404
    assert client.get("/offline/QN-DT-9999.json").status_code == 404  # and again, from the cache


def test_service_worker_is_served_at_the_root_for_every_language(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/" and "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert body.startswith("self.HERITAGE_OFFLINE=")
    for fallback in ('"vi": "/vi/ngoai-tuyen/"', '"en": "/en/offline/"', '"fr": "/fr/hors-ligne/"'):
        assert fallback in body
    assert "Content-Security-Policy" in response


def test_download_control_on_sites_and_tours_only(client, my_son, places):
    site_html = client.get(my_son["site"].url).content.decode()
    assert 'data-offline-pack="QN-DT-0002"' in site_html and "Tải về để dùng khi không có mạng" in site_html
    tour_html = client.get("/en/tours/my-son-walk/").content.decode()
    assert 'data-offline-pack="QN-LT-0002"' in tour_html and "Download for offline use" in tour_html
    assert (
        "Télécharger pour une utilisation hors ligne"
        in client.get("/fr/parcours/my-son-walk/").content.decode()
    )
    assert "data-offline-pack" not in client.get(places["shiva"].url).content.decode()
    # Every page registers the service worker (after load) and links the offline page.
    home = client.get("/vi/khong-co/").content.decode()
    assert "offline/register.js" in home and 'href="/vi/ngoai-tuyen/"' in home


def test_map_data_is_the_area_with_sensitive_sites_generalised(client, my_son, indexes):
    hidden = factories.site(
        indexes,
        title="Mộ táng Sa Huỳnh gần Mỹ Sơn",
        slug="mo-tang",
        identifier="QN-DT-0040",
        latitude=Decimal("15.771234"),
        longitude=Decimal("108.119876"),
        sensitive=True,
    )
    pack = manifest(client, "QN-DT-0002", "vi")
    map_data = [r["url"] for r in pack["resources"] if r["url"].startswith("/api/")]
    assert len(map_data) == 2
    bodies = [client.get(url).content.decode() for url in map_data]
    assert hidden.identifier in bodies[0] or hidden.identifier in bodies[1], "the nearby site is on the map"
    for body in bodies:
        assert "15.771234" not in body and "108.119876" not in body, "never the true point"
    zones = next(b for u, b in zip(map_data, bodies, strict=True) if "zones" in u)
    assert hidden.identifier not in zones, "no outline of a sensitive site"
