"""Offline site packs in a real browser on a 360 px phone: download the Mỹ Sơn pack, go offline, open
every stop of its tour and hear it, zoom an image, see one's position on the map, search "thap g";
then change a stop on the server, update (only what changed is fetched), and remove the pack."""

import json
import time
import unicodedata
from decimal import Decimal

import pytest
from django.core import signals
from django.core.cache import caches
from django.test import TestCase

from catalogue.models import RecordImage
from images.ingest import ingest_file
from search.text import compatible, fold, stem, words
from tests.browser.test_csp import WATCH
from tests.iiif import samples
from tests.visitors.conftest import narration, places, visiting, walk  # noqa: F401 - fixtures
from visitors.models import StopText, Tour, TourStop, TourText

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def indexes():
    from tests import factories

    return factories.make_indexes(factories.ensure_site_tree())


@pytest.fixture
def my_son_tour(places, visiting, tmp_path):  # noqa: F811
    """Mỹ Sơn with a phone-sized photo (tiled), and a walk of three narrated stops."""
    path = samples.write(samples.noise(4000, 3000), tmp_path / "group-g.jpg")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path, identifier="my-son-group-g").image
    site = places["my_son"]
    site.record_images = [RecordImage(image=image, caption="Nhóm tháp G")]
    site.save_revision().publish()
    tour = Tour.objects.create(identifier="QN-LT-0002", slug="my-son-walk", site=site, published=True)
    TourText.objects.create(tour=tour, language="vi", title="Dạo Mỹ Sơn", summary="Ba điểm dừng.")
    stops = [
        (TourStop.objects.create(tour=tour, number=1, record=site), "Cổng khu đền tháp"),
        (
            TourStop.objects.create(
                tour=tour, number=2, latitude=Decimal("15.7645"), longitude=Decimal("108.1246")
            ),
            "Nhóm tháp G",
        ),
        (
            TourStop.objects.create(
                tour=tour, number=3, latitude=Decimal("15.7640"), longitude=Decimal("108.1240")
            ),
            "Nhóm tháp A",
        ),
    ]
    for stop, title in stops:
        StopText.objects.create(
            stop=stop,
            language="vi",
            title=title,
            text=f"{title}: văn bản thử.",
            audio=narration(f"{stop.identifier}-vi", title, "vi"),
            synthetic_speech=True,
        )
    return tour


@pytest.fixture
def guide(live_server, settings):
    # Wagtail keeps renditions in the cache by image id; ids are reused after earlier tests' flush.
    for cache in caches.all():
        cache.clear()
    settings.PUBLIC_BASE_URL = live_server.url
    settings.RELIC_MAP_TILE_URL = "https://tiles.invalid/{z}/{x}/{y}.png"
    return live_server.url


@pytest.fixture
def visitor(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        permissions=["geolocation"],
        geolocation={"latitude": 15.7642, "longitude": 108.1243},
    )
    context.add_init_script(WATCH)  # records Content-Security-Policy violations
    yield context
    context.close()


@pytest.fixture
def server_requests():
    """Paths the live server is asked for (the test's own process runs it)."""
    seen = []

    def record(sender, environ=None, **kwargs):
        seen.append(environ.get("PATH_INFO") if environ else "?")

    signals.request_started.connect(record)
    yield seen
    signals.request_started.disconnect(record)


