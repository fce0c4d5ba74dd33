"""The IIIF Image API over HTTP: tiles from the pyramid, dynamic requests, errors, safety, validator."""

import subprocess

import pytest
import pyvips
from django.test import TestCase

from images.ingest import ingest_file
from images.models import HeritageImage
from tests.factories import show_publicly

from . import samples
from .validator_support import VALIDATOR_IDENTIFIER, make_validator_image, validator_command

pytestmark = pytest.mark.django_db


def tiled_image(tmp_path, image, name="scan.png", identifier=None):
    path = samples.write(image, tmp_path / name)
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = ingest_file(path, identifier=identifier)
    assert result.status == "accepted", result.message
    show_publicly(result.image)
    return HeritageImage.objects.get(pk=result.image.pk)


@pytest.fixture
def scan(tmp_path):
    return tiled_image(tmp_path, samples.noise(1300, 700), identifier="scan-1")


def decode(response):
    return pyvips.Image.new_from_buffer(
        b"".join(response.streaming_content) if response.streaming else response.content, ""
    )


def test_info_json(client, scan, settings):
    response = client.get("/iiif/3/scan-1/info.json", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 'rel="profile"' in response["Link"]
    info = response.json()
    assert info["id"] == f"{settings.PUBLIC_BASE_URL}/iiif/3/scan-1"
    assert info["maxArea"] == settings.IIIF_MAX_AREA and info["maxWidth"] == settings.IIIF_MAX_WIDTH
    assert info["sizes"][0] == {"width": 325, "height": 175}
    settings.PUBLIC_BASE_URL = "https://heritage.example.org"
    assert client.get("/iiif/3/scan-1/info.json").json()["id"] == "https://heritage.example.org/iiif/3/scan-1"
    assert client.get("/iiif/3/scan-1/info.json")["Content-Type"] == "application/json"


def test_base_uri_redirects_to_info(client, scan):
    response = client.get("/iiif/3/scan-1")
    assert response.status_code == 303 and response["Location"] == "/iiif/3/scan-1/info.json"


def test_tile_is_served_from_the_pyramid_with_caching_headers(client, scan):
    response = client.get("/iiif/3/scan-1/512,0,512,512/512,512/0/default.jpg")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response.streaming, "tiles are streamed from the pyramid file, not re-encoded"
    assert "max-age=604800" in response["Cache-Control"] and response["Access-Control-Allow-Origin"] == "*"
    assert decode(response).width == 512
    again = client.get(
        "/iiif/3/scan-1/512,0,512,512/512,512/0/default.jpg", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "size", "bands"),
    [
        ("full/max/0/default.jpg", (1300, 700), 3),
        ("full/max/0/color.png", (1300, 700), 3),
        ("full/650,/0/default.webp", (650, 350), 3),
        ("square/100,100/0/default.jpg", (100, 100), 3),
        ("pct:10,10,50,50/max/0/default.jpg", (650, 350), 3),
        ("100,100,300,200/!150,150/0/default.jpg", (150, 100), 3),
        ("full/,70/90/default.jpg", (70, 130), 3),
        ("full/130,/!180/gray.png", (130, 70), 1),
        ("full/130,/0/bitonal.png", (130, 70), 1),
        ("full/^2600,/0/default.jpg", (2600, 1400), 3),
        ("1200,600,500,500/max/0/default.jpg", (100, 100), 3),
    ],
)
def test_dynamic_requests_produce_the_requested_image(client, scan, path, size, bands):
    response = client.get(f"/iiif/3/scan-1/{path}")
    assert response.status_code == 200, response.content
    image = decode(response)
    assert (image.width, image.height) == size and image.bands == bands
    assert 'rel="canonical"' in response["Link"]


