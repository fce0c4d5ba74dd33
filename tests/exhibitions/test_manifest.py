"""The exhibition as an IIIF Presentation 3 manifest: a canvas per distinct public image, a range per
chapter whose items are the steps' regions, the steps' words as commenting annotations."""

import json
import re
from urllib.parse import parse_qs

import pytest

from iiif import content_state
from tests.iiif.test_presentation import VALIDATOR

pytestmark = pytest.mark.django_db

BASE = "http://testserver/iiif/exhibition/vi/dieu-khac-cham"


def test_manifest_has_a_canvas_per_image_and_a_range_per_chapter(client, exhibit):
    response = client.get("/iiif/exhibition/vi/dieu-khac-cham.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    manifest = json.loads(response.content)
    errors = sorted(VALIDATOR.iter_errors(manifest), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:3]]
    assert manifest["id"] == f"{BASE}.json"
    assert manifest["label"] == {"vi": ["Điêu khắc Chăm"]}
    canvases = [canvas["id"] for canvas in manifest["items"]]
    assert canvases == [f"{BASE}/canvas/ex-photo", f"{BASE}/canvas/ex-scan"]  # each image once, in order
    photo = manifest["items"][0]
    assert (photo["width"], photo["height"]) == (4000, 3000)
    body = photo["items"][0]["items"][0]["body"]
    assert body["service"][0]["id"] == "http://testserver/iiif/3/ex-photo"
    ranges = manifest["structures"]
    assert [r["label"] for r in ranges] == [{"vi": ["Vũ nữ Apsara"]}, {"vi": ["Văn bản"]}]
    assert [item["id"] for item in ranges[0]["items"]] == [
        f"{BASE}/canvas/ex-photo",
        f"{BASE}/canvas/ex-photo#xywh=200,300,1200,900",
        f"{BASE}/canvas/ex-photo#xywh=2600,1900,1200,1000",
    ]
    assert ranges[1]["items"] == [{"id": f"{BASE}/canvas/ex-scan#xywh=400,800,1000,700", "type": "Canvas"}]
    comments = photo["annotations"][0]["items"]
    assert [c["target"] for c in comments][1] == f"{BASE}/canvas/ex-photo#xywh=200,300,1200,900"
    assert comments[1]["body"]["value"] == "Bước hai: góc trái." and comments[1]["motivation"] == "commenting"


def test_every_content_state_on_the_page_points_into_the_manifest(client, exhibit):
    manifest = json.loads(client.get("/iiif/exhibition/vi/dieu-khac-cham.json").content)
    canvases = {canvas["id"]: canvas for canvas in manifest["items"]}
    text = client.get("/vi/trien-lam/dieu-khac-cham/").text
    for link in re.findall(r'href="/iiif/viewer/\?([^"]+)" class="step-mirador"', text):
        encoded = parse_qs(link.replace("&amp;", "&"))["iiif-content"][0]
        manifest_url, canvas_id, xywh = content_state.parse(content_state.decode(encoded))
        assert manifest_url == manifest["id"]
        canvas = canvases[canvas_id]
        if xywh:
            x, y, w, h = xywh
            assert x + w <= canvas["width"] and y + h <= canvas["height"]


def test_no_image_the_iiif_layer_refuses_is_ever_in_a_manifest(client, exhibit):
    """Sweep: every image a manifest paints is one the Image API serves to an anonymous visitor."""
    from wagtail.models import PageViewRestriction

    from images.models import HeritageImage

    restricted = exhibit["record"]
    manifest = json.loads(client.get("/iiif/exhibition/vi/dieu-khac-cham.json").content)
    services = [c["items"][0]["items"][0]["body"]["service"][0]["id"] for c in manifest["items"]]
    for service in services:
        assert client.get(service.removeprefix("http://testserver") + "/info.json").status_code == 200
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    assert client.get("/iiif/exhibition/vi/dieu-khac-cham.json").status_code == 404
    assert client.get("/iiif/3/ex-photo/info.json").status_code == 401
    assert HeritageImage.objects.filter(iiif_identifier="ex-photo").exists()


def test_content_state_round_trip_and_refusals():
    state = content_state.canvas_region("https://x.org/m.json", "https://x.org/c/1", (1, 2, 3, 4))
    encoded = content_state.encode(state)
    assert "=" not in encoded
    assert content_state.parse(content_state.decode(encoded)) == (
        "https://x.org/m.json",
        "https://x.org/c/1",
        (1, 2, 3, 4),
    )
    annotation = {
        "type": "Annotation",
        "motivation": ["contentState"],
        "target": {
            "type": "SpecificResource",
            "source": {
                "id": "https://x.org/c/1",
                "type": "Canvas",
                "partOf": [{"id": "https://x.org/m.json", "type": "Manifest"}],
            },
            "selector": {"type": "FragmentSelector", "value": "xywh=5,6,7,8"},
        },
    }
    assert content_state.parse(annotation) == ("https://x.org/m.json", "https://x.org/c/1", (5, 6, 7, 8))
    assert (
        content_state.parse({"id": "https://x.org/m.json", "type": "Manifest"})[0] == "https://x.org/m.json"
    )
    for bad in ("", "%%%", content_state.encode([1, 2]), content_state.encode({"id": "c", "type": "Canvas"})):
        with pytest.raises(content_state.ContentStateError):
            content_state.parse(content_state.decode(bad))
