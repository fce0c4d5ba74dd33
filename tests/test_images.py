"""The heritage image model: masters kept byte-for-byte with SHA-256, real scan sizes accepted."""

import hashlib
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from images.fixity import digests
from images.models import HeritageImage

from . import factories

pytestmark = pytest.mark.django_db


def test_master_is_stored_unchanged_with_its_sha256(tmp_path):
    image = factories.make_image(tmp_path, "master.tif", title="Bản quét")
    original = (tmp_path / "master.tif").read_bytes()
    with image.file.open("rb") as stored:
        assert stored.read() == original
    assert image.sha256 == hashlib.sha256(original).hexdigest()
    assert image.file_hash == hashlib.sha1(original).hexdigest()  # noqa: S324 - Wagtail's own duplicate check
    assert (image.width, image.height, image.file_size) == (640, 480, len(original))


def test_digests_stream_in_chunks_and_restore_position(tmp_path):
    data = bytes(range(256)) * 20_000  # 5 MB: several chunks
    path = tmp_path / "blob"
    path.write_bytes(data)
    with path.open("rb") as handle:
        handle.seek(123)
        result = digests(handle, ("sha256", "sha512"))
        assert handle.tell() == 123
    assert result == {"sha256": hashlib.sha256(data).hexdigest(), "sha512": hashlib.sha512(data).hexdigest()}


def test_title_and_people_are_nfc(tmp_path):
    image = factories.make_image(
        tmp_path,
        title=unicodedata.normalize("NFD", "Tháp Bằng An"),
        photographer=unicodedata.normalize("NFD", "Nguyễn Văn Ánh"),
    )
    image.refresh_from_db()
    assert image.title == "Tháp Bằng An" and image.photographer == "Nguyễn Văn Ánh"


@pytest.mark.parametrize("bad", ["../etc", "a/b", "a..b", ".hidden", "x%2Fy", "a b", "ảnh"])
def test_iiif_identifier_rejects_unsafe_values(tmp_path, bad):
    image = factories.make_image(tmp_path)
    image.iiif_identifier = bad
    with pytest.raises(ValidationError):
        image.full_clean()


def test_iiif_identifier_default_is_unique(tmp_path):
    first = factories.make_image(tmp_path, "a.jpg")
    second = factories.make_image(tmp_path, "b.jpg")
    assert first.iiif_identifier != second.iiif_identifier
    assert first.iiif_identifier.startswith("img-")


def upload(client, path, **extra):
    with path.open("rb") as handle:
        data = {
            "title": extra.pop("title", "Scan"),
            "file": SimpleUploadedFile(path.name, handle.read()),
            "rights": "http://rightsstatements.org/vocab/InC-EDU/1.0/",
            **extra,
        }
    return client.post(reverse("wagtailimages:add"), data)


def test_curator_uploads_a_scan_larger_than_wagtail_and_pillow_defaults(admin_client, tmp_path):
    # 200 megapixels: above Wagtail's 128 MP default and Pillow's 179 MP bomb error; a real scan size.
    path = factories.write_image(
        tmp_path / "scan.tif", 16000, 12500, {"compression": "deflate", "tile": True}
    )
    response = upload(
        admin_client,
        path,
        title="Phù điêu Trà Kiệu",
        iiif_identifier="BTC-22-24",
        photographer="Lê Văn A",
        credit_line="Bảo tàng Điêu khắc Chăm",
    )
    assert response.status_code == 302, response.content[:2000]
    image = HeritageImage.objects.get(iiif_identifier="BTC-22-24")
    assert (image.width, image.height) == (16000, 12500)
    assert image.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    # Accepted only once decoded completely, by the pass that also tiled it (images.verification).
    assert image.tiling_status == "ready"


def test_upload_above_the_pixel_limit_is_refused_from_the_header(admin_client, tmp_path, monkeypatch):
    from images.forms import HeritageImageForm

    # The limit is read from settings once, when the form field is built at start-up.
    monkeypatch.setattr(HeritageImageForm.declared_fields["file"], "max_image_pixels", 1_000_000)
    path = factories.write_image(tmp_path / "big.png", 2000, 1000)
    response = upload(admin_client, path)
    assert response.status_code == 200
    assert "pixels" in response.content.decode()
    assert not HeritageImage.objects.exists()


def test_upload_of_a_non_image_is_refused(admin_client, tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_text("<html><script>alert(1)</script></html>")
    response = upload(admin_client, path)
    assert response.status_code == 200
    assert not HeritageImage.objects.exists()


def test_tif_extension_is_accepted_and_a_misnamed_file_is_explained(admin_client, tmp_path):
    png_named_tif = factories.write_image(tmp_path / "scan.png")
    misnamed = png_named_tif.rename(tmp_path / "scan.tif")
    response = upload(admin_client, misnamed)
    assert "but its content is PNG" in response.content.decode()
    assert not HeritageImage.objects.exists()
    assert upload(admin_client, factories.write_image(tmp_path / "real.tif")).status_code == 302


def test_svg_is_not_an_accepted_format(admin_client, tmp_path):
    path = tmp_path / "drawing.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>x()</script></svg>'
    )
    response = upload(admin_client, path)
    assert response.status_code == 200
    assert not HeritageImage.objects.exists()


@pytest.mark.parametrize("kind", ["tiff16", "cmyk"])
def test_scanner_output_pillow_cannot_read_is_uploaded_through_the_admin(admin_client, tmp_path, kind):
    from tests.iiif import samples

    if kind == "tiff16":
        path = samples.write(samples.sixteen_bit(samples.noise(900, 600)), tmp_path / "scan16.tif")
    else:
        path = samples.write(
            samples.solid(900, 600, (150, 120, 100)).icc_transform("cmyk"), tmp_path / "cmyk.jpg"
        )
    response = upload(admin_client, path, title=kind)
    assert response.status_code == 302, response.content.decode()[:3000]
    image = HeritageImage.objects.get(title=kind)
    assert (image.width, image.height) == (900, 600)
    rendition = image.get_rendition("max-165x165")  # the admin's thumbnail, made through libvips
    assert rendition.width == 165 and rendition.height in (109, 110)  # Wagtail truncates


def test_the_same_file_uploaded_again_is_refused_by_the_single_and_the_multiple_upload(
    admin_client, tmp_path
):
    path = factories.write_image(tmp_path / "scan.png", 300, 200)
    assert upload(admin_client, path, title="Bản quét").status_code == 302
    again = upload(admin_client, path, title="Bản quét lần hai")
    assert again.status_code == 200 and "already in the archive as “Bản quét”" in again.content.decode()
    with path.open("rb") as handle:
        response = admin_client.post(
            reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile("copy.png", handle.read())}
        )
    assert response.json()["success"] is False
    assert "already in the archive" in response.json()["error_message"]
    assert HeritageImage.objects.count() == 1
