"""Fixity an insider with database and file access cannot fool (issue 12, item 3).

Each attack of the issue is replayed: a byte of a sealed master flipped and its checksum column rewritten
to match; the row of a sealed master deleted; the live master left writable. The database guards are tried
first; then, as an insider able to drop them, the attack is completed and must still be reported.
"""

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from images.models import HeritageImage
from restoration.archive import guards
from restoration.archive import sealing as sealing_module
from restoration.archive.sealing import archive_store, seal_event
from restoration.models import DocumentationEvent, SealedError
from tests.iiif import samples

from .test_fixity_and_export import flip_a_bit, run_fixity

pytestmark = pytest.mark.django_db


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _drop_all_guards():
    """What an insider with the database owner's rights can do: drop every trigger."""
    guards.remove_master_guards(connection)
    guards.remove(connection)


def _without_row_ids(original):
    """Seal as before row ids were recorded in the snapshot (objects sealed by earlier releases)."""

    def snapshot(*args, **kwargs):
        data = json.loads(original(*args, **kwargs))
        for entry in data["images"]:
            entry.pop("event_image")
        for entry in data["files"]:
            entry.pop("event_file")
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()

    return snapshot


@pytest.mark.postgres
@pytest.mark.parametrize("snapshot_has_row_ids", [True, False])
def test_a_flipped_master_with_its_checksum_column_rewritten_is_still_caught(
    baseline, monkeypatch, snapshot_has_row_ids
):
    if not snapshot_has_row_ids:
        monkeypatch.setattr(sealing_module, "event_snapshot", _without_row_ids(sealing_module.event_snapshot))
    seal_event(baseline.pk)
    master = baseline.images.get().image
    flip_a_bit(master.file.path)
    forged = hashlib.sha256(Path(master.file.path).read_bytes()).hexdigest()
    with pytest.raises(DatabaseError):
        _raw("UPDATE images_heritageimage SET sha256 = %s WHERE id = %s", [forged, master.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        HeritageImage.objects.filter(pk=master.pk).update(sha256=forged)
    # The insider drops the guards and completes the forgery, event file included.
    _drop_all_guards()
    _raw("UPDATE images_heritageimage SET sha256 = %s WHERE id = %s", [forged, master.pk])
    drawing = baseline.files.get()
    flip_a_bit(drawing.file.path, offset=10)
    digests = {
        name: hashlib.new(name, Path(drawing.file.path).read_bytes()).hexdigest()
        for name in ("sha256", "sha512")
    }
    _raw(
        "UPDATE restoration_eventfile SET sha256 = %s, sha512 = %s WHERE id = %s",
        [digests["sha256"], digests["sha512"], drawing.pk],
    )
    ok, output = run_fixity()
    assert not ok, output
    assert f"changed: master {master.file.name}" in output and "differs from the sealed copy" in output
    assert f"changed: database: the SHA-256 recorded for master {master.file.name}" in output
    assert f"changed: event file {drawing.file.name}: differs from the sealed copy" in output
    # The sealed object itself is intact: only the live copies and the database were forged.
    assert archive_store().validate("QN-DT-0002")[0]


@pytest.mark.postgres
def test_an_event_unsealed_in_the_database_behind_the_guards_back_is_reported(baseline):
    seal_event(baseline.pk)
    _drop_all_guards()
    _raw("UPDATE restoration_documentationevent SET sealed_at = NULL WHERE id = %s", [baseline.pk])
    ok, output = run_fixity()
    assert not ok and f"event {baseline.pk} is sealed in the archive, not here" in output


@pytest.mark.postgres
def test_the_row_of_a_sealed_master_is_guarded_like_the_event(baseline, tmp_path):
    seal_event(baseline.pk)
    master = baseline.images.get().image
    for sql in (
        "DELETE FROM images_heritageimage WHERE id = %s",
        "UPDATE images_heritageimage SET file = 'original_images/other.png' WHERE id = %s",
        "UPDATE images_heritageimage SET original_filename = 'x.png' WHERE id = %s",
        "UPDATE images_heritageimage SET photographer = 'someone else' WHERE id = %s",
        "UPDATE images_heritageimage SET file_hash = 'x' WHERE id = %s",
        "UPDATE images_heritageimage SET id = id + 1000 WHERE id = %s",
    ):
        with pytest.raises(DatabaseError):
            _raw(sql, [master.pk])
    # Presentation and tiling columns stay free: titles are edited and images re-tiled.
    _raw(
        "UPDATE images_heritageimage SET title = 'Tháp G1, mặt đông', tiling_status = 'ready' WHERE id = %s",
        [master.pk],
    )
    master.refresh_from_db()
    assert master.title == "Tháp G1, mặt đông"
    # Through the models: refused before anything is written.
    with pytest.raises((ProtectedError, SealedError)):
        master.delete()
    master.photographer = "someone else"
    with pytest.raises(SealedError):
        master.save()
    master.refresh_from_db()
    master.credit_line = "Viện Bảo tồn di tích"
    master.save()  # not a sealed column
    # A master no sealed event uses is still the curators' to change or delete.
    from .conftest import tiled_image

    free = tiled_image(tmp_path, "free")
    _raw("UPDATE images_heritageimage SET photographer = 'x' WHERE id = %s", [free.pk])
    free.delete()
    assert HeritageImage.objects.filter(pk=master.pk, sha256=master.sha256).exists()


def test_the_admin_cannot_delete_or_replace_a_sealed_master(admin_client, baseline, tmp_path):
    seal_event(baseline.pk)
    master = baseline.images.get().image
    sealed_bytes = Path(master.file.path).read_bytes()
    form = admin_client.get(f"/admin/images/{master.pk}/").context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, "")}
    replacement = samples.write(samples.noise(300, 200, seed=7), tmp_path / "replacement.png")
    with open(replacement, "rb") as upload:
        response = admin_client.post(f"/admin/images/{master.pk}/", {**data, "file": upload})
    # Refused (Wagtail's admin turns the PermissionDenied into a redirect home with its message), not saved.
    assert response.status_code == 403 or (
        response.status_code == 302 and not response["Location"].endswith("/admin/images/")
    )
    master.refresh_from_db()
    assert Path(master.file.path).read_bytes() == sealed_bytes and master.width == 900
    confirm = admin_client.get(f"/admin/images/{master.pk}/delete/")
    assert confirm.status_code == 200 and confirm.context["is_protected"]
    response = admin_client.post(f"/admin/images/{master.pk}/delete/")
    assert response.status_code in (302, 403)
    assert HeritageImage.objects.filter(pk=master.pk).exists()


