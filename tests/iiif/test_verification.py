"""A master is accepted only once it decodes completely; whatever does not is refused, nothing stored."""

import io

import pytest
import pyvips
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from iiif import storage
from images.ingest import ingest_file
from images.models import HeritageImage

from . import samples

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def truncated(path, keep=0.6):
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def corrupted(path):
    """Overwrite a stretch in the middle of the compressed data: the header stays intact."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4000] = bytes((i * 37) % 256 for i in range(4000))
    path.write_bytes(bytes(data))
    return path


@pytest.fixture
def damaged(tmp_path):
    picture = samples.noise(1600, 1200)
    return {
        "truncated jpeg": truncated(samples.write(picture, tmp_path / "cut.jpg", Q=92)),
        "corrupt jpeg": corrupted(samples.write(picture, tmp_path / "bad.jpg", Q=92)),
        "truncated png": truncated(samples.write(picture, tmp_path / "cut.png")),
        "corrupt png": corrupted(samples.write(picture, tmp_path / "bad.png")),
        # Declares 1600 × 1200 in its header, as any camera file does; its data holds a third.
        "truncated phone photo": truncated(samples.write(picture.rot90(), tmp_path / "IMG.jpg"), 0.3),
    }


def assert_nothing_stored(media_root):
    assert not HeritageImage.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    "kind", ["truncated jpeg", "corrupt jpeg", "truncated png", "corrupt png", "truncated phone photo"]
)
def test_a_file_that_does_not_decode_completely_is_refused(damaged, media_root, kind):
    # The header of each is fine: the old header check accepted them all.
    header = pyvips.Image.new_from_file(str(damaged[kind]))
    assert header.width in (1600, 1200)
    with translation.override("en"):
        result = ingest_file(damaged[kind])
    assert result.status == "rejected", kind
    assert "incomplete" in result.message or "damaged" in result.message, result.message
    assert_nothing_stored(media_root)


def test_the_command_refuses_with_the_reason_and_exits_1(damaged, tmp_path, media_root):
    good = samples.write(samples.noise(800, 600, seed=5), tmp_path / "good.jpg")
    out = io.StringIO()
    with translation.override("en"), pytest.raises(SystemExit) as exit_info:
        call_command("ingest_images", str(damaged["truncated jpeg"]), str(good), stdout=out)
    assert exit_info.value.code == 1
    text = out.getvalue()
    assert "1 accepted, 0 duplicates, 1 rejected" in text
    assert f"rejected {damaged['truncated jpeg']}: The file is incomplete (truncated)" in text
    image = HeritageImage.objects.get()
    # The accepted file was tiled by its verification pass: no second pass is queued.
    assert image.tiling_status == "ready" and (image.tiled_width, image.tiled_height) == (800, 600)
    assert storage.published_info(image.iiif_identifier)["width"] == 800
    assert not [p for p in (storage.tile_root() / ".staging").iterdir()]


@pytest.fixture
def vietnamese_admin(admin_client, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "vi"
    profile.save()
    return admin_client


def test_the_admin_upload_refuses_in_vietnamese_and_stores_nothing(vietnamese_admin, damaged, media_root):
    for kind in ("truncated jpeg", "corrupt jpeg", "corrupt png"):
        path = damaged[kind]
        with path.open("rb") as handle:
            response = vietnamese_admin.post(
                reverse("wagtailimages:add"),
                {
                    "title": kind,
                    "file": SimpleUploadedFile(path.name, handle.read()),
                    "rights": "http://rightsstatements.org/vocab/InC-EDU/1.0/",
                },
            )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Tệp không đầy đủ" in html or "Tệp bị hỏng" in html, kind
    with damaged["truncated png"].open("rb") as handle:
        response = vietnamese_admin.post(
            reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile("cut.png", handle.read())}
        )
    assert response.json()["success"] is False
    message = response.json()["error_message"]
    assert "Tệp không đầy đủ" in message or "Tệp bị hỏng" in message
    assert_nothing_stored(media_root)


def test_an_admin_upload_that_decodes_is_tiled_by_its_verification(admin_client, tmp_path):
    path = samples.write(samples.noise(1300, 700, seed=9), tmp_path / "ok.jpg")
    with path.open("rb") as handle:
        response = admin_client.post(
            reverse("wagtailimages:add"),
            {
                "title": "ok",
                "file": SimpleUploadedFile(path.name, handle.read()),
                "rights": "http://rightsstatements.org/vocab/InC-EDU/1.0/",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = HeritageImage.objects.get()
    assert image.tiling_status == "ready"
    assert storage.published_info(image.iiif_identifier)["height"] == 700
