"""Ingest of masters: accepted formats only, header limits, duplicates, identifiers, the command."""

import hashlib
import io

import pytest
import pyvips
from django.core.management import call_command
from django.utils import translation

from images.ingest import collect_files, ingest_file
from images.models import HeritageImage
from images.vips import RefusedImage, read_header

from . import samples

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def files(tmp_path):
    """One file of every kind a curator might hand over."""
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    paths = {
        "jpeg": samples.write(samples.noise(300, 200), folder / "a.jpg"),
        "png": samples.write(samples.noise(300, 200, seed=2), folder / "b.png"),
        "tiff16": samples.write(
            samples.sixteen_bit(samples.noise(300, 200, seed=3)),
            folder / "sub" / "c.tif",
        ),
        "webp": samples.write(samples.noise(120, 80, seed=4), folder / "d.webp"),
        "bomb": samples.png_bomb(folder / "bomb.png"),
    }
    svg = folder / "evil.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>alert(1)</script></svg>'
    )
    html = folder / "page.jpg"
    html.write_text("<!doctype html><title>not an image</title>")
    csv = folder / "table.png"
    csv.write_text("1,2,3\n4,5,6\n")
    paths.update(svg=svg, html=html, csv=csv)
    (folder / ".hidden.jpg").write_bytes(paths["jpeg"].read_bytes())
    return paths


def test_accepted_formats_are_stored_byte_for_byte(files):
    for kind in ("jpeg", "png", "tiff16", "webp"):
        result = ingest_file(files[kind])
        assert result.status == "accepted", (kind, result.message)
        with result.image.file.open("rb") as stored:
            content = stored.read()
        assert content == files[kind].read_bytes()
        assert result.image.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [
        ("svg", "Not an accepted image file"),
        ("html", "Not an accepted image file"),
        ("csv", "Not an accepted image file"),
        ("bomb", "1,600,000,000 pixels"),
    ],
)
def test_refused_files_leave_nothing_behind(files, media_root, kind, fragment):
    result = ingest_file(files[kind])
    assert result.status == "rejected" and fragment in result.message
    assert not HeritageImage.objects.exists()
    assert not list(media_root.rglob("*.*"))


def test_header_check_does_not_decode_the_bomb(files):
    # Reading a 1.6-gigapixel image would take gigabytes; the refusal must come from the header alone.
    with pytest.raises(RefusedImage):
        read_header(files["bomb"])


def test_svg_loader_is_blocked_process_wide(files):
    with pytest.raises(pyvips.Error):
        pyvips.Image.new_from_file(str(files["svg"])).avg()


def test_duplicates_are_reported_not_stored(files):
    first = ingest_file(files["jpeg"])
    again = ingest_file(files["jpeg"])
    assert again.status == "duplicate" and again.image == first.image
    assert first.image.iiif_identifier in again.message
    assert HeritageImage.objects.count() == 1


def test_explicit_identifier_and_its_validation(files):
    assert ingest_file(files["jpeg"], identifier="BTC-22.24").image.iiif_identifier == "BTC-22.24"
    taken = ingest_file(files["png"], identifier="BTC-22.24")
    assert taken.status == "rejected" and "already exists" in taken.message
    for bad in ("../x", "a/b", "a..b"):
        assert ingest_file(files["png"], identifier=bad).status == "rejected"
    assert HeritageImage.objects.count() == 1


def test_folders_are_walked_recursively_skipping_hidden_and_non_images(files):
    found = {p.name for p in collect_files([files["jpeg"].parent])}
    assert found == {"a.jpg", "b.png", "c.tif", "d.webp", "bomb.png", "page.jpg", "table.png"}


def test_command_reports_progress_and_summary_and_exits_1_on_rejections(files):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "ingest_images", str(files["jpeg"].parent), str(files["svg"]), str(files["jpeg"]), stdout=out
        )
    assert exit_info.value.code == 1
    text = out.getvalue()
    assert "[##############################] 9/9" in text
    assert "4 accepted, 1 duplicates, 4 rejected" in text
    assert f"rejected {files['svg']}" in text


def test_command_identifier_needs_a_single_file(files):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("ingest_images", str(files["jpeg"]), str(files["png"]), identifier="X-1")
    call_command("ingest_images", str(files["jpeg"]), identifier="ACC-1999-07", stdout=io.StringIO())
    assert HeritageImage.objects.get().iiif_identifier == "ACC-1999-07"