def test_live_sealed_masters_and_files_are_read_only_and_a_writable_one_is_reported(baseline):
    seal_event(baseline.pk)
    master = Path(baseline.images.get().image.file.path)
    drawing = Path(baseline.files.get().file.path)
    for path in (master, drawing):
        assert stat.S_IMODE(path.stat().st_mode) == 0o444, path
    ok, output = run_fixity()
    assert ok, output
    os.chmod(master, 0o644)
    ok, output = run_fixity()
    assert not ok and "is writable; sealed masters and files are kept read-only" in output


def _pages(client):
    base = "/admin/restoration/record/QN-DT-0002"
    return {
        "compare": client.get(f"{base}/compare/"),
        "manifest": client.get(f"{base}/comparison.json"),
        "report": client.get(f"{base}/report/"),
        "archive": client.get(f"{base}/"),
    }


@pytest.mark.postgres
def test_a_deleted_sealed_master_row_is_reported_and_no_page_fails(admin_client, client, baseline, site):
    seal_event(baseline.pk)
    event_image = baseline.images.get()
    master = event_image.image
    _drop_all_guards()
    # Foreign keys are checked at commit; the insider's transaction never gets that far in this test.
    _raw("DELETE FROM images_heritageimage WHERE id = %s", [event_image.image_id])
    pages = _pages(admin_client)
    assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 200)
    for name in ("compare", "report"):
        assert "removed from the database" in pages[name].content.decode(), name
    manifest = pages["manifest"].json()
    assert "removed from the database" in json.dumps(manifest["summary"])
    assert manifest["items"] == []
    assert client.get(site.url).status_code == 200
    assert admin_client.get(f"/admin/restoration/master/{event_image.pk}/", follow=True).status_code == 404
    ok, output = run_fixity()
    assert not ok and "its image row was deleted (sealed copy kept)" in output
    # Put the row back so that the test database's foreign keys hold when the test ends.
    master.save(force_insert=True)


def test_a_missing_or_altered_sealed_master_is_said_on_every_page(admin_client, baseline):
    seal_event(baseline.pk)
    master = baseline.images.get().image
    path = Path(master.file.path)
    original = path.read_bytes()
    os.chmod(path.parent, stat.S_IRWXU)
    path.unlink()
    pages = _pages(admin_client)
    assert all(r.status_code == 200 for r in pages.values())
    for name in ("compare", "report"):
        assert "missing from storage" in pages[name].content.decode(), name
    manifest = pages["manifest"].json()
    assert "missing from storage" in json.dumps(manifest["summary"])
    assert "missing from storage" in json.dumps(manifest["items"][0]["summary"]), "its canvas says so too"
    ok, output = run_fixity()
    assert not ok and f"missing: master {master.file.name}" in output
    # Same size, one bit different: only a full re-hash sees it; once the fixity check has, pages say so.
    path.write_bytes(original)
    flip_a_bit(path)
    assert "altered" not in _pages(admin_client)["compare"].content.decode()
    ok, output = run_fixity()
    assert not ok
    pages = _pages(admin_client)
    for name in ("compare", "report"):
        assert "no longer matches its sealed copy" in pages[name].content.decode(), name
    assert "no longer matches its sealed copy" in json.dumps(pages["manifest"].json()["summary"])
    with_vi = admin_client.get("/admin/restoration/record/QN-DT-0002/comparison.json").json()
    assert set(with_vi["summary"]) == {"vi", "en"}


def test_the_sealed_snapshot_names_the_rows_it_seals(baseline):
    seal_event(baseline.pk)
    event = DocumentationEvent.objects.get(pk=baseline.pk)
    folder = f"events/{event.date:%Y-%m-%d}_{event.kind}_{event.pk}"
    snapshot = json.loads(archive_store().open_file("QN-DT-0002", f"{folder}/event.json").read_text())
    assert snapshot["images"][0]["event_image"] == event.images.get().pk
    assert snapshot["files"][0]["event_file"] == event.files.get().pk
