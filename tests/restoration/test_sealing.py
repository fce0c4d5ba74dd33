"""Sealing events into OCFL objects, corrections as new versions, and what can never change."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from restoration.archive.sealing import SealingError, add_correction, archive_store, seal_event
from restoration.models import (
    AuditEntry,
    ConditionObservation,
    Correction,
    DamageType,
    DocumentationEvent,
    EventImage,
    SealedError,
)

from .conftest import make_event

pytestmark = pytest.mark.django_db
VENV_BIN = Path(__file__).resolve().parents[2] / ".venv" / "bin"


def test_sealing_writes_every_file_byte_for_byte_with_checksums(baseline, settings):
    version = seal_event(baseline.pk)
    assert version == "v1"
    baseline.refresh_from_db()
    assert baseline.is_sealed and baseline.sealed_version == "v1" and baseline.sealed_by == "system"
    store = archive_store()
    state = store.state("QN-DT-0002")
    paths = sorted(state)
    folder = f"events/2005-03-15_baseline_survey_{baseline.pk}"
    assert paths == sorted(
        [
            "record.json",
            f"{folder}/event.json",
            f"{folder}/files/01_mat-bang-g1.pdf",
            f"{folder}/images/01_ev-2005.png",
        ]
    )
    master = baseline.images.get().image
    sealed_master = store.open_file("QN-DT-0002", f"{folder}/images/01_ev-2005.png")
    assert sealed_master.read_bytes() == Path(master.file.path).read_bytes()
    inventory = store.inventory("QN-DT-0002")
    assert inventory["digestAlgorithm"] == "sha512" and "sha256" in inventory["fixity"]
    assert master.sha256 in inventory["fixity"]["sha256"]
    valid, messages = store.validate("QN-DT-0002")
    assert valid, messages
    # The third-party validator agrees.
    result = subprocess.run(
        [str(VENV_BIN / "ocfl-validate.py"), str(store.object_path("QN-DT-0002"))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    entry = AuditEntry.objects.get(action="seal")
    assert (
        entry.outcome == "success"
        and entry.record_identifier == "QN-DT-0002"
        and entry.event_id == baseline.pk
    )


def test_the_snapshot_keeps_the_event_its_annotations_and_the_exact_place(baseline):
    import json

    seal_event(baseline.pk)
    folder = f"events/2005-03-15_baseline_survey_{baseline.pk}"
    snapshot = json.loads(archive_store().open_file("QN-DT-0002", f"{folder}/event.json").read_text())
    assert snapshot["event"]["agency"] == "Viện Bảo tồn di tích"
    assert snapshot["record"]["latitude"] == "15.767000" and snapshot["record"]["identifier"] == "QN-DT-0002"
    annotation = snapshot["images"][0]["annotations"][0]
    assert annotation["type"] == "Annotation" and annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotation["target"]["selector"]["value"] == "xywh=100,120,200,300"
    assert {"value": "Cracking", "language": "en"}.items() <= annotation["body"][0].items()
    assert snapshot["files"][0]["sha512"] == baseline.files.get().sha512


def test_a_later_event_and_a_correction_are_new_versions(baseline, site, tmp_path, admin_user):
    seal_event(baseline.pk, admin_user)
    survey, _image = make_event(site, tmp_path, date(2024, 6, 20), kind="post_restoration_survey")
    assert seal_event(survey.pk, admin_user) == "v2"
    store = archive_store()
    assert any(path.startswith("events/2005") for path in store.state("QN-DT-0002")), "v1 carried forward"
    assert store.state("QN-DT-0002", "v1") != store.state("QN-DT-0002")
    version = add_correction(
        baseline.pk, admin_user, "Sai tên cơ quan", "Cơ quan đúng là Viện Bảo tồn di tích quốc gia"
    )
    assert version == "v3"
    inventory = store.inventory("QN-DT-0002")
    assert inventory["versions"]["v3"]["user"]["name"] == "boss"
    assert "Sai tên cơ quan" in inventory["versions"]["v3"]["message"]
    correction = Correction.objects.get()
    assert correction.archive_version == "v3" and correction.created_by == "boss"
    assert AuditEntry.objects.filter(action="new_version", outcome="success").count() == 1
    baseline.refresh_from_db()
    assert baseline.agency == "Viện Bảo tồn di tích", "the sealed text itself never changes"
    with pytest.raises(SealingError):
        add_correction(baseline.pk, admin_user, "", "")
    with pytest.raises(SealingError):
        seal_event(baseline.pk)


def test_sealed_content_cannot_be_changed_or_removed_through_the_models(baseline):
    seal_event(baseline.pk)
    event = DocumentationEvent.objects.get(pk=baseline.pk)
    event.agency = "Khác"
    with pytest.raises(SealedError):
        event.save()
    with pytest.raises(SealedError):
        event.delete()
    with pytest.raises(SealedError):
        DocumentationEvent.objects.filter(pk=event.pk).update(agency="Khác")
    with pytest.raises(SealedError):
        DocumentationEvent.objects.all().delete()
    image = EventImage.objects.get(event=event)
    image.view = "Khác"
    with pytest.raises(SealedError):
        image.save()
    with pytest.raises(SealedError):
        image.delete()
    with pytest.raises(SealedError):
        ConditionObservation.objects.create(event=event, damage=DamageType.objects.get(key="wood-rot"))
    event.refresh_from_db()
    assert event.agency == "Viện Bảo tồn di tích" and event.images.count() == 1


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.postgres
def test_the_database_refuses_changes_that_bypass_the_models(baseline):
    seal_event(baseline.pk)
    image_id = baseline.images.get().pk
    for sql, params in [
        ("UPDATE restoration_documentationevent SET agency = 'x' WHERE id = %s", [baseline.pk]),
        ("DELETE FROM restoration_documentationevent WHERE id = %s", [baseline.pk]),
        ("UPDATE restoration_eventimage SET view = 'x' WHERE id = %s", [image_id]),
        ("DELETE FROM restoration_eventfile WHERE event_id = %s", [baseline.pk]),
        ("DELETE FROM restoration_conditionobservation WHERE event_id = %s", [baseline.pk]),
        ("UPDATE restoration_auditentry SET outcome = 'failure'", []),
        ("DELETE FROM restoration_auditentry", []),
    ]:
        with pytest.raises(DatabaseError):
            _raw(sql, params)
    assert DocumentationEvent.objects.filter(pk=baseline.pk, agency="Viện Bảo tồn di tích").exists()
    assert AuditEntry.objects.filter(action="seal", outcome="success").exists()
    # An event not sealed yet is still edited freely.
    _raw("UPDATE restoration_documentationevent SET agency = 'y' WHERE sealed_at IS NULL")


def test_the_audit_trail_is_append_only(baseline):
    entry = AuditEntry.log("export", "success", record_identifier="QN-DT-0002", summary="bag")
    entry.summary = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(summary="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_a_master_changed_since_ingest_is_not_sealed(baseline):
    master = baseline.images.get().image
    with open(master.file.path, "r+b") as handle:
        handle.seek(200)
        byte = handle.read(1)
        handle.seek(200)
        handle.write(bytes([byte[0] ^ 0x01]))
    with pytest.raises(SealingError, match="tổng kiểm tra không khớp"):  # the site speaks Vietnamese first
        seal_event(baseline.pk)
    assert archive_store().head("QN-DT-0002") is None
    baseline.refresh_from_db()
    assert not baseline.is_sealed
    assert AuditEntry.objects.get(action="seal").outcome == "failure"


def test_an_event_without_images_or_files_is_not_sealed(site):
    event = DocumentationEvent.objects.create(
        record=site, kind="monitoring", date=date(2020, 1, 1), agency="BQL"
    )
    with pytest.raises(SealingError, match="ít nhất một ảnh"):
        seal_event(event.pk)


def test_the_admin_sends_an_editor_of_a_sealed_event_to_the_correction_form(admin_client, baseline):
    edit_url = f"/admin/documentationevent/edit/{baseline.pk}/"
    assert admin_client.get(edit_url).status_code == 200, "not sealed yet: editable"
    seal_event(baseline.pk)
    response = admin_client.get(edit_url)
    assert (
        response.status_code == 302
        and response["Location"] == f"/admin/restoration/event/{baseline.pk}/correct/"
    )
    response = admin_client.post(f"/admin/documentationevent/delete/{baseline.pk}/")
    assert response.status_code == 302
    assert DocumentationEvent.objects.filter(pk=baseline.pk).exists()
    page = admin_client.get(f"/admin/restoration/event/{baseline.pk}/correct/")
    assert page.status_code == 200
    response = admin_client.post(
        f"/admin/restoration/event/{baseline.pk}/correct/",
        {"reason": "Sai ngày", "text": "Ngày đúng: 16/3/2005"},
    )
    assert response.status_code == 302 and Correction.objects.get().archive_version == "v2"


def test_the_admin_seals_from_the_record_archive_page(admin_client, baseline):
    page = admin_client.get("/admin/restoration/record/QN-DT-0002/")
    assert page.status_code == 200 and "Seal as baseline" in page.content.decode()
    response = admin_client.post(f"/admin/restoration/event/{baseline.pk}/seal/")
    assert response.status_code == 302
    html = admin_client.get("/admin/restoration/record/QN-DT-0002/").content.decode()
    assert "v1" in html and "Add a correction" in html


def test_archive_views_need_permission(client, baseline, django_user_model):
    url = "/admin/restoration/record/QN-DT-0002/"
    assert client.get(url).status_code == 302  # to the login page
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    assert client.post(f"/admin/restoration/event/{baseline.pk}/seal/").status_code in (302, 403)
    baseline.refresh_from_db()
    assert not baseline.is_sealed


def test_downloading_a_master_is_logged_as_restricted_access(admin_client, baseline):
    event_image = baseline.images.get()
    response = admin_client.get(f"/admin/restoration/master/{event_image.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(event_image.image.file.path).read_bytes()
    entry = AuditEntry.objects.get(action="restricted_access")
    assert entry.agent == "boss" and entry.detail["sha256"] == event_image.image.sha256
