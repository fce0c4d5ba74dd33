"""Expensive IIIF answers are bounded: renders are cached on disk within a size limit, and a worker
runs a capped number of renders at once, answering 503 + Retry-After beyond that."""

import threading

import pytest
from django.test import TestCase

from iiif.image_api import bounds, processing
from images.ingest import ingest_file
from tests.factories import show_publicly

from . import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def scan(tmp_path):
    path = samples.write(samples.noise(2400, 1600), tmp_path / "scan.jpg")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image = ingest_file(path).image
    show_publicly(image)
    return image


@pytest.fixture
def counted_renders(monkeypatch):
    calls = []
    real = processing.render

    def render(*args):
        calls.append(args[2])
        return real(*args)

    monkeypatch.setattr(processing, "render", render)
    return calls


def test_a_render_is_made_once_then_served_from_the_cache(client, scan, counted_renders):
    url = f"/iiif/3/{scan.iiif_identifier}/full/max/0/default.png"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content[:4] == b"\x89PNG"
    assert len(counted_renders) == 1
    # Another spelling of the same canonical request is the same cache entry.
    assert client.get(f"/iiif/3/{scan.iiif_identifier}/full/2400,/0/default.png").status_code == 200
    assert len(counted_renders) == 1


def test_the_cache_stays_within_its_size_limit(client, scan, settings, counted_renders):
    settings.IIIF_RENDER_CACHE_BYTES = 1_000_000
    for width in range(200, 800, 20):
        assert client.get(f"/iiif/3/{scan.iiif_identifier}/full/{width},/0/default.jpg").status_code == 200
    rendered = len(counted_renders)
    assert rendered >= 25  # a width that is exactly a pyramid level is a tile file, not a render
    total = bounds.trim()
    assert 0 < total <= 1_000_000
    stored = sum(path.stat().st_size for path in bounds.cache_root().glob("[0-9a-f][0-9a-f]/*"))
    assert stored == total
    # The most recent renders are kept, the oldest went first.
    assert client.get(f"/iiif/3/{scan.iiif_identifier}/full/780,/0/default.jpg").status_code == 200
    assert len(counted_renders) == rendered


def test_renders_beyond_the_workers_cap_get_503_and_retry_after(client, scan, settings):
    settings.IIIF_RENDER_CONCURRENCY = 1
    settings.IIIF_RENDER_QUEUE = 0
    bounds._slots = None  # the cap is read when the first render of a process starts
    busy, release = threading.Event(), threading.Event()

    def long_render():
        with bounds.render_slot():
            busy.set()
            release.wait(30)

    worker = threading.Thread(target=long_render)
    worker.start()
    try:
        busy.wait(10)
        refused = client.get(f"/iiif/3/{scan.iiif_identifier}/full/1500,/0/default.webp")
        assert refused.status_code == 503 and refused["Retry-After"] == "5"
        # Tiles, info.json and small renders (thumbnails) take no slot: they are still served.
        assert client.get(f"/iiif/3/{scan.iiif_identifier}/full/480,/0/default.jpg").status_code == 200
        assert client.get(f"/iiif/3/{scan.iiif_identifier}/info.json").status_code == 200
        assert (
            client.get(f"/iiif/3/{scan.iiif_identifier}/0,0,512,512/512,512/0/default.jpg").status_code == 200
        )
    finally:
        release.set()
        worker.join()
        bounds._slots = None
    assert client.get(f"/iiif/3/{scan.iiif_identifier}/full/1500,/0/default.webp").status_code == 200


def test_the_machine_runs_a_capped_number_of_renders_across_workers(client, scan, settings):
    # Another worker process holds the machine's only render slot (a lock file, as bounds does).
    import fcntl
    import os

    settings.IIIF_RENDER_MACHINE_SLOTS = 1
    settings.IIIF_RENDER_WAIT = 0.5
    folder = bounds.cache_root() / ".slots"
    folder.mkdir(parents=True, exist_ok=True)
    other_worker = os.open(folder / "slot-0", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        # flock locks belong to open file descriptions: a second open() here competes like another process.
        fcntl.flock(other_worker, fcntl.LOCK_EX)
        refused = client.get(f"/iiif/3/{scan.iiif_identifier}/full/1400,/0/default.webp")
        assert refused.status_code == 503 and refused["Retry-After"] == "5"
    finally:
        os.close(other_worker)
    assert client.get(f"/iiif/3/{scan.iiif_identifier}/full/1400,/0/default.webp").status_code == 200
    bounds.trim()
    assert (folder / "slot-0").exists()