def wait_until(page, expression, arg=None, timeout=20.0):
    """Poll ``expression`` (a JS function of ``arg``) until it is true; the pages' CSP forbids the
    string evaluation wait_for_function uses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def collect_garbage(page):
    """Chromium frees a deleted cache's files once no Cache object refers to it: ask the page and
    the service worker to collect garbage now rather than whenever they would."""
    session = page.context.browser.new_browser_cdp_session()
    try:
        for target in session.send("Target.getTargets")["targetInfos"]:
            if target["type"] not in ("page", "service_worker"):
                continue
            attached = session.send(
                "Target.attachToTarget", {"targetId": target["targetId"], "flatten": False}
            )
            message = json.dumps({"id": 1, "method": "HeapProfiler.collectGarbage"})
            session.send(
                "Target.sendMessageToTarget", {"sessionId": attached["sessionId"], "message": message}
            )
    finally:
        session.detach()


def assert_within_policy(page, where):
    violations = page.evaluate("window.__violations")
    assert violations == [], (where, violations)


def controlled(page):
    wait_until(page, "() => navigator.serviceWorker.controller !== null")


def stored_manifest(page, identifier="QN-DT-0002", language="vi"):
    return page.evaluate(
        """async ([id, lang]) => {
            const cache = await caches.open(`heritage-pack:${id}:${lang}`);
            const hit = await cache.match(`/offline/${id}.json?lang=${lang}`);
            return hit ? hit.json() : null;
        }""",
        [identifier, language],
    )


def test_download_visit_offline_update_and_remove_the_my_son_pack(
    guide,
    visitor,
    my_son_tour,
    places,  # noqa: F811
    server_requests,
):
    site = places["my_son"]
    page = visitor.new_page()
    page.goto(guide + site.url)
    controlled(page)
    control = page.locator("section[data-offline-pack='QN-DT-0002']")
    control.locator(".offline-check").click()
    page.wait_for_selector("section[data-offline-pack][data-bytes]")
    size_text = control.locator(".offline-status").inner_text()
    assert "MB" in size_text or "KB" in size_text, size_text
    assert "Dung lượng còn trống" in control.locator(".offline-storage").inner_text()
    usage_before = int(control.locator(".offline-storage").get_attribute("data-usage"))

    page.evaluate(
        """() => {
            const bar = document.querySelector('.offline-progress');
            window.progressSeen = [];
            const watch = () => {
                if (!bar.hidden) window.progressSeen.push(bar.value);
                requestAnimationFrame(watch);
            };
            watch();
        }"""
    )
    control.locator(".offline-start").click()
    page.wait_for_selector("section[data-offline-pack][data-state='downloaded']", timeout=60_000)
    assert_within_policy(page, "site page with the download control")
    assert page.evaluate("window.progressSeen.length") > 0, "the progress bar was shown"
    manifest = stored_manifest(page)
    assert manifest and manifest["count"] == int(control.get_attribute("data-fetched"))
    usage_full = int(control.locator(".offline-storage").get_attribute("data-usage"))
    assert usage_full - usage_before > manifest["bytes"] * 0.5
    stop_urls = [stop.get_url("vi") for stop in my_son_tour.ordered_stops()]
    assert all(any(r["url"] == url for r in manifest["resources"]) for url in stop_urls)

    # -- no network ---------------------------------------------------------------------------
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    server_requests.clear()
    visitor.set_offline(True)
    for url in stop_urls:
        page.goto(guide + url)
        assert page.locator("h1").is_visible()
        page.locator("h1").click()  # a tap lets the page play sound
        state = page.evaluate(
            """async () => {
                const a = document.querySelector('audio');
                await a.play();
                await new Promise(r => setTimeout(r, 500));
                return {ready: a.readyState, paused: a.paused, time: a.currentTime};
            }"""
        )
        assert state["ready"] >= 2 and not state["paused"] and state["time"] > 0, (url, state)
    page.goto(guide + my_son_tour.get_url("vi"))
    page.wait_for_selector("path.tour-route")
    assert page.locator(".tour-marker").count() == 3
    page.locator(".tour-locate").click()  # the visitor's GPS position beside the stops and route
    page.wait_for_selector("path.tour-you")
    assert_within_policy(page, "tour page offline")

    page.goto(guide + site.url)
    # The saved copy does not claim the site is open or closed right now.
    assert page.locator(".open-now").get_attribute("data-open") == "unknown"
    assert "không kiểm tra được" in page.locator(".open-now").inner_text()
    page.locator(".zoom-start").first.click()
    page.wait_for_selector('[data-deepzoom="ready"]', timeout=20_000)
    page.wait_for_timeout(1500)
    tiles_in_pack = {r["url"] for r in manifest["resources"] if r["type"] == "tile"}
    missing = [url for url in failed if url.removeprefix(guide) in tiles_in_pack]
    assert not missing, missing

    page.goto(guide + "/vi/ban-do/")
    page.locator(".near-me").click()
    # The visitor's position (set by the test) is drawn over the outline, nearest site named.
    page.locator("path.leaflet-interactive").first.wait_for(timeout=15_000)
    wait_until(page, "() => document.querySelector('.map-status').textContent.includes('Mỹ Sơn')")

    page.goto(guide + "/vi/ngoai-tuyen/")
    page.locator(".offline-packs li").first.wait_for()
    assert "Khu đền tháp Mỹ Sơn" in page.locator(".offline-packs").inner_text()
    # The page folds a query exactly as the server's search does.
    samples_typed = [
        "Tháp G",
        "thap g",
        "THÁP Đôi",
        unicodedata.normalize("NFD", "Hội An"),
        "ｈｏｉ　ａｎ",
        "lanterns",
    ]
    folded = page.evaluate(
        "(texts) => texts.map((t) => window.heritageOfflinePacks.queryWords(t))", samples_typed
    )
    assert folded == [[stem(fold(w)) for w in words(compatible(t))] for t in samples_typed]
    page.fill("#offline-q", "thap g")
    results = page.locator(".offline-results li a")
    results.first.wait_for()
    titles = results.all_inner_texts()
    assert "2. Nhóm tháp G" in titles and "3. Nhóm tháp A" not in titles, titles
    assert_within_policy(page, "offline page")
    page.fill("#offline-q", "thap zz")
    assert page.locator(".offline-results li.none").count() == 1

    page.goto(guide + "/vi/khong-co-trang-nay/")
    assert "Gói ngoại tuyến" in page.locator("h1").inner_text(), "the offline page stands in"
    non_tile_failures = [url for url in failed if "/iiif/3/" not in url and "tiles.invalid" not in url]
    assert not non_tile_failures, non_tile_failures
    # Chromium checks the service worker script for updates from the browser process, which
    # Playwright's offline emulation does not cover; every page, picture, tile and sound came from
    # the pack.
    reached = [path for path in server_requests if path != "/sw.js"]
    assert reached == [], f"the server was reached while offline: {reached}"

    # -- back online: a stop changed on the server; only what changed is fetched ---------------
    visitor.set_offline(False)
    changed = StopText.objects.get(stop__tour=my_son_tour, stop__number=2, language="vi")
    changed.text = "Nhóm tháp G: văn bản mới sau khi tu bổ."
    changed.save()
    page.goto(guide + site.url)
    controlled(page)
    before = {r["url"]: r["hash"] for r in stored_manifest(page)["resources"]}
    fetched = []
    page.on(
        "request", lambda r: fetched.append(r.url.removeprefix(guide)) if r.resource_type == "fetch" else None
    )
    page.locator(".offline-update").click()
    wait_until(
        page,
        "(old) => document.querySelector('section[data-offline-pack]').dataset.version !== old",
        manifest["version"],
        timeout=60,
    )
    page.wait_for_selector("section[data-offline-pack][data-state='downloaded']")
    after = {r["url"]: r["hash"] for r in stored_manifest(page)["resources"]}
    differing = {url for url, digest in after.items() if before.get(url) != digest}
    downloads = {url for url in fetched if not url.startswith("/offline/")}
    assert stop_urls[1] in downloads
    assert downloads == differing, (downloads, differing)
    assert len(downloads) <= 3 and not any(u.startswith(("/documents/", "/iiif/")) for u in downloads)

    # -- remove: the space is freed -------------------------------------------------------------
    page.locator(".offline-remove").click()
    page.wait_for_selector("section[data-offline-pack][data-state='none']")
    assert not [name for name in page.evaluate("caches.keys()") if name.startswith("heritage-pack:")]
    limit = usage_full - manifest["bytes"] * 0.5
    deadline = time.monotonic() + 60
    while page.evaluate("async () => (await navigator.storage.estimate()).usage") >= limit:
        assert time.monotonic() < deadline, "the pack's space was not freed"
        collect_garbage(page)
        page.wait_for_timeout(500)