def test_mirroring_and_rotation_move_pixels_as_specified(client, tmp_path):
    left_red = samples.solid(200, 100, (255, 0, 0)).insert(samples.solid(100, 100, (0, 0, 255)), 100, 0)
    tiled_image(tmp_path, left_red, identifier="halves")
    mirrored = decode(client.get("/iiif/3/halves/full/max/!0/default.png"))
    assert mirrored(10, 50)[2] > 200 and mirrored(190, 50)[0] > 200
    turned = decode(client.get("/iiif/3/halves/full/max/90/default.png"))
    assert (turned.width, turned.height) == (100, 200)
    assert turned(50, 10)[0] > 200 and turned(50, 190)[2] > 200  # clockwise: left half goes to the top


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("full/max/0/default.tif", 501),
        ("full/max/0/default.gif", 501),
        ("full/max/0/fancy.jpg", 400),
        ("full/0,/0/default.jpg", 400),
        ("full/2000,/0/default.jpg", 400),
        ("2000,2000,10,10/max/0/default.jpg", 400),
        ("full/max/361/default.jpg", 400),
        ("-1,0,10,10/max/0/default.jpg", 400),
        ("full/full/0/default.jpg", 400),
        ("full/^10000,/0/default.jpg", 400),
    ],
)
def test_bad_requests_get_the_spec_status(client, scan, path, status):
    response = client.get(f"/iiif/3/scan-1/{path}")
    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"


def test_no_request_produces_more_than_max_area(client, tmp_path, settings):
    big = tiled_image(tmp_path, samples.noise(3000, 2000), identifier="big")
    settings.IIIF_MAX_AREA = 1_000_000
    from iiif.tiling import tile_image

    tile_image(big.pk)  # the limit is published in info.json
    assert client.get("/iiif/3/big/info.json").json()["maxArea"] == 1_000_000
    image = decode(client.get("/iiif/3/big/full/max/0/default.jpg"))
    assert image.width * image.height <= 1_000_000
    assert client.get("/iiif/3/big/full/2000,/0/default.jpg").status_code == 400


@pytest.mark.parametrize(
    "identifier",
    [
        "..",
        "..%2F..%2Fetc",
        "%2Fetc%2Fpasswd",
        "scan-1%00",
        "%00",
        ".staging",
        "..%2Fscan-1",
        "a%5Cb",
        "scan-1%2F..%2F..",
    ],
)
def test_identifiers_cannot_reach_outside_the_store(client, scan, identifier):
    for suffix in ("/info.json", "/full/max/0/default.jpg", ""):
        response = client.get(f"/iiif/3/{identifier}{suffix}")
        assert response.status_code == 404, (identifier, suffix)


def test_unknown_and_not_yet_tiled_images_are_404(client, tmp_path):
    path = samples.write(samples.noise(300, 200), tmp_path / "pending.jpg")
    pending = ingest_file(path, identifier="pending").image  # accepted: its pyramid is staged
    from iiif import storage

    storage.discard(storage.pyramid_dir("pending"))  # as if it were still to be tiled
    show_publicly(pending)
    assert client.get("/iiif/3/pending/info.json").status_code == 404
    assert client.get("/iiif/3/nobody/full/max/0/default.jpg").status_code == 404
    assert client.get("/iiif/3/a/b/full/max/0/default.jpg").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_official_iiif_validator_passes_at_level_2(live_server, tmp_path, settings):
    settings.PUBLIC_BASE_URL = live_server.url.replace("127.0.0.1", "localhost")
    from tests.factories import ensure_site_tree

    ensure_site_tree()  # a transactional test before this one may have flushed the migrations' data
    master = make_validator_image(tmp_path / "validator.png")
    result = ingest_file(master, identifier=VALIDATOR_IDENTIFIER)
    assert result.status == "accepted", result.message
    from iiif.tiling import tile_image

    assert tile_image(result.image.pk) == "ready"
    show_publicly(result.image)
    port = int(live_server.url.rsplit(":", 1)[1])
    run = subprocess.run(validator_command("localhost", port), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-6000:]
