"""Never more than the public page, in every open-data format: a sensitive site's exact place,
drafts, restricted records (a restriction on any language version) and the images only they
show stay out of the records API, OAI-PMH, Linked Art, Change Discovery, dumps and the sitemap.
The sweep of tests/relic_map/test_sensitive_sites.py, extended to this app's endpoints."""

import pytest
from django.test import TestCase
from wagtail.models import PageViewRestriction

from catalogue.models import ArtefactPage, RecordImage
from images.ingest import ingest_file
from opendata import dumps
from tests import factories
from tests.iiif import samples
from tests.relic_map.test_sensitive_sites import (  # noqa: F401
    FORBIDDEN,
    IDENTIFIER,
    gather,
    gps_fields,
    is_raster,
    sensitive_site,
)

pytestmark = pytest.mark.django_db
SECRETS = ("BẢN NHÁP KÍN", "QN-HV-0666", "HẠN CHẾ XEM", "anh-han-che", "anh-nhap")
# Harvesters must learn that a record they may hold has been withdrawn: its identifier, and only
# that, stays in OAI-PMH (header status="deleted") and IIIF Change Discovery (a Delete activity).
WITHDRAWN = "QN-DT-0888"
DELETION_NOTICES = ("/oai", "/iiif/discovery/")
# The responses of this app. (The site's own pages follow Wagtail's per-page restrictions: the
# Vietnamese version of a record restricted in English only is a public page there.)
OPEN_DATA = (
    "/api/records", "/api/linked-art/", "/api/openapi.json", "/api/docs/", "/oai", "/iiif/discovery/",
    "/sitemap.xml", "/opendata/", "/vi/du-lieu-mo/", "/en/open-data/",
)  # fmt: skip


@pytest.fixture
def hidden(indexes, en, tmp_path, sensitive_site):  # noqa: F811
    """A draft artefact never published, and a site restricted in its English version only (after
    it had been public), each with its own image."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        draft = ArtefactPage(title="BẢN NHÁP KÍN", slug="ban-nhap", identifier="QN-HV-0666", live=False)
        indexes["artefact"].add_child(instance=draft)
        image = ingest_file(
            samples.write(samples.noise(300, 200, seed=1), tmp_path / "a.png"), identifier="anh-nhap"
        )
        draft.record_images = [RecordImage(image=image.image)]
        draft.save_revision()
        restricted = factories.site(
            indexes, title="HẠN CHẾ XEM", slug="han-che", identifier="QN-DT-0888", ranking="provincial"
        )
        restricted.record_images = [
            RecordImage(
                image=ingest_file(
                    samples.write(samples.noise(300, 200, seed=2), tmp_path / "b.png"),
                    identifier="anh-han-che",
                ).image
            )
        ]
        restricted.save_revision().publish()
    english, _source, _translation = factories.translate(restricted, en, prefix="")
    with TestCase.captureOnCommitCallbacks(execute=True):
        PageViewRestriction.objects.create(page=english, restriction_type="password", password="x")
    return draft, restricted


def start_urls():
    return [
        "/api/records?size=100",
        "/api/records?size=100&lang=both",
        "/api/records?type=site&lang=en",
        f"/api/records/{IDENTIFIER}",
        f"/api/records/{IDENTIFIER}?lang=both",
        f"/api/linked-art/{IDENTIFIER}",
        "/api/linked-art/QN-DT-0888",
        "/api/records/QN-DT-0888",
        "/api/records/QN-HV-0666",
        "/api/openapi.json",
        "/api/docs/",
        "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "/oai?verb=ListRecords&metadataPrefix=lido",
        "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc",
        f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:heritage.localhost:{IDENTIFIER}",
        "/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:heritage.localhost:QN-DT-0888",
        "/iiif/discovery/collection.json",
        "/iiif/discovery/page-0.json",
        "/sitemap.xml",
        "/vi/du-lieu-mo/",
        "/en/open-data/",
        "/vi/hien-vat/mo-chum/",
    ]


def test_no_open_data_format_says_more_than_the_public_page(client, sensitive_site, hidden):  # noqa: F811
    rows = dumps.write_all()
    urls = start_urls() + [f"/{row.path}" for row in rows]
    responses = gather(client, urls)
    assert all(url in responses for url in urls if "0888" not in url and "0666" not in url), (
        "every start URL answered"
    )
    assert any(url.startswith("/api/linked-art/QN-HV-") for url in responses), "links were followed"
    assert sum(url.startswith(OPEN_DATA) for url in responses) > 20
    for url, (content_type, body) in responses.items():
        if is_raster(content_type):
            assert not gps_fields(body), f"{url} carries GPS metadata"
            continue
        text = body.decode("utf-8", "replace")
        leaked = sorted(value for value in FORBIDDEN if value in text)
        assert not leaked, f"{url} shows {leaked}"
        if not url.startswith(OPEN_DATA):
            continue
        secrets = [secret for secret in SECRETS if secret in text]
        assert not secrets, f"{url} shows {secrets}"
        if WITHDRAWN in text:
            assert url.startswith(DELETION_NOTICES), f"{url} shows the withdrawn {WITHDRAWN}"
    notice = client.get(
        f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:heritage.localhost:{WITHDRAWN}"
    )
    assert b'status="deleted"' in notice.content and b"<metadata>" not in notice.content
    for url in ("/api/records/QN-DT-0888", "/api/records/QN-HV-0666", "/api/linked-art/QN-DT-0888"):
        assert client.get(url).status_code == 404
