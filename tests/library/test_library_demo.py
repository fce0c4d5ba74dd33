"""The reading room's demo documents: published texts, cited, generated images labelled, idempotent."""

import json

import pytest
from django.core.management import call_command
from django.test import TestCase

from catalogue.models import DocumentaryPage
from library.demo.loader import documents

pytestmark = [pytest.mark.django_db]
QUIET = {"stdout": open("/dev/null", "w")}  # noqa: SIM115


@pytest.fixture
def demo(db):
    call_command("load_demo", image_scale=0.05, skip_renditions=True, **QUIET)
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_library_demo", image_scale=0.1, **QUIET)


def test_every_text_is_cited_and_nothing_is_left_unsourced():
    for item in documents():
        assert len([s for s in item["sources"] if s.startswith("http")]) >= 2, item["identifier"]
        for page in item["pages"]:
            assert page["transcription"] and page["transliteration"], "only documents with published text"
            if page["translation_vi"] or page["translation_en"]:
                assert page["translation_vi"] and page["translation_en"]


def test_sources_are_listed_in_sources_md():
    from catalogue.demo.loader import DATA_DIR

    listed = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for item in documents():
        assert item["identifier"] in listed
        for source in item["sources"]:
            if source.startswith("http"):
                assert source.split(" ")[0] in listed, source


def test_demo_documents_are_read_and_found_in_the_reading_room(demo, client):
    plaque = DocumentaryPage.objects.published().get(identifier="QN-TL-0004", locale__language_code="vi")
    (page,) = plaque.ordered_pages()
    assert page.image.illustrative and "generated" in page.image.credit_line
    assert page.image.tiling_status == "ready"
    english = DocumentaryPage.objects.published().get(identifier="QN-TL-0004", locale__language_code="en")
    assert english.ordered_pages()[0].translation == "Bridge for passers-by from afar"
    for query in ("來遠橋", "lai vien kieu", "passers-by"):
        html = client.get("/en/library/", {"q": query}).content.decode()
        assert "/en/library/QN-TL-0004/1/" in html, query
    html = client.get("/vi/thu-vien/", {"q": "kim son tu"}).content.decode()
    assert "/vi/thu-vien/QN-TL-0005/1/" in html
    # The notes-only documents of the catalogue demo say so.
    assert "chỉ có ghi chú mô tả" in client.get("/vi/thu-vien/").content.decode()
    manifest = json.loads(client.get("/iiif/manifest/QN-TL-0004.json").content)
    assert manifest["service"][0]["type"] == "SearchService2"
    # Each character has its place on the generated picture: a hit is drawn where it is written.
    regions = page.regions()
    assert [r.text for r in regions] == ["來", "遠", "橋"]
    assert all(r.x + r.w <= page.image.width and r.y + r.h <= page.image.height for r in regions)
    assert regions[0].x < regions[1].x < regions[2].x and len({r.y for r in regions}) == 1
    found = json.loads(client.get("/iiif/search/2/QN-TL-0004", {"q": "kieu"}).content)
    targets = [a["target"] for a in found["annotations"][0]["items"] if isinstance(a["target"], str)]
    assert any(target.endswith(f"#xywh={regions[2].xywh}") for target in targets)

    # Loading again creates nothing new.
    count = DocumentaryPage.objects.count()
    call_command("load_library_demo", image_scale=0.1, **QUIET)
    assert DocumentaryPage.objects.count() == count
