"""A real browser (Debian chromium via Playwright) on a phone-sized record page: tiles load and zoom."""

import pytest
from django.test import TestCase

from catalogue.models import RecordImage
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples

pytestmark = pytest.mark.django_db(transaction=True)


def test_phone_sees_tiles_load_in_the_deep_zoom_viewer(live_server, phone, settings, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url
    indexes = factories.make_indexes(factories.ensure_site_tree())
    path = samples.write(samples.noise(3000, 2000), tmp_path / "relief.png")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path, identifier="relief").image
    site = factories.site(indexes)
    site.record_images = [RecordImage(image=image, caption="Phù điêu")]
    site.save_revision().publish()

    tiles = []
    phone.on(
        "response",
        lambda r: (
            tiles.append(r)
            if "/iiif/3/relief/" in r.url and r.url.endswith("default.jpg") and "/full/" not in r.url
            else None
        ),
    )
    phone.goto(live_server.url + site.url)
    # The page shows a plain IIIF picture first (the visitor guide's phone-first media); the
    # viewer starts when the reader asks for it.
    assert not tiles
    phone.locator(".zoomable .zoom-start").first.click()
    viewer = phone.locator(".zoomable")
    viewer.wait_for()
    phone.wait_for_selector('[data-deepzoom="ready"]', timeout=20_000)
    assert tiles and all(r.status == 200 for r in tiles)
    first_count = len(tiles)
    box = viewer.bounding_box()
    assert box["width"] <= 360

    phone.locator('.zoomable [title="Phóng to"]').first.click()
    phone.locator('.zoomable [title="Phóng to"]').first.click()
    phone.wait_for_timeout(1500)
    assert len(tiles) > first_count, "zooming in fetches finer tiles"
    assert any(",512,512/512,512/" in r.url for r in tiles), "full-resolution tiles were requested"
