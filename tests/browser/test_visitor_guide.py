"""The visitor's guide on a 360 px phone in a real browser: keypad to a stop, audio plays, next
stop, the route with tiles unreachable, a QR label decoded back to its URL, language notes, and
one finger scrolling the page over the deep-zoom viewer."""

import io

import pytest
import zxingcpp
from django.test import TestCase
from PIL import Image

from catalogue.models import RecordImage
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples
from tests.visitors.conftest import places, walk  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def indexes():
    return factories.make_indexes(factories.ensure_site_tree())


@pytest.fixture
def guide(live_server, settings, walk):  # noqa: F811
    settings.PUBLIC_BASE_URL = live_server.url
    # A tile server that cannot answer: the phone has no data at the site.
    settings.RELIC_MAP_TILE_URL = "https://tiles.invalid/{z}/{x}/{y}.png"
    return live_server.url


def test_keypad_audio_next_and_route_without_tiles(guide, phone):
    tile_requests = []
    phone.on("request", lambda r: tile_requests.append(r.url) if "tiles.invalid" in r.url else None)
    phone.goto(guide + "/en/tours/hoi-an-walk/")
    phone.wait_for_selector("path.tour-route")
    assert phone.locator(".tour-marker").count() == 3
    route_box = phone.locator("path.tour-route").bounding_box()
    assert route_box["width"] > 20 and route_box["height"] > 5, "the route is drawn across the map"
    assert phone.locator("#tour-map").bounding_box()["width"] <= 360
    assert tile_requests and phone.locator("img.leaflet-tile-loaded").count() == 0

    phone.fill("#keypad-input", "12")
    phone.locator("#keypad button").click()
    phone.wait_for_url("**/en/tours/hoi-an-walk/12/")
    assert "Fujian Assembly Hall" in phone.locator("h1").inner_text()

    phone.locator("h1").click()  # a tap: the browser then allows playback, as after a real touch
    state = phone.evaluate(
        """async () => {
            const audio = document.querySelector('audio');
            await audio.play();
            await new Promise(r => setTimeout(r, 600));
            const a = audio;
            return {ready: a.readyState, paused: a.paused, time: a.currentTime, src: a.currentSrc};
        }"""
    )
    assert state["ready"] >= 2 and not state["paused"] and state["time"] > 0, state
    assert state["src"].endswith(".ogg")

    # The bar at the bottom is within thumb reach: previous stop from the last one.
    bar = phone.locator(".stop-bar").bounding_box()
    assert bar["y"] + bar["height"] <= 740 + 1
    phone.locator("a[rel=prev]").click()
    phone.wait_for_url("**/en/tours/hoi-an-walk/2/")
    phone.locator("a[rel=next]").click()
    phone.wait_for_url("**/en/tours/hoi-an-walk/12/")


def test_qr_label_decodes_to_the_short_url_which_opens_the_readers_language(guide, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ja-JP")
    page = context.new_page()
    try:
        page.goto(guide + "/id/QN-LT-0001-12/qr.svg")
        shot = page.locator("svg").screenshot()
        decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))]
        assert decoded == [f"{guide}/id/QN-LT-0001-12"]
        page.goto(decoded[0])
        assert page.url == f"{guide}/ja/tours/hoi-an-walk/12/"
        assert page.locator("html").get_attribute("lang") == "ja"
    finally:
        context.close()


def test_language_fallback_notes_are_visible(guide, phone):
    phone.goto(guide + "/ko/tours/hoi-an-walk/1/")
    note = phone.locator(".lang-note").first
    assert note.is_visible() and "English" in note.inner_text()
    assert phone.locator("h1 [lang=en]").inner_text() == "Japanese Bridge"
    phone.goto(guide + "/fr/parcours/hoi-an-walk/1/")
    assert "Traduction automatique" in phone.locator(".lang-note").first.inner_text()


def test_one_finger_scrolls_the_page_over_the_viewer(guide, phone, places, tmp_path):  # noqa: F811
    path = samples.write(samples.noise(3000, 2000), tmp_path / "towers.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path, identifier="towers").image
    site = places["my_son"]
    site.summary = "Khu đền tháp. " * 120  # a long page, as real records are
    site.record_images = [RecordImage(image=image, caption="Nhóm tháp")]
    site.save_revision().publish()

    phone.goto(guide + site.url)
    first = phone.locator(".zoomable img").first
    assert "/iiif/3/towers/full/" in first.get_attribute("src"), "a static IIIF size comes first"
    assert phone.locator("[data-deepzoom]").count() == 0, "no viewer before the reader asks"
    phone.locator(".zoom-start").first.click()
    phone.wait_for_selector('[data-deepzoom="ready"]', timeout=20_000)

    box = phone.locator(".zoomable").first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7
    before = phone.evaluate("window.scrollY")
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 25 * step}]}
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    phone.wait_for_timeout(800)
    assert phone.evaluate("window.scrollY") > before + 100, (
        "a one-finger swipe over the viewer scrolls the page"
    )


@pytest.mark.parametrize(("locale", "label"), [("ja-JP", "サイドバー切り替え"), ("ko-KR", "사이드바 전환")])
def test_mirador_follows_the_page_language(live_server, browser, settings, tmp_path, locale, label):
    settings.PUBLIC_BASE_URL = live_server.url
    indexes = factories.make_indexes(factories.ensure_site_tree())
    path = samples.write(samples.noise(1200, 900), tmp_path / "tower.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path, identifier="tower").image
    site = factories.site(indexes)
    site.record_images = [RecordImage(image=image, caption="Tháp")]
    site.save_revision().publish()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
    page = context.new_page()
    try:
        page.goto(
            f"{live_server.url}/iiif/viewer/?manifest={live_server.url}/iiif/manifest/{site.identifier}.json"
        )
        page.wait_for_selector(f'[aria-label="{label}"]', timeout=30_000)
    finally:
        context.close()
