"""A sensitive site's true place never leaves the archive: every public response is gathered
(pages, map, GeoJSON, JSON-LD, navPlace, search, sitemap, images and what they link to) and
searched for its exact coordinates to three decimals; staff allowed to edit sites see them."""

import json
import mimetypes
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import pyvips
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from PIL import Image

from catalogue.models import RecordImage
from catalogue.models.geo import generalised_point
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples

pytestmark = pytest.mark.django_db

LATITUDE, LONGITUDE = Decimal("15.813712"), Decimal("108.271946")
# To three decimals, rounded or cut, with a point or a Vietnamese decimal comma.
FORBIDDEN = {"15.813", "15.814", "108.271", "108.272", "15,813", "15,814", "108,271", "108,272"}
IDENTIFIER = "QN-DT-0777"


def gps_photo(path):
    """A real photograph as a phone saves it: the exact place in its EXIF GPS block."""
    noise = samples.noise(1200, 800, seed=77)
    image = Image.frombytes("RGB", (noise.width, noise.height), noise.write_to_memory())
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (15.0, 48.0, 49.36), 3: "E", 4: (108.0, 16.0, 19.01)}
    image.save(path, "JPEG", exif=exif.tobytes(), quality=90)
    return path


def is_raster(content_type):
    """Images decoded for their metadata; SVG (a QR label, say) is XML, searched as text."""
    return content_type.startswith("image/") and not content_type.startswith("image/svg+xml")


def gps_fields(body):
    return [name for name in pyvips.Image.new_from_buffer(body, "").get_fields() if "GPS" in name]


