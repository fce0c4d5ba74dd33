"""Fixity checks catch changed, missing and unexpected files; exports pass third-party validators."""

import io
import os
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from restoration.archive.sealing import archive_store, seal_event
from restoration.models import AuditEntry

pytestmark = pytest.mark.django_db
VENV_BIN = Path(__file__).resolve().parents[2] / ".venv" / "bin"


def flip_a_bit(path, offset=300):
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)  # sealed files are read-only; root is not stopped by that
    with open(path, "r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x10]))


def run_fixity():
    out = io.StringIO()
    try:
        call_command("fixity_check", stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def test_a_clean_archive_passes_and_each_record_gets_its_last_check(baseline, admin_client):
    seal_event(baseline.pk)
    ok, output = run_fixity()
    assert ok, output
    entry = AuditEntry.objects.get(action="fixity_check", record_identifier="QN-DT-0002")
    assert entry.outcome == "success" and entry.detail["checked"] >= 5
    html = admin_client.get("/admin/restoration/record/QN-DT-0002/").content.decode()
    assert "Last fixity check" in html and "Fixity alarm" not in html


def test_a_bit_flipped_in_a_stored_master_is_caught_and_raises_the_alarm(baseline, admin_client):
    seal_event(baseline.pk)
    master = baseline.images.get().image
    flip_a_bit(master.file.path)
    ok, output = run_fixity()
    assert not ok and "changed: master" in output and "QN-DT-0002" in output
    entry = AuditEntry.objects.filter(action="fixity_check", record_identifier="QN-DT-0002").first()
    assert entry.outcome == "mismatch" and entry.detail["changed"]
    home = admin_client.get("/admin/").content.decode()
    assert "Fixity alarm" in home and "QN-DT-0002" in home
    record = admin_client.get("/admin/restoration/record/QN-DT-0002/").content.decode()
    assert "Fixity alarm" in record and master.file.name in record


def test_a_bit_flipped_in_the_sealed_object_is_caught_by_a_full_digest_check(baseline):
    seal_event(baseline.pk)
    store = archive_store()
    content = next(p for p in store.object_path("QN-DT-0002").rglob("*.pdf"))
    flip_a_bit(content, offset=20)
    ok, output = run_fixity()
    assert not ok and "changed: archive" in output and "invalid" in output
    valid, _messages = store.validate("QN-DT-0002")
    assert not valid


def test_missing_and_unexpected_files_in_the_object_are_reported(baseline):
    seal_event(baseline.pk)
    root = archive_store().object_path("QN-DT-0002")
    content = root / "v1" / "content"
    pdf = next(content.rglob("*.pdf"))
    os.chmod(pdf.parent, stat.S_IRWXU)
    pdf.unlink()
    (pdf.parent / "planted.txt").write_text("not sealed")
    ok, output = run_fixity()
    assert not ok and "missing: archive" in output and "unexpected: archive" in output


def _unzip(response, tmp_path):
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        archive.extractall(tmp_path)
        return tmp_path / archive.namelist()[0].split("/")[0]


def _export(client, url):
    """Ask for the export (a task builds it: at once in tests), then fetch the file."""
    assert client.get(url).status_code == 202  # not built yet: the page offers to prepare it
    assert client.post(url).status_code == 302
    return client.get(url)


def test_exports_are_built_by_a_task_once_per_archive_version(admin_client, baseline, settings):
    from restoration.archive import exports

    seal_event(baseline.pk)
    url = "/admin/restoration/record/QN-DT-0002/export/bag/"
    pending = admin_client.get(url)
    assert pending.status_code == 202 and b'method="post"' in pending.content
    admin_client.post(url)
    built = exports.export_path("QN-DT-0002", "bag", "v1")
    assert built.is_file() and not exports.queued_marker("QN-DT-0002", "bag", "v1").exists()
    # Outside the OCFL storage root: the root stays valid.
    assert settings.ARCHIVE_ROOT not in built.parents
    admin_client.post(url)  # already built: not built again
    assert AuditEntry.objects.filter(action="export", outcome="success").count() == 1
    assert admin_client.get(url)["Content-Disposition"].endswith('QN-DT-0002-bag-v1.zip"')
    assert (
        admin_client.get("/admin/restoration/record/QN-DT-0002/export/zip/", follow=True).status_code == 404
    )


def test_the_record_exports_as_a_bagit_bag_that_bagit_validates(admin_client, baseline, tmp_path):
    seal_event(baseline.pk)
    response = _export(admin_client, "/admin/restoration/record/QN-DT-0002/export/bag/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    bag = _unzip(response, tmp_path)
    assert (bag / "manifest-sha256.txt").exists() and (bag / "manifest-sha512.txt").exists()
    result = subprocess.run(
        [str(VENV_BIN / "bagit.py"), "--validate", str(bag)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    master = baseline.images.get().image
    sealed = next((bag / "data").rglob("01_ev-2005.png"))
    assert sealed.read_bytes() == Path(master.file.path).read_bytes()
    assert AuditEntry.objects.filter(action="export", outcome="success").count() == 1


def test_the_record_exports_as_its_ocfl_object_that_the_ocfl_validator_passes(
    admin_client, baseline, tmp_path
):
    seal_event(baseline.pk)
    response = _export(admin_client, "/admin/restoration/record/QN-DT-0002/export/ocfl/")
    obj = _unzip(response, tmp_path)
    assert (obj / "0=ocfl_object_1.1").exists()
    result = subprocess.run([str(VENV_BIN / "ocfl-validate.py"), str(obj)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_nothing_to_export_before_sealing_is_not_found(admin_client, baseline):
    for identifier in ("QN-DT-0002", "QN-DT-9999"):
        url = f"/admin/restoration/record/{identifier}/export/bag/"
        response = admin_client.get(url, follow=True)
        assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_check_fixity_now_checks_this_record_in_a_task_and_shows_the_result(baseline, admin_client):
    from django.test import TestCase

    seal_event(baseline.pk)
    flip_a_bit(baseline.images.get().image.file.path)
    page = admin_client.get("/admin/restoration/record/QN-DT-0002/").content.decode()
    assert "Check fixity now" in page and "No fixity check has covered this record yet" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post("/admin/restoration/record/QN-DT-0002/fixity/")
    assert response.status_code == 302
    checks = AuditEntry.objects.filter(action="fixity_check")
    assert list(checks.values_list("record_identifier", flat=True)) == ["QN-DT-0002"]  # this record only
    entry = checks.get()
    assert entry.outcome == "mismatch" and entry.detail["changed"]
    assert entry.agent == "boss"  # the curator who asked for it
    page = admin_client.get("/admin/restoration/record/QN-DT-0002/").content.decode()
    assert "Fixity alarm" in page


def test_a_queued_check_is_shown_waiting_and_not_queued_twice(baseline, admin_client, settings):
    from django.test import TestCase
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for _ in range(2):
        with TestCase.captureOnCommitCallbacks(execute=True):
            admin_client.post("/admin/restoration/record/QN-DT-0002/fixity/")
    queued = DBTaskResult.objects.filter(task_path="restoration.tasks.fixity_check_record")
    user_id = int(admin_client.session["_auth_user_id"])
    assert [row.args_kwargs["args"] for row in queued] == [["QN-DT-0002", user_id]]
    page = admin_client.get("/admin/restoration/record/QN-DT-0002/").content.decode()
    assert "A fixity check of this record is queued or running" in page and "Check fixity now" not in page


def test_every_time_on_the_archive_page_is_in_the_archive_zone(baseline, admin_client):
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    seal_event(baseline.pk)
    created = archive_store().inventory("QN-DT-0002")["versions"]["v1"]["created"]
    assert created.endswith("Z")  # OCFL's own record stays UTC
    page = admin_client.get("/admin/restoration/record/QN-DT-0002/").content.decode()
    assert "All times in Asia/Ho_Chi_Minh (UTC+07:00)." in page
    assert f"<td>{timezone.localtime(parse_datetime(created)):%Y-%m-%d %H:%M}</td>" in page
