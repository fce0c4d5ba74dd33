"""Phone photos: every EXIF orientation at real phone sizes, and an image that fails never breaks a page.

Each photo is a picture with four differently coloured quadrants, stored the way a phone stores it
(the sensor's pixels plus an EXIF orientation tag), so a missing, wrong or mirrored rotation shows as
a wrong colour in a corner of the tiles, the web copy or the rendition.
"""

import json
from pathlib import Path

import pytest
import pyvips
from django.test import TestCase

from catalogue.models import RecordImage
from iiif import storage
from iiif.image_api import params, processing
from iiif.tiling import tile_image
from images.ingest import ingest_file
from tests import factories

from . import samples

pytestmark = pytest.mark.django_db

RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 30)

# The transform that takes the upright picture to the pixels a camera stores with each orientation
# (the inverse of what the tag asks a viewer to do).
STORED_FROM_UPRIGHT = {
    1: lambda image: image,
    2: lambda image: image.fliphor(),
    3: lambda image: image.rot180(),
    4: lambda image: image.flipver(),
    5: lambda image: image.rot90().fliphor(),  # transpose: its own inverse
    6: lambda image: image.rot270(),  # the viewer turns it 90° clockwise
    7: lambda image: image.rot270().fliphor(),  # transverse: its own inverse
    8: lambda image: image.rot90(),
}


def upright_picture(width, height):
    """Red top-left, green top-right, blue bottom-left, yellow bottom-right, with photo-like texture."""
    half_w, half_h = width // 2, height // 2
    texture = samples.noise(width, height) * 0.08

    def block(rgb, w, h):
        return samples.solid(w, h, rgb)

    top = block(RED, half_w, half_h).join(block(GREEN, width - half_w, half_h), "horizontal")
    bottom = block(BLUE, half_w, height - half_h).join(
        block(YELLOW, width - half_w, height - half_h), "horizontal"
    )
    picture = top.join(bottom, "vertical")
    return (picture * 0.92 + texture).cast("uchar").copy(interpretation="srgb")


def phone_photo(path, orientation, width, height):
    stored = STORED_FROM_UPRIGHT[orientation](upright_picture(width, height)).copy()
    stored.set_type(pyvips.GValue.gint_type, "orientation", orientation)
    stored.set_type(pyvips.GValue.gstr_type, "exif-ifd0-Make", "Test Phone")
    stored.write_to_file(str(path), Q=90)
    assert pyvips.Image.new_from_file(str(path)).get("orientation") == orientation
    return path


def corners(image):
    """The colours near the four corners (top-left, top-right, bottom-left, bottom-right)."""
    w, h = image.width, image.height
    dx, dy = max(2, w // 8), max(2, h // 8)
    return [image(x, y)[:3] for x, y in ((dx, dy), (w - dx, dy), (dx, h - dy), (w - dx, h - dy))]


def assert_upright(image, where):
    for found, expected in zip(corners(image), (RED, GREEN, BLUE, YELLOW), strict=True):
        assert all(abs(a - b) <= 40 for a, b in zip(found, expected, strict=True)), (where, corners(image))


def rendered(image, size="400,"):
    """A whole-image request cut from the published pyramid, as the Image API answers it."""
    info = storage.published_info(image.iiif_identifier)
    limits = {"max_width": info["maxWidth"], "max_height": info["maxHeight"], "max_area": info["maxArea"]}
    request = params.parse_request(
        "full", size, "0", "default.png", width=info["width"], height=info["height"], **limits
    )
    body = processing.render(storage.pyramid_dir(image.iiif_identifier), info, request)
    return pyvips.Image.new_from_buffer(body, "")


@pytest.mark.parametrize("width,height", [(4000, 3000), (1200, 800)])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_at_phone_size_is_tiled_upright(tmp_path, orientation, width, height):
    path = phone_photo(tmp_path / f"IMG_{orientation}.jpg", orientation, width, height)
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = ingest_file(path)
    assert result.status == "accepted", result.message
    image = result.image
    image.refresh_from_db()
    assert image.tiling_status == "ready", image.tiling_error
    # The archive's size, the pyramid and the IIIF canvas are all the upright picture's.
    assert (image.width, image.height) == (width, height)
    assert (image.iiif_width, image.iiif_height) == (width, height)
    info = storage.published_info(image.iiif_identifier)
    assert (info["width"], info["height"]) == (width, height)
    assert_upright(rendered(image), "pyramid")
    # The full-resolution top-left tile is red: the pyramid is upright at every level.
    first = storage.pyramid_dir(image.iiif_identifier) / "0,0,512,512/512,512/0/default.jpg"
    pixel = pyvips.Image.new_from_file(str(first))(100, 100)
    assert all(abs(a - b) <= 40 for a, b in zip(pixel, RED, strict=True))
    # Wagtail renditions (cards, admin) are made from an upright web copy.
    rendition = image.get_rendition("width-300")
    with rendition.file.open("rb") as handle:
        copy = pyvips.Image.new_from_buffer(handle.read(), "")
    assert (copy.width, copy.height) == (300, round(300 * height / width))
    assert_upright(copy, "rendition")
    for tile in list(storage.pyramid_dir(image.iiif_identifier).rglob("*.jpg"))[:5]:
        assert "exif-data" not in pyvips.Image.new_from_file(str(tile)).get_fields()


def test_manifest_canvas_has_the_upright_size(tmp_path, indexes, client):
    path = phone_photo(tmp_path / "IMG_6.jpg", 6, 4000, 3000)
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path).image
    site = factories.site(indexes)
    site.record_images = [RecordImage(image=image, caption="Tháp")]
    site.save_revision().publish()
    manifest = client.get(f"/iiif/manifest/{site.identifier}.json").json()
    canvas = manifest["items"][0]
    assert (canvas["width"], canvas["height"]) == (4000, 3000)
    body = canvas["items"][0]["items"][0]["body"]
    assert (body["width"], body["height"]) == (4000, 3000)


