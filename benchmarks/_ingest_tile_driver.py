"""Run by the benchmarks in a fresh process: the real ingest of one master, then its tiling.

    python benchmarks/_ingest_tile_driver.py FILE [--identifier ID] [--jpeg-options "[Q=85]"]

Needs DJANGO_SETTINGS_MODULE, DATABASE_URL (a migrated database), MEDIA_ROOT and DATA_DIR in the
environment (the benchmarks point them at a temporary folder). It calls
``images.ingest.ingest_file`` (header check, streamed SHA-256, store the file, commit; the iiif app
then enqueues tiling in the task queue) and then ``iiif.tiling.tile_image`` synchronously, as the
task worker would (dzsave into staging, atomic publish, status update). Prints one JSON line:
seconds spent in each phase and the process's VmHWM (peak RSS) after each.

``--jpeg-options`` replaces ``iiif.tiling.JPEG_TILE_OPTIONS`` in this process only (a what-if
measurement of a change to the app; the app's code is not touched).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def vm_hwm():
    """Peak resident set size of this process so far, in bytes (Linux /proc)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--identifier", default=None)
    parser.add_argument("--jpeg-options", default=None, help='e.g. "[Q=85,keep=none]"')
    parser.add_argument("--public", action="store_true", help="show the image on a published record")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heritage_site.settings.dev")

    import django

    django.setup()
    from iiif import tiling
    from iiif.tiling import tile_image
    from images.ingest import ingest_file
    from images.models import TilingStatus

    if args.jpeg_options is not None:
        tiling.JPEG_TILE_OPTIONS = args.jpeg_options
    started, cpu_started = time.perf_counter(), time.process_time()
    result = ingest_file(args.file, identifier=args.identifier)
    if result.status != "accepted":
        sys.exit(f"ingest {result.status}: {result.message}")
    ingested = time.perf_counter()
    hwm_ingest = vm_hwm()
    # A new master is tiled by the pass that verifies it (images.verification): ingest is the
    # whole work then, and the worker has nothing left to do.
    result.image.refresh_from_db()
    status = result.image.tiling_status
    if status != TilingStatus.READY:
        status = tile_image(result.image.pk)
    tiled, cpu_done = time.perf_counter(), time.process_time()
    if status != TilingStatus.READY:
        result.image.refresh_from_db()
        sys.exit(f"tiling {status}: {result.image.tiling_error}")
    if args.public:
        make_public(result.image)
    print(
        json.dumps(
            {
                "identifier": result.image.iiif_identifier,
                "startup_s": started - START,
                "ingest_s": ingested - started,
                "tiling_s": tiled - ingested,
                "work_cpu_s": cpu_done - cpu_started,
                "vm_hwm_after_ingest": hwm_ingest,
                "vm_hwm_after_tiling": vm_hwm(),
            }
        )
    )


def make_public(image):
    """Show the image on a published artefact record, so the IIIF service serves it to anyone."""
    from catalogue.models import ArtefactIndexPage, ArtefactPage, HomePage, RecordImage
    from iiif.access import sync_public_links

    home = HomePage.objects.filter(locale__language_code="vi").first()
    index = ArtefactIndexPage(title="Hiện vật", slug="hien-vat")
    home.add_child(instance=index)
    index.save_revision().publish()
    record = ArtefactPage(title="Benchmark", slug="benchmark", status="national_treasure")
    record.record_images = [RecordImage(image=image, caption="Benchmark")]
    index.add_child(instance=record)
    record.save_revision().publish()
    sync_public_links()


if __name__ == "__main__":
    main()
