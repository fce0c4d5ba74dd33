"""Exhibitions built on real, tiled images of published records (shared by the page and browser tests)."""

import zlib

from django.test import TestCase
from wagtail.rich_text import RichText

from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples

PHONE_PHOTO = (4000, 3000)
SCAN = (2400, 3200)


def tiled(tmp_path, identifier, size):
    path = samples.write(
        samples.noise(*size, seed=zlib.crc32(identifier.encode()) % 1000), tmp_path / f"{identifier}.png"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path, identifier=identifier).image
    image.refresh_from_db()
    assert image.tiling_status == "ready"
    return image


def view(text, image, region, alt, heading="", record=None, source=""):
    x, y, w, h = region if region else (None, None, None, None)
    return (
        "view",
        {
            "heading": heading,
            "text": RichText(f"<p>{text}</p>"),
            "image": image,
            "alt": alt,
            "region": {"x": x, "y": y, "w": w, "h": h},
            "record": record,
            "source": source,
        },
    )


def build(tmp_path, with_private=True):
    """A published exhibition of two chapters over a phone photo and a scan of one public artefact,
    and (``with_private``) a step over an image no public record shows."""
    home = factories.ensure_site_tree()
    indexes = factories.make_indexes(home)
    site = factories.site(indexes)  # Mỹ Sơn, at its published point
    photo = tiled(tmp_path, "ex-photo", PHONE_PHOTO)
    scan = tiled(tmp_path, "ex-scan", SCAN)
    record = factories.show_publicly(photo, scan, title="Đài thờ Trà Kiệu")
    private = tiled(tmp_path, "ex-private", (1600, 1200)) if with_private else None
    index = ExhibitionIndexPage(title="Triển lãm", slug="trien-lam", intro="Những câu chuyện qua hiện vật.")
    home.add_child(instance=index)
    index.save_revision().publish()
    steps = [
        ("chapter", {"heading": "Vũ nữ Apsara", "intro": "Chương một."}),
        view("Bước một: toàn cảnh.", photo, None, "Toàn cảnh đài thờ", heading="Toàn cảnh", record=record),
        view("Bước hai: góc trái.", photo, (200, 300, 1200, 900), "Góc trái của đài thờ", source="Nguồn A"),
        ("quotation", {"quote": "Một câu trích.", "source": "Tác giả B, 2012", "record": None}),
        view("Bước bốn: góc phải dưới.", photo, (2600, 1900, 1200, 1000), "Góc phải dưới"),
        ("chapter", {"heading": "Văn bản", "intro": ""}),
        view("Bước năm: trang bản quét.", scan, (400, 800, 1000, 700), "Một dòng chữ trên bản quét"),
        ("records", {"heading": "", "records": [record]}),
        ("map", {"heading": "Nơi tìm thấy", "text": RichText("<p>Mỹ Sơn.</p>"), "sites": [site]}),
    ]
    if with_private:
        steps.append(view("Bước riêng tư.", private, (0, 0, 800, 600), "Ảnh không công khai"))
    exhibition = ExhibitionPage(
        title="Điêu khắc Chăm",
        slug="dieu-khac-cham",
        summary="Một triển lãm thử.",
        body=steps,
        sources="Nguồn A\nTác giả B, 2012",
    )
    index.add_child(instance=exhibition)
    exhibition.save_revision().publish()
    exhibition.refresh_from_db()
    return {
        "home": home,
        "index": index,
        "exhibition": exhibition,
        "record": record,
        "site": site,
        "photo": photo,
        "scan": scan,
        "private": private,
    }
