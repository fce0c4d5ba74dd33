"""The reading room in a real browser, on a phone: search across documents (a Hán character, a
toneless reading, an English word), the reader's tabs with and without script, deep zoom on request."""

import pytest
from django.test import TestCase
from wagtail.models import Locale

from catalogue.models import DocumentPageImage
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def room(live_server, settings, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url
    home = factories.ensure_site_tree()
    indexes = factories.make_indexes(home)
    en = Locale.objects.get(language_code="en")
    for page in (home, *indexes.values()):
        factories.translate(page, en)
    path = samples.write(samples.noise(1500, 2000, seed=71), tmp_path / "plaque.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path, identifier="plaque-browser").image
    document = factories.documentary(
        indexes,
        title="Biển Lai Viễn Kiều",
        slug="lai-vien",
        rights="https://creativecommons.org/licenses/by/4.0/",
    )
    document.pages = [
        DocumentPageImage(
            image=image,
            label="Biển tên cầu",
            transcription="來遠橋",
            transliteration="Lai Viễn Kiều",
            translation="Cầu đón khách phương xa",
        )
    ]
    document.save_revision().publish()
    english = factories.translate(document, en)[0]
    rows = list(english.pages.all())
    rows[0].label, rows[0].translation = "Name plaque", "Bridge for passers-by from afar"
    english.pages = rows
    english.save_revision().publish()
    return live_server.url, document


@pytest.mark.parametrize(
    ("language", "query", "mark"),
    [("vi", "橋", "橋"), ("vi", "lai vien kieu", "Lai Viễn Kiều"), ("en", "passers", "passers")],
)
def test_search_across_documents_on_a_phone(room, phone, language, query, mark):
    base, document = room
    start = "/vi/thu-vien/" if language == "vi" else "/en/library/"
    phone.goto(base + start)
    phone.fill("#library-q", query)
    phone.locator(".library-search button").click()
    phone.wait_for_selector(".library-results mark")
    assert phone.locator(".library-results mark").first.inner_text() == mark
    phone.locator(".library-results .hit-list a").first.click()
    phone.wait_for_url(f"**/{document.identifier}/1/**")
    # The reader opens the tab holding the match, with the match highlighted.
    visible = phone.locator(".panel:visible")
    assert visible.count() == 1
    assert visible.locator("mark").inner_text() == mark


def test_reader_tabs_with_script_and_deep_zoom_on_request(room, phone):
    base, document = room
    tiles = []
    phone.on("request", lambda r: tiles.append(r.url) if "/iiif/3/plaque-browser/" in r.url else None)
    phone.goto(f"{base}/en/library/{document.identifier}/1/")
    assert phone.locator(".panel:visible").get_attribute("id") == "t-transcription"
    phone.get_by_role("tab", name="Translation").click()
    assert phone.locator(".panel:visible").get_attribute("id") == "t-translation"
    assert phone.locator(".panel:visible").inner_text().endswith("Bridge for passers-by from afar")
    assert phone.get_by_role("tab", name="Translation").get_attribute("aria-selected") == "true"
    assert not any("info.json" in url for url in tiles), "no deep zoom before it is asked for"
    phone.locator(".zoom-start").click()
    phone.wait_for_selector(".zoomable[data-deepzoom='ready']", timeout=20_000)
    assert any("info.json" in url for url in tiles)


def test_reader_tabs_without_script(room, browser):
    base, document = room
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{base}/vi/thu-vien/{document.identifier}/1/")
        assert page.locator(".panel:visible").get_attribute("id") == "t-transcription"
        page.locator(".tabs a[href='#t-transliteration']").click()
        assert page.locator(".panel:visible").get_attribute("id") == "t-transliteration"
        assert page.locator(".panel:visible").inner_text().endswith("Lai Viễn Kiều")
    finally:
        context.close()
