"""The Content-Security-Policy holds and the site still works under it, in a real browser: a record
page with deep zoom, the relic map, search, and Mirador — with no policy violation reported."""

import pytest
from django.test import TestCase

from catalogue.models import RecordImage
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples

pytestmark = pytest.mark.django_db(transaction=True)

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def open_and_watch(context, url):
    page = context.new_page()
    page.add_init_script(WATCH)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(url)
    return page, console


def assert_no_violation(page, console, where):
    violations = page.evaluate("window.__violations")
    assert not violations, (where, violations)
    assert not [text for text in console if "Content Security Policy" in text], (where, console)


def test_pages_viewers_and_the_map_work_under_the_policy(live_server, browser, settings, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.RELIC_MAP_TILE_URL = ""  # no tile server here: the map draws the bundled outline
    indexes = factories.make_indexes(factories.ensure_site_tree())
    path = samples.write(samples.noise(2400, 1600), tmp_path / "tower.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path).image
        site = factories.site(indexes, identifier="QN-DT-0002")
        site.record_images = [RecordImage(image=image, caption="Tháp")]
        site.save_revision().publish()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page, console = open_and_watch(context, live_server.url + site.url)
    header = page.context.request.get(live_server.url + site.url).headers["content-security-policy"]
    assert "script-src 'self'" in header and "object-src 'none'" in header
    # The record page shows a plain IIIF picture first; the viewer starts when the reader asks.
    page.locator(".zoomable .zoom-start").first.click()
    page.wait_for_selector('[data-deepzoom="ready"]', timeout=30_000)
    assert_no_violation(page, console, "record page with OpenSeadragon")

    page, console = open_and_watch(context, live_server.url + "/vi/ban-do/")
    page.wait_for_selector(
        ".leaflet-marker-pane .site-icon, .leaflet-marker-pane .site-cluster", timeout=30_000
    )
    assert_no_violation(page, console, "relic map")

    page, console = open_and_watch(context, live_server.url + "/vi/tim-kiem/?q=my+son")
    page.wait_for_load_state("networkidle")
    assert "Mỹ Sơn" in page.content()
    assert_no_violation(page, console, "search page")

    manifest = f"{live_server.url}/iiif/manifest/QN-DT-0002.json"
    requests = []
    page, console = open_and_watch(context, f"{live_server.url}/iiif/viewer/?manifest={manifest}")
    page.on("request", lambda request: requests.append(request.url))
    page.wait_for_function("() => document.querySelectorAll('canvas').length > 0", timeout=30_000)
    page.wait_for_timeout(2000)
    assert any(f"/iiif/3/{image.iiif_identifier}/" in url for url in requests), "Mirador loads the image"
    assert_no_violation(page, console, "Mirador")

    # The policy is enforced: an inline script injected into a page does not run.
    page, console = open_and_watch(context, live_server.url + site.url)
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran") is None
    assert page.evaluate("window.__violations.length") >= 1
    context.close()
