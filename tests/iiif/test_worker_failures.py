"""Failures of the tiling worker: a SIGKILL mid-run publishes nothing partial; the admin shows and retries."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import TestCase
from django.urls import reverse

from iiif import storage
from images.ingest import ingest_file
from images.models import HeritageImage

from . import samples

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

# Runs only the tiling of one file into MEDIA_ROOT, in its own process, so that it can be killed.
WORKER = """
import sys, types, django
django.setup()
from iiif.tiling import build_pyramid
image = types.SimpleNamespace(iiif_identifier=sys.argv[1], file=types.SimpleNamespace(path=sys.argv[2]))
build_pyramid(image)
"""


def start_worker(identifier, path, media_root):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heritage_site.settings.test",
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.Popen([sys.executable, "-c", WORKER, identifier, str(path)], cwd=ROOT, env=env)


def wait_for_tiles_in_staging(identifier, process, minimum=50, timeout=60):
    deadline = time.monotonic() + timeout
    staging = storage.tile_root() / ".staging"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the worker finished before it could be killed; use a larger image")
        tiles = sum(1 for _ in staging.glob(f"{identifier}.*/pyramid/*/*/0/default.jpg"))
        if tiles >= minimum:
            return tiles
        time.sleep(0.05)
    pytest.fail("no tiles appeared in staging")


@pytest.fixture
def big_master(tmp_path):
    # Large enough that dzsave runs for seconds: time to kill it half-way.
    return samples.write(samples.noise(12000, 9000), tmp_path / "big.jpg", Q=90)


def kill_mid_run(identifier, path, media_root):
    worker = start_worker(identifier, path, media_root)
    try:
        wait_for_tiles_in_staging(identifier, worker)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL


def published_files(identifier):
    root = storage.pyramid_dir(identifier)
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def test_sigkill_mid_run_publishes_nothing_and_a_retry_completes(client, admin_client, big_master, settings):
    # The pass that verifies a master at ingest also tiles it: its pyramid is published at once.
    result = ingest_file(big_master, identifier="big-scan")
    assert result.status == "accepted", result.message
    image = result.image
    assert image.tiling_status == "ready"
    before = published_files("big-scan")
    info = client.get("/iiif/3/big-scan/info.json").json()

    # A re-tiling worker killed half-way leaves the published pyramid exactly as it was.
    kill_mid_run("big-scan", big_master, settings.MEDIA_ROOT)
    assert published_files("big-scan") == before
    assert client.get("/iiif/3/big-scan/info.json").json() == info

    # A worker building a pyramid that is not there (the tile store lost it) and killed half-way
    # publishes nothing half-made.
    storage.discard(storage.pyramid_dir("big-scan"))
    HeritageImage.objects.filter(pk=image.pk).update(tiling_status="processing")  # as the dead worker left it
    kill_mid_run("big-scan", big_master, settings.MEDIA_ROOT)
    assert not storage.pyramid_dir("big-scan").exists()
    assert client.get("/iiif/3/big-scan/info.json").status_code == 404
    assert client.get("/iiif/3/big-scan/0,0,512,512/512,512/0/default.jpg").status_code == 404

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(reverse("iiif_retry_tiling", args=[image.pk]))
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.tiling_status == "ready"
    assert client.get("/iiif/3/big-scan/info.json").json()["width"] == 12000
    assert not list((storage.tile_root() / ".staging").iterdir()), "the killed run's staging is cleaned up"


def test_admin_lists_failures_with_their_error_and_retries_them(admin_client, tmp_path):
    # A truncated file is refused at ingest, so the failure comes later: the stored master of an
    # image accepted whole is damaged (a disk fault, a bad copy) and its re-tiling fails.
    path = samples.write(samples.noise(800, 800), tmp_path / "whole.jpg", Q=95)
    data = path.read_bytes()
    image = ingest_file(path, identifier="cut-scan").image
    Path(image.file.path).write_bytes(data[: len(data) // 2])
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post(reverse("iiif_retry_tiling", args=[image.pk]))
    image.refresh_from_db()
    assert image.tiling_status == "failed" and image.tiling_error
    listing = admin_client.get(reverse("iiif_tiling:index"), {"tiling_status": "failed"}).content.decode()
    assert "cut-scan" in listing and image.tiling_error[:40] in listing
    assert reverse("iiif_retry_tiling", args=[image.pk]) in listing
    Path(image.file.path).write_bytes(data)  # as if the stored copy had been repaired from a backup
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post(reverse("iiif_retry_tiling", args=[image.pk]))
    image.refresh_from_db()
    assert image.tiling_status == "ready" and image.tiling_error == ""


def test_retry_needs_permission(client, tmp_path, django_user_model):
    image = ingest_file(samples.write(samples.noise(300, 200), tmp_path / "x.jpg")).image
    user = django_user_model.objects.create_user("visitor", password="pw")
    client.force_login(user)
    response = client.post(reverse("iiif_retry_tiling", args=[image.pk]))
    assert response.status_code in (302, 403)
    image.refresh_from_db()
    assert image.tiling_status == "ready", "tiled at ingest, and not queued again by the refused retry"
    assert client.get(reverse("iiif_retry_tiling", args=[image.pk])).status_code in (302, 405)
