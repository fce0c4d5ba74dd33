"""IIIF on the public site: record pages link their manifest and zoom, manifest and collection URLs."""

import json
import zlib

import pytest
from django.test import TestCase

from catalogue.models import DocumentPageImage, RecordImage
from images.ingest import ingest_file
from tests import factories

from . import samples

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

MANIFEST_TYPE = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'


def tiled(tmp_path, name, identifier):
    # A different picture per identifier: identical files would be refused as duplicates.
    path = samples.write(
        samples.noise(1300, 700, seed=zlib.crc32(identifier.encode()) % 1000), tmp_path / name
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = ingest_file(path, identifier=identifier)
    result.image.refresh_from_db()
    assert result.image.tiling_status == "ready"
    return result.image


@pytest.fixture
def site_with_image(indexes, tmp_path):
    site = factories.site(indexes)
    site.record_images = [RecordImage(image=tiled(tmp_path, "a.png", "site-a"), caption="Tháp A")]
    site.save_revision().publish()
    return site


def test_record_page_links_its_manifest_and_zooms(client, site_with_image, settings):
    html = client.get(site_with_image.url).content.decode()
    manifest = f"{settings.PUBLIC_BASE_URL}/iiif/manifest/{site_with_image.identifier}.json"
    assert (
        '<link rel="alternate" type="application/ld+json;profile=&quot;http://iiif.io/api/presentation/3/'
        f'context.json&quot;" href="{manifest}">'
    ) in html
    assert 'data-zoom-info="/iiif/3/site-a/info.json"' in html
    assert 'src="/iiif/3/site-a/full/480,/0/default.jpg"' in html
    assert "/iiif/viewer/?manifest=" in html
    assert "openseadragon.min.js" in html and "mirador" not in html, "phones must not load the full viewer"


def test_images_on_the_page_are_served(client, site_with_image):
    for width in (480, 960):
        response = client.get(f"/iiif/3/site-a/full/{width},/0/default.jpg")
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_manifest_and_collections_are_served(client, site_with_image):
    response = client.get(f"/iiif/manifest/{site_with_image.identifier}.json")
    assert response.status_code == 200 and response["Content-Type"] == MANIFEST_TYPE
    assert response["Access-Control-Allow-Origin"] == "*"
    manifest = json.loads(response.content)
    assert manifest["type"] == "Manifest" and len(manifest["items"]) == 1
    top = json.loads(client.get("/iiif/collection/top.json").content)
    assert top["type"] == "Collection"
    sites = json.loads(client.get("/iiif/collection/sitepage.json").content)
    assert [item["id"] for item in sites["items"]] == [manifest["id"]]
    assert client.get("/iiif/collection/nothing.json").status_code == 404


def test_unpublished_and_imageless_records_have_no_manifest(client, site_with_image, indexes):
    bare = factories.artefact(indexes)
    assert client.get(f"/iiif/manifest/{bare.identifier}.json").status_code == 404
    # No manifest link (the page still links its open-data JSON as other alternates).
    assert "/iiif/manifest/" not in client.get(bare.url).content.decode()
    site_with_image.unpublish()
    assert client.get(f"/iiif/manifest/{site_with_image.identifier}.json").status_code == 404
    sites = json.loads(client.get("/iiif/collection/sitepage.json").content)
    assert sites.get("items", []) == []


def test_documentary_pages_are_zoomable_and_open_in_the_full_viewer(client, indexes, tmp_path):
    document = factories.documentary(indexes)
    document.pages = [
        DocumentPageImage(image=tiled(tmp_path, f"p{n}.png", f"page-{n}"), label=f"Trang {n}") for n in (1, 2)
    ]
    document.save_revision().publish()
    html = client.get(document.url).content.decode()
    assert (
        'data-zoom-info="/iiif/3/page-1/info.json"' in html
        and 'data-zoom-info="/iiif/3/page-2/info.json"' in html
    )
    viewer = client.get(
        "/iiif/viewer/",
        {
            "manifest": f"/iiif/manifest/{document.identifier}.json",
            "back": document.url,
            "title": document.title,
        },
    )
    page = viewer.content.decode()
    assert viewer.status_code == 200 and "mirador.min.js" in page
    assert f'"/iiif/manifest/{document.identifier}.json"' in page  # json_script, escaped
    assert f'href="{document.url}"' in page


@pytest.mark.parametrize("manifest", ["", "javascript:alert(1)", "//evil.example/x.json", "ftp://x/y"])
def test_viewer_refuses_addresses_that_are_not_http(client, manifest):
    assert client.get("/iiif/viewer/", {"manifest": manifest}).status_code == 400


def test_viewer_back_link_stays_on_this_site(client):
    page = client.get(
        "/iiif/viewer/", {"manifest": "https://example.org/m.json", "back": "https://evil.example/"}
    ).content.decode()
    assert "evil.example" not in page


def test_a_drafts_preview_links_a_manifest_of_the_draft_that_only_staff_can_read(
    admin_client, admin_user, django_user_model, site_with_image, tmp_path
):
    from django.test import Client, RequestFactory

    from tests.iiif.test_presentation import assert_valid

    site = site_with_image
    draft = site.get_latest_revision_as_object()
    draft.title = "Khu đền tháp Mỹ Sơn (bản nháp)"
    draft.record_images = [
        *site.record_images.all(),
        RecordImage(image=tiled(tmp_path, "b.png", "site-b"), caption="Tháp B, chưa công bố"),
    ]
    draft.save_revision()  # not published

    # The preview (as Wagtail renders it for the editor) links the draft's own manifest.
    original = RequestFactory().get("/admin/")
    original.user = admin_user
    preview = site.get_latest_revision_as_object().make_preview_request(original, "").render()
    html = preview.content.decode()
    address = f"/iiif/preview/{site.pk}/manifest.json"
    assert address in html and f"/iiif/manifest/{site.identifier}.json" not in html

    response = admin_client.get(address)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    manifest = json.loads(response.content)
    assert_valid(manifest)
    assert manifest["label"] == {"vi": ["Khu đền tháp Mỹ Sơn (bản nháp)"]}
    assert len(manifest["items"]) == 2 and "homepage" not in manifest
    # The public manifest still shows what is published, and the draft stays private.
    client = Client()
    public = json.loads(client.get(f"/iiif/manifest/{site.identifier}.json").content)
    assert len(public["items"]) == 1 and public["label"]["vi"] != manifest["label"]["vi"]
    assert client.get(address).status_code == 401
    client.force_login(django_user_model.objects.create_user("visitor"))
    assert client.get(address).status_code == 403
    assert admin_client.get("/iiif/preview/999999/manifest.json").status_code == 404
