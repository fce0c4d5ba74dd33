"""Bounds on expensive image requests: a size-bounded disk cache of derived images, and a cap on
how many dynamic renders one worker process runs at once.

A ``full/max`` PNG of a 100-megapixel scan is ~16 MP (maxArea), ~30 MB and about a second of CPU:
without bounds, a few clients asking for such images keep every worker busy and the record pages
wait behind them (benchmarks/expensive_requests.py). So:

* each render is kept in ``MEDIA_ROOT/iiif-cache/`` under a key of the image's pyramid version and
  the canonical request; the folder is trimmed to ``IIIF_RENDER_CACHE_BYTES`` (least recently
  used first) so it cannot fill the disk;
* the machine renders at most ``IIIF_RENDER_MACHINE_SLOTS`` requests at once (lock files shared by
  every worker; default: half the cores), so the other cores keep answering pages;
* a worker renders at most ``IIIF_RENDER_CONCURRENCY`` requests at a time and lets at most
  ``IIIF_RENDER_QUEUE`` more wait (up to ``IIIF_RENDER_WAIT`` seconds); any further request is
  answered 503 with Retry-After at once, so the worker's other threads stay free for pages.
  (Run gunicorn with threads, e.g. ``--worker-class gthread --threads 4``: a sync worker has one
  thread and renders one request at a time anyway.)
"""

import contextlib
import fcntl
import hashlib
import os
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings

CACHE_FOLDER = "iiif-cache"
_state = threading.Lock()
_slots = None
_waiting = 0
_writes = 0
TRIM_EVERY = 32  # writes between two trims of the cache folder


class Busy(Exception):
    """Too many renders running and waiting in this worker: try again shortly."""


def _semaphore():
    global _slots
    with _state:
        if _slots is None:
            _slots = threading.BoundedSemaphore(settings.IIIF_RENDER_CONCURRENCY)
        return _slots


def _machine_slot(deadline):
    """One of ``IIIF_RENDER_MACHINE_SLOTS`` lock files held with flock: at most that many renders run
    at once across every worker process of the machine, so the cores left serve pages. Returns the
    open descriptor (closing it releases the slot, also when a worker dies), or None in time."""
    folder = cache_root() / ".slots"
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        for number in range(settings.IIIF_RENDER_MACHINE_SLOTS):
            fd = os.open(folder / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                os.close(fd)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.05)


class render_slot:
    """Context manager holding one of the worker's render slots and one of the machine's; raises
    Busy when none is free in time or too many requests already wait. A render of at most
    ``IIIF_RENDER_CHEAP_PIXELS`` output pixels (the thumbnails and page images every visitor
    loads, cut from a few pyramid tiles) takes no slot."""

    def __init__(self, pixels=None):
        self.cheap = pixels is not None and pixels <= settings.IIIF_RENDER_CHEAP_PIXELS
        self.fd = None

    def __enter__(self):
        global _waiting
        if self.cheap:
            return self
        deadline = time.monotonic() + settings.IIIF_RENDER_WAIT
        slots = _semaphore()
        if not slots.acquire(blocking=False):
            with _state:
                if _waiting >= settings.IIIF_RENDER_QUEUE:
                    raise Busy
                _waiting += 1
            try:
                if not slots.acquire(timeout=settings.IIIF_RENDER_WAIT):
                    raise Busy
            finally:
                with _state:
                    _waiting -= 1
        self.fd = _machine_slot(deadline) if settings.IIIF_RENDER_MACHINE_SLOTS > 0 else None
        if self.fd is None and settings.IIIF_RENDER_MACHINE_SLOTS > 0:
            slots.release()
            raise Busy
        return self

    def __exit__(self, *exc):
        if self.cheap:
            return False
        if self.fd is not None:
            os.close(self.fd)
        _semaphore().release()
        return False


def cache_root():
    return Path(settings.MEDIA_ROOT) / CACHE_FOLDER


def cache_path(identifier, version, canonical):
    key = hashlib.sha256(f"{identifier}\0{version}\0{canonical}".encode()).hexdigest()
    suffix = canonical.rsplit(".", 1)[-1]
    return cache_root() / key[:2] / f"{key}.{suffix}"


def cached(path):
    """The cached bytes, or None; a hit refreshes the file's time (least recently used goes first)."""
    try:
        body = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return body


def store(path, body):
    """Keep a render (written aside, then renamed: readers never see half a file)."""
    global _writes
    if settings.IIIF_RENDER_CACHE_BYTES <= 0 or len(body) > settings.IIIF_RENDER_CACHE_BYTES // 4:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    temporary.write_bytes(body)
    os.replace(temporary, path)
    with _state:
        _writes += 1
        due = _writes % TRIM_EVERY == 1
    if due:
        trim()


def trim(limit=None):
    """Delete the least recently used renders until the folder holds at most 90 % of the limit."""
    limit = settings.IIIF_RENDER_CACHE_BYTES if limit is None else limit
    entries = []
    total = 0
    for path in cache_root().glob("*/*"):
        if path.parent.name == ".slots":
            continue  # the machine's render locks, never deleted (that would break them)
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        if path.name.startswith(".") and stat.st_mtime < time.time() - 3600:
            path.unlink(missing_ok=True)  # left by a worker killed mid-write
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
        total += stat.st_size
    if total <= limit:
        return total
    entries.sort()
    target = limit * 0.9
    for _mtime, size, path in entries:
        if total <= target:
            break
        path.unlink(missing_ok=True)
        total -= size
    return total
