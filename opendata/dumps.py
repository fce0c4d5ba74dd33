"""Bulk dumps of every public record: CSV (one row per record and language), JSON-LD (Linked Art
where the model fits, else the API document) and GeoJSON (records with a public place), each
with its SHA-256. Written into a temporary folder and moved into place, so a reader never sees a
half-written dump; the last few runs are kept."""

import csv
import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import schema_org
from .linked_art import BUILDERS as LINKED_ART
from .models import DumpFile, RecordState
from .records import TYPES, public_groups
from .serialise import Batch, document

DUMP_DIR = "opendata/dumps"
KEEP_RUNS = 3
CSV_COLUMNS = [
    "id", "type", "language", "title", "summary", "dating", "earliest_year", "latest_year",
    "latitude", "longitude", "location_generalised", "rights", "credit_line", "uri", "page", "manifest",
    "updated",
]  # fmt: skip


def _records():
    """(type, {language: document}) of every public record, a type at a time."""
    stamps = dict(RecordState.objects.values_list("translation_key", "datestamp"))
    for name, model in TYPES.items():
        groups = public_groups(model)
        batch = Batch(groups.values())
        for key in sorted(groups, key=lambda k: next(iter(groups[k].values())).identifier):
            versions = groups[key]
            yield name, {lang: document(versions, lang, batch, stamps.get(key)) for lang in versions}


def _location(doc):
    if doc.get("location"):
        return doc["location"]
    return None


def _csv_row(doc):
    location = _location(doc) or {}
    return {
        "id": doc["id"],
        "type": doc["type"],
        "language": doc["language"],
        "title": doc["title"],
        "summary": doc["summary"],
        "dating": doc["dating"],
        "earliest_year": doc["earliest_year"],
        "latest_year": doc["latest_year"],
        "latitude": location.get("latitude"),
        "longitude": location.get("longitude"),
        "location_generalised": location.get("generalised"),
        "rights": doc["rights"]["uri"],
        "credit_line": doc["rights"]["credit_line"],
        "uri": doc["uri"],
        "page": doc["links"]["page"].get(doc["language"]),
        "manifest": doc["links"]["manifest"],
        "updated": doc["updated"],
    }


def _write(folder):
    """Write the three files into ``folder``; returns {file name: (format, record count)}."""
    counts = {"records.csv": 0, "records.jsonld": 0, "records.geojson": 0}
    with (
        open(folder / "records.csv", "w", newline="", encoding="utf-8") as csv_file,
        open(folder / "records.jsonld", "w", encoding="utf-8") as ld_file,
        open(folder / "records.geojson", "w", encoding="utf-8") as geo_file,
    ):
        writer = csv.DictWriter(csv_file, CSV_COLUMNS)
        writer.writeheader()
        # Each entry carries its own context: Linked Art where the model fits, schema.org otherwise.
        ld_file.write('{"@graph":[\n')
        geo_file.write('{"type":"FeatureCollection","features":[\n')
        for name, docs in _records():
            for doc in docs.values():
                writer.writerow(_csv_row(doc))
            counts["records.csv"] += 1
            builder = LINKED_ART.get(name)
            entry = builder(docs) if builder else schema_org.thing(next(iter(docs.values())))
            ld_file.write(
                ("," if counts["records.jsonld"] else "") + json.dumps(entry, ensure_ascii=False) + "\n"
            )
            counts["records.jsonld"] += 1
            first = next(iter(docs.values()))
            if location := _location(first):
                feature = {
                    "type": "Feature",
                    "id": first["id"],
                    "geometry": {
                        "type": "Point",
                        "coordinates": [location["longitude"], location["latitude"]],
                    },
                    "properties": {
                        "type": first["type"],
                        "names": {lang: d["title"] for lang, d in docs.items()},
                        "generalised": location["generalised"],
                        "uri": first["uri"],
                        "rights": first["rights"]["uri"],
                    },
                }
                geo_file.write(
                    ("," if counts["records.geojson"] else "")
                    + json.dumps(feature, ensure_ascii=False)
                    + "\n"
                )
                counts["records.geojson"] += 1
        ld_file.write("]}\n")
        geo_file.write("]}\n")
    return {
        "records.csv": ("CSV", counts["records.csv"]),
        "records.jsonld": ("JSON-LD", counts["records.jsonld"]),
        "records.geojson": ("GeoJSON", counts["records.geojson"]),
    }


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_all(now=None):
    """Write a new set of dumps and return its DumpFile rows."""
    now = now or timezone.now()
    root = Path(settings.MEDIA_ROOT) / DUMP_DIR
    root.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    staging = root / f".{stamp}.partial"
    final = root / stamp
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        written = _write(staging)
        checksums = {name: _sha256(staging / name) for name in written}
        (staging / "SHA256SUMS").write_text(
            "".join(f"{digest}  {name}\n" for name, digest in checksums.items())
        )
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with transaction.atomic():
        rows = [
            DumpFile.objects.create(
                name=name,
                path=f"{DUMP_DIR}/{stamp}/{name}",
                format=fmt,
                size=(final / name).stat().st_size,
                sha256=checksums[name],
                records=count,
                created_at=now,
            )
            for name, (fmt, count) in written.items()
        ]
    _prune(root)
    return rows


def _prune(root):
    runs = sorted(DumpFile.objects.order_by().values_list("created_at", flat=True).distinct(), reverse=True)
    for old in runs[KEEP_RUNS:]:
        for row in DumpFile.objects.filter(created_at=old):
            folder = (Path(settings.MEDIA_ROOT) / row.path).parent
            shutil.rmtree(folder, ignore_errors=True)
            row.delete()