# -- an image that cannot be tiled ------------------------------------------------------------------


@pytest.fixture
def broken_image(tmp_path):
    """An image accepted whole whose stored master was damaged afterwards (a disk fault, a bad copy):
    its tiling fails, as any future failure would."""
    path = samples.write(samples.noise(2000, 1500), tmp_path / "good.jpg", Q=95)
    result = ingest_file(path)
    assert result.status == "accepted", result.message
    image = result.image
    stored = image.file.path
    data = Path(stored).read_bytes()
    Path(stored).write_bytes(data[: len(data) // 2])
    assert tile_image(image.pk) == "failed"
    image.refresh_from_db()
    assert image.tiling_error
    return image


def test_a_failed_image_never_breaks_a_page(broken_image, indexes, client, admin_client):
    artefact = factories.artefact(indexes)
    artefact.record_images = [RecordImage(image=broken_image, caption="Đài thờ")]
    artefact.save_revision().publish()
    listing = client.get("/vi/hien-vat/")
    assert listing.status_code == 200
    assert "Ảnh không hiển thị được" in listing.content.decode()
    page = client.get(artefact.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "image-unavailable" in html
    assert "Ảnh không hiển thị được" in html and "Tệp lưu trữ không đầy đủ" in html, "in the page's language"
    # No manifest points at an image service that does not exist.
    assert client.get(f"/iiif/manifest/{artefact.identifier}.json").status_code == 404
    assert "/iiif/manifest/" not in html
    # The admin: the image library, the image's edit page, and the deep zoom status with its reason.
    assert admin_client.get("/admin/images/").status_code == 200
    assert admin_client.get(f"/admin/images/{broken_image.pk}/").status_code == 200
    status = admin_client.get("/admin/iiif_tiling/")
    assert status.status_code == 200 and broken_image.tiling_error[:20] in status.content.decode()


def test_a_manifest_names_the_unavailable_image_beside_the_good_ones(broken_image, indexes, client, tmp_path):
    path = samples.write(samples.noise(900, 600, seed=7), tmp_path / "fine.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        good = ingest_file(path).image
    artefact = factories.artefact(indexes)
    artefact.record_images = [
        RecordImage(image=broken_image, caption="Hỏng"),
        RecordImage(image=good, caption="Tốt"),
    ]
    artefact.save_revision().publish()
    manifest = json.loads(client.get(f"/iiif/manifest/{artefact.identifier}.json").content)
    assert len(manifest["items"]) == 1
    assert manifest["items"][0]["width"] == 900
    unavailable = [row for row in manifest["metadata"] if row["label"].get("en") == ["Image unavailable"]]
    assert unavailable and unavailable[0]["value"]["en"][0].startswith("Hỏng: ")
