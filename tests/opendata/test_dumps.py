"""Dumps: the command (and the task) write CSV, JSON-LD and GeoJSON of every public record with
SHA-256 checksums, atomically; the open-data page lists them with dates and sizes."""

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from opendata import dumps, tasks
from opendata.models import DumpFile

from .conftest import commit

pytestmark = pytest.mark.django_db


def test_write_dumps_command(client, archive, en):
    commit(archive["ordinance"].unpublish)  # a draft is not dumped
    out = io.StringIO()
    call_command("write_dumps", stdout=out)
    rows = {row.name: row for row in DumpFile.objects.all()}
    assert set(rows) == {"records.csv", "records.jsonld", "records.geojson"}
    folder = Path(settings.MEDIA_ROOT) / rows["records.csv"].path
    folder = folder.parent
    sums = dict(line.split("  ")[::-1] for line in (folder / "SHA256SUMS").read_text().splitlines())
    for name, row in rows.items():
        body = (folder / name).read_bytes()
        assert hashlib.sha256(body).hexdigest() == row.sha256 == sums[name]
        assert row.size == len(body) and row.sha256 in out.getvalue()
        download = client.get(f"/{row.path}")
        assert download.status_code == 200 and b"".join(download.streaming_content) == body
    table = list(csv.DictReader(io.StringIO((folder / "records.csv").read_text())))
    assert {(r["id"], r["language"]) for r in table} == {
        ("QN-DT-0001", "vi"), ("QN-DT-0001", "en"), ("QN-DT-0002", "vi"),
        ("QN-HV-0001", "vi"), ("QN-HV-0001", "en"), ("QN-PVT-0001", "vi"),
    }  # fmt: skip
    assert rows["records.csv"].records == 4
    graph = json.loads((folder / "records.jsonld").read_text())["@graph"]
    assert {node.get("type") or node.get("@type")[0] for node in graph} == {
        "Place",
        "HumanMadeObject",
        "CreativeWork",
    }
    geo = json.loads((folder / "records.geojson").read_text())
    assert {f["id"] for f in geo["features"]} == {"QN-DT-0001", "QN-DT-0002"}
    assert not list(Path(settings.MEDIA_ROOT, dumps.DUMP_DIR).glob(".*partial"))
    page = client.get("/vi/du-lieu-mo/").content.decode()
    assert "records.geojson" in page and rows["records.geojson"].sha256 in page


def test_the_task_keeps_the_last_runs_only(archive):
    import datetime as dt

    from django.utils import timezone

    result = tasks.write_dumps.enqueue()
    assert result.status == "SUCCESSFUL" and DumpFile.objects.count() == 3
    start = timezone.now()
    for days in range(1, dumps.KEEP_RUNS + 2):
        dumps.write_all(now=start + dt.timedelta(days=days))
    assert DumpFile.objects.order_by().values("created_at").distinct().count() == dumps.KEEP_RUNS
    assert len(list(Path(settings.MEDIA_ROOT, dumps.DUMP_DIR).iterdir())) == dumps.KEEP_RUNS
    assert min(DumpFile.objects.values_list("created_at", flat=True)) == start + dt.timedelta(days=2)


def test_the_open_data_page_lists_dumps_with_dates_and_sizes(client, archive):
    dumps.write_all()
    for url, words in (
        ("/vi/du-lieu-mo/", ("Tải về", "records.csv")),
        ("/en/open-data/", ("Bulk downloads", "records.csv")),
    ):
        html = client.get(url).content.decode()
        for word in words:
            assert word in html, (url, word)
        for row in DumpFile.objects.all():
            assert row.sha256 in html and f'href="/{row.path}"' in html