@pytest.fixture
def sensitive_site(indexes, en, tmp_path):
    square = [[108.27, 15.81], [108.274, 15.81], [108.274, 15.816], [108.27, 15.81]]
    page = factories.site(
        indexes,
        title="Khu mộ táng Sa Huỳnh chưa khai quật",
        slug="mo-tang-sa-huynh",
        identifier=IDENTIFIER,
        category="archaeological",
        ranking="provincial",
        sensitive=True,
        latitude=LATITUDE,
        longitude=LONGITUDE,
        boundary={"type": "Polygon", "coordinates": [square]},
        protection_zone_1={"type": "Polygon", "coordinates": [square]},
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(gps_photo(tmp_path / "hố-khai-quật.jpg"), identifier="sa-huynh-pit").image
    image.refresh_from_db()
    assert image.tiling_status == "ready"
    with open(image.file.path, "rb") as original:
        assert gps_fields(original.read()), "the master keeps its GPS (originals are never altered)"
    page.record_images = [RecordImage(image=image, caption="Hố thám sát")]
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()
        factories.translate(page, en, prefix="EN ")
        jar = factories.artefact(indexes, title="Mộ chum Sa Huỳnh", slug="mo-chum", findspot=page)
        path = samples.write(samples.noise(700, 500, seed=78), tmp_path / "chum.png")
        jar.record_images = [RecordImage(image=ingest_file(path, identifier="sa-huynh-jar").image)]
        jar.save_revision().publish()
    return page


def _links(body, content_type):
    """Same-origin URLs a response points at: href/src/srcset in HTML, URL strings in JSON."""
    text = body.decode("utf-8", "replace")
    if "html" in content_type:
        urls = re.findall(r'(?:href|src)="([^"]+)"', text)
        for srcset in re.findall(r'srcset="([^"]+)"', text):
            # Candidates are separated by a comma and a space; IIIF sizes hold bare commas.
            urls += [part.strip().split(" ")[0] for part in re.split(r",\s+", srcset)]
    else:
        urls = re.findall(r'"(https?://[^"]+|/[^"\s]+)"', text)
    paths = set()
    for url in urls:
        parts = urlsplit(url.replace("&amp;", "&"))
        same_origin = parts.netloc in ("", "127.0.0.1:8000", "localhost", "testserver")
        if same_origin and parts.path.startswith("/") and not parts.path.startswith(("/static/", "/admin/")):
            paths.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def fetch(client, url):
    """(content type, body) as a visitor gets it; media files as the web server serves them."""
    if url.startswith(settings.MEDIA_URL):
        path = Path(settings.MEDIA_ROOT) / unquote(url.removeprefix(settings.MEDIA_URL))
        if not path.is_file():
            return None
        return mimetypes.guess_type(path.name)[0] or "application/octet-stream", path.read_bytes()
    response = client.get(url, follow=True)
    if response.status_code != 200:
        return None
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response["Content-Type"], body


def gather(client, start, limit=400):
    """Every response reachable from ``start`` by same-origin links, two steps deep."""
    seen, responses, frontier = set(), {}, list(start)
    for _depth in range(3):
        next_frontier = []
        for url in frontier:
            if url in seen or len(seen) >= limit:
                continue
            seen.add(url)
            if (fetched := fetch(client, url)) is None:
                continue
            responses[url] = content_type, body = fetched
            if content_type.startswith(("text/html", "application/")):
                next_frontier += sorted(_links(body, content_type))
        frontier = next_frontier
    return responses


def start_urls(site, en):
    return [
        f"/id/{IDENTIFIER}",
        f"/id/{IDENTIFIER}?lang=en",
        site.url,
        site.get_translation(en).url,
        "/vi/ban-do/",
        "/en/map/",
        f"/vi/ban-do/?site={IDENTIFIER}",
        "/api/sites.geojson",
        "/api/sites.geojson?lang=en&category=archaeological",
        "/api/sites/zones.geojson?bbox=107,14,109,17",
        # The offline pack of the sensitive site: its pages, map data and area are generalised too.
        f"/offline/{IDENTIFIER}.json",
        f"/offline/{IDENTIFIER}.json?lang=en",
        f"/iiif/manifest/{IDENTIFIER}.json",
        "/iiif/collection/top.json",
        "/api/search?q=sa+huynh",
        "/api/search?q=sa+huynh&lang=en",
        "/api/search?q=&near=15.81,108.27&km=20&sort=distance",
        "/api/search/suggest?q=mo+tang",
        "/vi/tim-kiem/?q=sa+huynh",
        "/sitemap.xml",
        "/vi/hien-vat/mo-chum/",
    ]


def test_no_public_response_reveals_the_exact_place(client, sensitive_site, en):
    responses = gather(client, start_urls(sensitive_site, en))
    kinds = {content_type.split(";")[0] for content_type, _body in responses.values()}
    assert {"text/html", "application/geo+json", "application/json", "image/jpeg", "image/webp"} <= kinds
    assert any("/iiif/3/sa-huynh-pit/" in url for url in responses), "the images were followed"
    assert any(url.startswith("/iiif/manifest/QN-HV-") for url in responses), "the artefact found there too"
    assert len(responses) > 25
    for url, (content_type, body) in responses.items():
        if is_raster(content_type):
            assert not gps_fields(body), f"{url} carries GPS metadata"
        else:
            text = body.decode("utf-8", "replace")
            leaked = sorted(value for value in FORBIDDEN if value in text)
            assert not leaked, f"{url} shows {leaked}"


def test_the_public_place_is_the_generalised_one_everywhere(client, sensitive_site):
    latitude, longitude = generalised_point(LATITUDE, LONGITUDE, IDENTIFIER)
    feature = next(
        f for f in json.loads(client.get("/api/sites.geojson").content)["features"] if f["id"] == IDENTIFIER
    )
    assert feature["geometry"]["coordinates"] == [longitude, latitude]
    assert feature["properties"]["generalised"] is True
    manifest = json.loads(client.get(f"/iiif/manifest/{IDENTIFIER}.json").content)
    assert manifest["navPlace"]["features"][0]["geometry"]["coordinates"] == [longitude, latitude]
    html = client.get(sensitive_site.url).content.decode()
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert ld["geo"] == {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}
    assert f"{latitude:.3f}, {longitude:.3f}" in html and "vị trí chính xác được giữ kín" in html
    zones = json.loads(client.get("/api/sites/zones.geojson?bbox=107,14,109,17").content)
    assert zones["features"] == []


def test_a_translation_published_before_the_flag_was_synced_is_protected_too(client, sensitive_site, en):
    english = sensitive_site.get_translation(en).specific
    english.sensitive = False  # as if translated before the curator flagged the Vietnamese record
    english.save_revision().publish()
    html = client.get(english.url).content.decode()
    geojson = client.get("/api/sites.geojson?lang=en").content.decode()
    manifest = client.get(f"/iiif/manifest/{IDENTIFIER}.json").content.decode()
    for text in (html, geojson, manifest):
        assert not {value for value in FORBIDDEN if value in text}


def test_staff_who_edit_sites_see_the_exact_place_and_nobody_else(client, sensitive_site):
    url = "/admin/relic-map/sites.geojson"

    def refused(path):
        response = client.get(path)
        # Wagtail's admin turns a refusal into a redirect with a message.
        return response.status_code in (302, 403) and not FORBIDDEN & set(response.content.decode().split())

    assert refused(url) and refused("/admin/relic-map/")
    reader = get_user_model().objects.create_user("reader", password="pw")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    assert client.get("/admin/").status_code == 200
    assert refused(url) and refused("/admin/relic-map/")

    editors = Group.objects.create(name="site editors")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="change_sitepage")
    )
    curator = get_user_model().objects.create_user("curator", password="pw")
    curator.groups.add(editors)
    client.force_login(curator)
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    feature = next(f for f in json.loads(response.content)["features"] if f["id"] == IDENTIFIER)
    assert feature["geometry"]["coordinates"] == [108.27195, 15.81371]
    assert feature["properties"]["sensitive"] is True and feature["properties"]["generalised"] is False
    page = client.get("/admin/relic-map/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Do not share" in page.content.decode() or "Không chia sẻ" in page.content.decode()


def test_curators_of_the_demo_roles_see_exact_places_and_use_the_archive(client, sensitive_site):
    from catalogue.roles import CURATORS, ensure_roles_and_workflow

    with TestCase.captureOnCommitCallbacks(execute=True):
        ensure_roles_and_workflow()  # creating the groups queues the archive's share of permissions
    curator = get_user_model().objects.create_user("bien-tap", password="pw")
    curator.groups.add(Group.objects.get(name=CURATORS))
    client.force_login(curator)
    response = client.get("/admin/relic-map/sites.geojson")
    assert response.status_code == 200
    assert curator.has_perm("restoration.change_documentationevent")
    assert client.get("/admin/restoration/record/QN-DT-0777/").status_code == 200
