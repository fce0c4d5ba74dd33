"""runserver serves web renditions from MEDIA_ROOT, never the masters (with their GPS) or anything else."""

import importlib

import pytest
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_urls(settings):
    import heritage_site.urls

    settings.DEBUG = True
    module = importlib.reload(heritage_site.urls)
    clear_url_caches()
    yield module
    settings.DEBUG = False
    importlib.reload(heritage_site.urls)
    clear_url_caches()


def test_runserver_never_serves_masters(client, dev_urls, media_root):
    (media_root / "original_images").mkdir()
    (media_root / "original_images" / "scan.jpg").write_bytes(b"master with GPS")
    (media_root / "images").mkdir()
    (media_root / "images" / "scan.width-480.jpg").write_bytes(b"web copy")
    (media_root / "iiif-public").mkdir()
    assert client.get("/media/images/scan.width-480.jpg").status_code == 200
    assert client.get("/media/original_images/scan.jpg").status_code == 404
    for sneaky in (
        "/media/images/../original_images/scan.jpg",
        "/media/images/%2e%2e/original_images/scan.jpg",
    ):
        assert client.get(sneaky).status_code in (400, 404)
