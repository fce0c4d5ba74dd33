"""The restoration comparison manifest opens in Mirador for a logged-in researcher."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, TestCase

from images.ingest import ingest_file
from restoration.models import DocumentationEvent, EventImage
from tests import factories
from tests.iiif import samples

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_comparison_manifest_opens_in_mirador(live_server, browser, settings, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url
    indexes = factories.make_indexes(factories.ensure_site_tree())
    site = factories.site(indexes, identifier="QN-DT-0002")
    for year, seed in ((2005, 11), (2024, 12)):
        path = samples.write(samples.noise(1200, 800, seed=seed), tmp_path / f"g1-{year}.png")
        with TestCase.captureOnCommitCallbacks(execute=True):
            image = ingest_file(path, identifier=f"g1-{year}").image
        kind = "baseline_survey" if year == 2005 else "post_restoration_survey"
        event = DocumentationEvent.objects.create(
            record=site, kind=kind, date=date(year, 5, 1), agency="BQL Mỹ Sơn"
        )
        EventImage.objects.create(event=event, image=image, view=f"Tháp G1 {year}")
    researcher = get_user_model().objects.create_superuser("researcher", "r@example.org", "pw")
    client = Client()
    client.force_login(researcher)

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    manifest = f"{live_server.url}/admin/restoration/record/QN-DT-0002/comparison.json"
    page.goto(f"{live_server.url}/iiif/viewer/?manifest={manifest}")
    page.wait_for_selector("text=Tháp G1 2024", timeout=30_000)  # the later event's canvas label
    page.wait_for_function("() => document.querySelectorAll('canvas').length > 0", timeout=30_000)
    page.wait_for_timeout(1500)
    assert any("/iiif/3/g1-2005/" in url for url in requests), "Mirador loads the baseline's image first"
    context.close()
