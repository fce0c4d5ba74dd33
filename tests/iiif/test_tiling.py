"""The tiling pipeline on real images: colour, orientation, depth, metadata, failures, idempotency."""

import json
from pathlib import Path

import pytest
import pyvips
from django.test import TestCase

from iiif import storage
from iiif.tiling import tile_image
from images.ingest import ingest_file

from . import samples

pytestmark = pytest.mark.django_db


def ingest(path, **kwargs):
    result = ingest_file(path, **kwargs)
    assert result.status == "accepted", result.message
    return result.image


def tiled(path, **kwargs):
    """Ingest a file and let the on-commit tiling task run, as it does after a real upload."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest(path, **kwargs)
    image.refresh_from_db()
    return image


def tile_pixel(image, x=5, y=5):
    """A pixel of the published full-resolution top-left tile."""
    folder = storage.pyramid_dir(image.iiif_identifier)
    first = sorted(folder.glob("0,0,*/*/0/default.jpg"))[0]
    return pyvips.Image.new_from_file(str(first))(x, y)


def close(actual, expected, tolerance=6):
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def test_upload_is_tiled_on_commit_and_published_with_our_info(tmp_path, settings):
    image = tiled(samples.write(samples.noise(1300, 700), tmp_path / "scan.jpg"))
    assert image.tiling_status == "ready" and image.tiled_at is not None
    info = storage.published_info(image.iiif_identifier)
    assert info["id"] == f"{settings.PUBLIC_BASE_URL}/iiif/3/{image.iiif_identifier}"
    assert (info["width"], info["height"], info["profile"]) == (1300, 700, "level2")
    assert info["tiles"] == [{"width": 512, "height": 512, "scaleFactors": [1, 2, 4]}]
    folder = storage.pyramid_dir(image.iiif_identifier)
    assert (folder / "0,0,512,512/512,512/0/default.jpg").is_file()
    assert not list((storage.tile_root() / ".staging").iterdir())


def test_embedded_profile_is_converted_to_srgb(tmp_path):
    adobe = samples.solid(600, 400, (200, 60, 60)).copy()
    adobe.set_type(pyvips.GValue.blob_type, "icc-profile-data", samples.adobe_rgb_profile())
    image = tiled(samples.write(adobe, tmp_path / "adobe.tif"))
    # Adobe RGB (200, 60, 60) is sRGB (231, 57, 57): ignoring the profile would leave 200.
    assert close(tile_pixel(image), (231, 57, 57))


def test_cmyk_jpeg_becomes_srgb(tmp_path):
    stone = (150, 120, 100)  # inside the CMYK gamut, so the round trip can be exact
    cmyk = samples.solid(600, 400, stone).icc_transform("cmyk")
    path = samples.write(cmyk, tmp_path / "cmyk.jpg", keep="none")
    assert pyvips.Image.new_from_file(str(path)).interpretation == "cmyk"
    assert close(tile_pixel(tiled(path)), stone)


def test_sixteen_bit_tiff_is_tiled_to_eight_bit(tmp_path):
    deep = (
        (samples.solid(600, 400, (10, 128, 250)).cast("ushort") * 257)
        .cast("ushort")
        .copy(interpretation="rgb16")
    )
    image = tiled(samples.write(deep, tmp_path / "deep.tif"))
    assert (image.width, image.height) == (600, 400)
    assert close(tile_pixel(image), (10, 128, 250))


def test_exif_orientation_is_applied_and_no_exif_or_gps_reaches_the_tiles(tmp_path):
    landscape = samples.noise(600, 300).copy()
    landscape.set_type(pyvips.GValue.gint_type, "orientation", 6)
    landscape.set_type(pyvips.GValue.gstr_type, "exif-ifd0-Make", "Test Camera")
    path = samples.write(landscape, tmp_path / "rotated.jpg")
    assert "exif-data" in pyvips.Image.new_from_file(str(path)).get_fields()
    image = tiled(path)
    info = storage.published_info(image.iiif_identifier)
    assert (info["width"], info["height"]) == (300, 600)
    assert (image.iiif_width, image.iiif_height) == (300, 600)
    for tile in storage.pyramid_dir(image.iiif_identifier).rglob("*.jpg"):
        fields = pyvips.Image.new_from_file(str(tile)).get_fields()
        assert not {"exif-data", "xmp-data", "icc-profile-data"} & set(fields), tile


def test_transparent_png_is_flattened_on_white(tmp_path):
    rgba = samples.solid(600, 400, (0, 0, 0)).bandjoin(0).copy(interpretation="srgb")
    assert close(tile_pixel(tiled(samples.write(rgba, tmp_path / "alpha.png"))), (255, 255, 255))


def test_a_master_damaged_after_ingest_fails_tiling_cleanly_with_its_reason(tmp_path):
    # Truncated files are refused at ingest (tests/iiif/test_verification.py); a stored master
    # damaged later (disk fault) must still fail its next tiling cleanly.
    image = ingest(samples.write(samples.noise(2000, 2000), tmp_path / "whole.jpg", Q=95))
    data = Path(image.file.path).read_bytes()
    Path(image.file.path).write_bytes(data[: len(data) * 2 // 3])
    storage.discard(storage.pyramid_dir(image.iiif_identifier))
    assert tile_image(image.pk) == "failed"
    image.refresh_from_db()
    assert image.tiling_status == "failed"
    assert "truncated" in image.tiling_error.lower() or "premature" in image.tiling_error.lower()
    assert storage.published_info(image.iiif_identifier) is None
    assert not storage.pyramid_dir(image.iiif_identifier).exists()
    assert not list((storage.tile_root() / ".staging").iterdir())


def test_retiling_is_idempotent_and_replaces_the_pyramid_atomically(tmp_path):
    image = tiled(samples.write(samples.noise(1300, 700), tmp_path / "scan.png"))
    folder = storage.pyramid_dir(image.iiif_identifier)
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    info_before = json.loads((folder / "info.json").read_text())
    assert tile_image(image.pk) == "ready"
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert json.loads((folder / "info.json").read_text()) == info_before
    assert [p.name for p in storage.tile_root().iterdir() if not p.name.startswith(".")] == [
        image.iiif_identifier
    ]


def test_multi_page_tiff_is_accepted_and_its_first_page_tiled(tmp_path):
    pages = samples.noise(400, 300).copy()
    stacked = pyvips.Image.arrayjoin([pages, samples.solid(400, 300, (0, 0, 255))], across=1).copy()
    stacked.set_type(pyvips.GValue.gint_type, "page-height", 300)
    image = tiled(samples.write(stacked, tmp_path / "pages.tif"))
    info = storage.published_info(image.iiif_identifier)
    assert (info["width"], info["height"]) == (400, 300)


def test_a_deleted_image_is_ignored_by_a_late_task(tmp_path):
    image = ingest(samples.write(samples.noise(300, 200), tmp_path / "x.jpg"))
    image_id = image.pk
    image.delete()
    assert tile_image(image_id) is None
