"""The IIIF and search locations of the production nginx site (deploy/nginx/heritage.conf), in front
of the real app: public tiles from disk, everything else decided by the app, staff tiles through
X-Accel-Redirect, rate limits."""

import http.client
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from catalogue.models import RecordImage
from images.ingest import ingest_file
from tests import factories
from tests.iiif import samples

pytestmark = pytest.mark.django_db(transaction=True)
DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "nginx"
TILE = "0,0,512,512/512,512/0/default.jpg"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def iiif_locations(media_root):
    """The site's block from its IIIF heading to its static-files heading, MEDIA_ROOT moved here."""
    site = (DEPLOY / "heritage.conf").read_text()
    start = site.index("    # --- IIIF Image API 3 and search")
    end = site.index("    # --- static files and image renditions", start)
    block = site[start:end]
    assert block.count("/srv/heritage/media") == 2, "the block's MEDIA_ROOT paths changed: update the test"
    return block.replace("/srv/heritage/media", str(media_root))


@pytest.fixture
def nginx(tmp_path, live_server, media_root):
    assert shutil.which("nginx"), "nginx is needed (apt-get install nginx; bin/run-tests installs it)"
    port = free_port()
    base = tmp_path / "nginx"
    (base / "tmp").mkdir(parents=True)
    (base / "access.conf").write_text(iiif_locations(media_root))
    upstream = live_server.url.removeprefix("http://")
    # nginx workers read the test's private temporary folder: as root they must run as root too.
    (base / "nginx.conf").write_text(
        f"""
daemon off;
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {base}/nginx.pid;
error_log {base}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {base}/tmp/body;
    proxy_temp_path {base}/tmp/proxy;
    fastcgi_temp_path {base}/tmp/fastcgi;
    uwsgi_temp_path {base}/tmp/uwsgi;
    scgi_temp_path {base}/tmp/scgi;
    include {DEPLOY / "rate-limits.http.conf"};
    upstream heritage_app {{ server {upstream}; }}
    server {{
        listen 127.0.0.1:{port};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        include {base}/access.conf;
        location / {{ proxy_pass http://heritage_app; }}
    }}
}}
"""
    )
    process = subprocess.Popen(
        ["nginx", "-c", str(base / "nginx.conf"), "-p", str(base)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 20
    while time.time() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_nginx_serves_public_tiles_and_asks_the_app_for_everything_else(
    nginx, settings, tmp_path, admin_user
):
    settings.IIIF_ACCEL_REDIRECT = "/_iiif_tiles/"
    indexes = factories.make_indexes(factories.ensure_site_tree())
    public = ingest_file(samples.write(samples.noise(1300, 900, seed=1), tmp_path / "a.jpg")).image
    private = ingest_file(samples.write(samples.noise(1300, 900, seed=2), tmp_path / "b.jpg")).image
    record = factories.artefact(indexes, identifier="QN-HV-0001")
    record.record_images = [RecordImage(image=public, caption="Công khai")]
    record.save_revision().publish()  # commits: the public links are synced on commit

    status, headers, body = fetch(f"{nginx}/iiif/3/{public.iiif_identifier}/{TILE}")
    assert status == 200 and body[:2] == b"\xff\xd8"
    assert "X-Frame-Options" not in headers, "a public tile comes from disk, not from the app"
    assert headers["Access-Control-Allow-Origin"] == "*" and "public" in headers["Cache-Control"]

    status, headers, _ = fetch(f"{nginx}/iiif/3/{private.iiif_identifier}/{TILE}")
    assert status == 401 and "X-Frame-Options" in headers, "the app refused it"
    for path in ("info.json", "full/200,/0/default.png"):
        assert fetch(f"{nginx}/iiif/3/{private.iiif_identifier}/{path}")[0] == 401
    assert fetch(f"{nginx}/_iiif_tiles/{private.iiif_identifier}/{TILE}")[0] == 404

    staff = Client()
    staff.force_login(admin_user)
    cookie = f"sessionid={staff.cookies['sessionid'].value}"
    status, headers, body = fetch(f"{nginx}/iiif/3/{private.iiif_identifier}/{TILE}", cookie)
    assert status == 200 and body[:2] == b"\xff\xd8", "sent by nginx on the app's X-Accel-Redirect"
    assert "X-Accel-Redirect" not in headers

    PageViewRestriction.objects.create(page=record, restriction_type=PageViewRestriction.LOGIN)
    assert fetch(f"{nginx}/iiif/3/{public.iiif_identifier}/{TILE}")[0] == 401, "withdrawn at once"


def test_search_is_rate_limited(nginx):
    factories.make_indexes(factories.ensure_site_tree())
    statuses = [fetch(f"{nginx}/api/search?q=hoi+an")[0] for _ in range(60)]
    assert statuses[0] == 200
    assert 429 in statuses


def fetch_from(url, source):
    """GET ``url`` from the loopback address ``source`` (nginx keys its limits by client address):
    the status; a refusal by nginx must say when to ask again."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=30, source_address=(source, 0)
    )
    try:
        connection.request("GET", parts.path)
        response = connection.getresponse()
        response.read()
        if response.status == 429:
            assert response.headers["Retry-After"] == "5"
        return response.status
    finally:
        connection.close()


def test_large_renders_are_limited_per_address_and_for_everyone(nginx, tmp_path):
    indexes = factories.make_indexes(factories.ensure_site_tree())
    image = ingest_file(samples.write(samples.noise(1300, 900, seed=3), tmp_path / "c.jpg")).image
    record = factories.artefact(indexes, identifier="QN-HV-0002")
    record.record_images = [RecordImage(image=image, caption="Công khai")]
    record.save_revision().publish()
    base = f"{nginx}/iiif/3/{image.iiif_identifier}"
    large, tile_shaped_large = f"{base}/full/max/0/default.png", f"{base}/full/1200,/0/default.jpg"
    small = f"{base}/full/200,/0/default.jpg"

    # One address asking for large renders in a row: a few reach the app, then nginx refuses.
    statuses = [fetch_from(large, "127.0.0.1") for _ in range(12)]
    assert statuses[:5] == [200] * 5, statuses
    assert 429 in statuses, statuses
    # Every address together shares one budget of large renders: another address is refused too,
    # for a large render in the tile-shaped spelling as well, while its small images still come.
    assert fetch_from(large, "127.0.0.2") == 429
    assert fetch_from(tile_shaped_large, "127.0.0.2") == 429
    assert fetch_from(small, "127.0.0.2") == 200
    assert fetch_from(small, "127.0.0.1") == 200

    # Once the shared budget has refilled, the first address is still held by its own (20 a minute)
    # and the other is answered.
    time.sleep(3)
    passed = 0
    while fetch_from(large, "127.0.0.1") == 200:
        passed += 1
        assert passed < 4, "the per-address limit did not bite"
    assert fetch_from(large, "127.0.0.2") == 200
