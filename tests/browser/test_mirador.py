"""The full IIIF viewer (Mirador, served from our static files) opens a record's manifest."""

import pytest
from django.test import TestCase

from catalogue.models import DocumentPageImage
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples

pytestmark = pytest.mark.django_db(transaction=True)


def test_manifest_opens_in_mirador_with_its_pages(live_server, browser, settings, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url
    indexes = factories.make_indexes(factories.ensure_site_tree())
    pages = []
    for number in (1, 2):
        path = samples.write(samples.noise(1200, 1600, seed=number), tmp_path / f"page{number}.png")
        with TestCase.captureOnCommitCallbacks(execute=True):
            pages.append(
                DocumentPageImage(
                    image=ingest_file(path, identifier=f"leaf-{number}").image, label=f"Trang {number}"
                )
            )
    document = factories.documentary(indexes)
    document.pages = pages
    document.save_revision().publish()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(
        f"{live_server.url}/iiif/viewer/?manifest={live_server.url}/iiif/manifest/{document.identifier}.json"
    )
    page.wait_for_selector("text=Trang 2", timeout=30_000)  # the second page's thumbnail label
    page.wait_for_function("() => document.querySelectorAll('canvas').length > 0", timeout=30_000)
    page.wait_for_timeout(1500)
    assert any("/iiif/3/leaf-1/" in url for url in requests), "Mirador loads the first page's image"
    assert all(url.startswith(live_server.url) or url.startswith(("data:", "blob:")) for url in requests), (
        "no request leaves the site (no CDN, no web fonts)"
    )
    context.close()
