"""Mirador's search panel finds the hits of a document's Content Search service."""

import pytest
from django.test import TestCase

from catalogue.models import DocumentPageImage
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples

pytestmark = pytest.mark.django_db(transaction=True)


def document_with_text(tmp_path):
    indexes = factories.make_indexes(factories.ensure_site_tree())
    texts = [
        ("來遠橋", "Lai Viễn Kiều", "Cầu của bạn phương xa"),
        ("歲在己亥", "Tuế tại Kỷ Hợi", "Năm Kỷ Hợi"),
    ]
    pages = []
    for number, (han, reading, meaning) in enumerate(texts, start=1):
        path = samples.write(samples.noise(1200, 1600, seed=40 + number), tmp_path / f"page{number}.png")
        with TestCase.captureOnCommitCallbacks(execute=True):
            image = ingest_file(path, identifier=f"text-leaf-{number}").image
        pages.append(
            DocumentPageImage(
                image=image,
                label=f"Trang {number}",
                transcription=han,
                transliteration=reading,
                translation=meaning,
            )
        )
    document = factories.documentary(indexes, title="Biển Lai Viễn Kiều", slug="lai-vien")
    document.pages = pages
    document.save_revision().publish()
    return document


def test_mirador_search_panel_finds_the_services_hits(live_server, browser, settings, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url
    document = document_with_text(tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    page = context.new_page()
    searches = []
    page.on("request", lambda r: searches.append(r.url) if "/iiif/search/" in r.url else None)
    manifest = f"{live_server.url}/iiif/manifest/{document.identifier}.json"
    page.goto(f"{live_server.url}/iiif/viewer/?manifest={manifest}")
    page.wait_for_selector("text=Trang 2", timeout=30_000)

    page.get_by_role("tab", name="Search").click()
    box = page.get_by_role("combobox")
    box.fill("ky hoi")
    box.press("Enter")
    # Toneless query, the hit on the second page's reading and translation, with its context.
    page.wait_for_selector("text=Tuế tại", timeout=15_000)
    assert any(f"/iiif/search/1/{document.identifier}?q=ky" in url for url in searches)
    # Both hits, each under its page's label, with the words before the match.
    text = page.locator("body").inner_text()
    assert "1 of 2\n\n1\nTrang 2\n\nTuế tại Kỷ Hợi\n\n2\nTrang 2\n\nNăm Kỷ Hợi" in text, text
    # Mirador selects the first hit and turns to its page.
    page.wait_for_selector("text=2 of 2 • Trang 2", timeout=10_000)

    box.fill("橋")
    box.press("Enter")
    page.wait_for_selector("text=來遠", timeout=15_000)
    text = page.locator("body").inner_text()
    assert "of 1\n\n1\nTrang 1\n\n來遠 橋" in text, text  # before, match
    page.get_by_text("來遠").first.click()  # selecting the hit turns back to its page
    page.wait_for_selector("text=1 of 2 • Trang 1", timeout=10_000)
    context.close()
