"""Sealing events into the archive, and corrections as new versions.

The OCFL object (one per record) is written first; only when it is installed are the rows marked
sealed. A failure anywhere leaves the object at its previous head and the event unsealed, and is
written to the audit trail with its reason.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from images.fixity import check_file

from ..models import AuditAction, AuditEntry, AuditOutcome, Correction, DocumentationEvent
from .integrity import make_read_only
from .ocfl_store import ArchiveError, ObjectStore, SealFile, VersionInfo
from .snapshot import event_folder, event_snapshot, file_logical_path, image_logical_path, record_snapshot


class SealingError(Exception):
    """Sealing or correcting failed; the message says why, for the curator."""


def archive_store():
    return ObjectStore(Path(settings.ARCHIVE_ROOT))


def _agent(user):
    return getattr(user, "get_username", lambda: "")() or "system"


def _verified(path, expected, algorithm, what):
    """``path`` when its bytes still have the checksum recorded at ingest; SealingError otherwise."""
    outcome = check_file(path, algorithm, expected)
    if outcome == "missing":
        raise SealingError(_("%(what)s is missing from storage: nothing was sealed.") % {"what": what})
    if expected and outcome == "changed":
        raise SealingError(
            _("%(what)s has changed since it was received (checksum mismatch): nothing was sealed.")
            % {"what": what}
        )
    return Path(path)


def _event_files(event, sealed_by):
    """The SealFiles of an event: each master and file as received, then its metadata snapshot."""
    seal_files, paths = [], {}
    for index, event_image in enumerate(event.images.select_related("image"), start=1):
        image = event_image.image
        path = image_logical_path(event, index, event_image)
        paths[event_image] = path
        source = _verified(image.file.path, image.sha256, "sha256", _("The master of “%s”") % image.title)
        seal_files.append(SealFile(path, source))
    for index, event_file in enumerate(event.files.all(), start=1):
        path = file_logical_path(event, index, event_file)
        paths[event_file] = path
        source = _verified(event_file.file.path, event_file.sha512, "sha512", _("The file “%s”") % event_file)
        seal_files.append(SealFile(path, source))
    if not paths:
        raise SealingError(_("An event needs at least one image or file to be sealed."))
    seal_files.append(
        SealFile(f"{event_folder(event)}/event.json", data=event_snapshot(event, paths, sealed_by))
    )
    record = json.dumps(record_snapshot(event.record), ensure_ascii=False, indent=2, sort_keys=True).encode()
    seal_files.append(SealFile("record.json", data=record))
    return seal_files


def seal_event(event_id, user=None):
    """Seal the event as a new version of its record's archive object; return that version."""
    event = DocumentationEvent.objects.select_related("record").get(pk=event_id)
    identifier = event.record_identifier
    agent = _agent(user)
    try:
        if event.is_sealed:
            raise SealingError(
                _("This event is already sealed (%(version)s).") % {"version": event.sealed_version}
            )
        files = _event_files(event, agent)
        info = VersionInfo(
            message=f"Seal {event.get_kind_display()} of {event.date:%Y-%m-%d} (event {event.pk})",
            user_name=agent,
            user_address=getattr(user, "email", "") or "",
        )
        version = archive_store().add_version(identifier, files, info)
    except (SealingError, ArchiveError, OSError) as error:
        AuditEntry.log(
            AuditAction.SEAL,
            AuditOutcome.FAILURE,
            user=user,
            record_identifier=identifier,
            event=event,
            summary=str(error),
        )
        raise SealingError(str(error)) from error
    with transaction.atomic():
        DocumentationEvent.objects.filter(pk=event.pk, sealed_at__isnull=True).update(
            sealed_at=timezone.now(), sealed_by=agent, sealed_version=version
        )
        AuditEntry.log(
            AuditAction.SEAL,
            AuditOutcome.SUCCESS,
            user=user,
            record_identifier=identifier,
            event=event,
            summary=f"{version}: {event}",
            version=version,
            files=[f.logical_path for f in files],
        )
    # The live masters and files are now sealed content too: read-only on disk, like the object's.
    make_read_only(f.source for f in files if f.source is not None)
    return version


def add_correction(event_id, user, reason, text, upload=None):
    """Record a correction to a sealed event as a new archive version (who, when, why)."""
    event = DocumentationEvent.objects.select_related("record").get(pk=event_id)
    if not event.is_sealed:
        raise SealingError(_("Only a sealed event is corrected this way; edit the event itself."))
    reason, text = (reason or "").strip(), (text or "").strip()
    if not reason or not text:
        raise SealingError(_("Say why, and what the correction is."))
    correction = Correction.objects.create(
        event=event, reason=reason, text=text, file=upload or "", created_by=_agent(user)
    )
    folder = f"{event_folder(event)}/corrections/{correction.created_at:%Y%m%dT%H%M%S}_{correction.pk}"
    note = {
        "event": event.pk,
        "who": correction.created_by,
        "when": correction.created_at.isoformat(),
        "why": reason,
        "correction": text,
    }
    files = [
        SealFile(f"{folder}/correction.json", data=json.dumps(note, ensure_ascii=False, indent=2).encode())
    ]
    if correction.file:
        files.append(SealFile(f"{folder}/{Path(correction.file.name).name}", Path(correction.file.path)))
    identifier = event.record_identifier
    try:
        version = archive_store().add_version(
            identifier,
            files,
            VersionInfo(message=f"Correction to event {event.pk}: {reason}", user_name=note["who"]),
        )
    except (ArchiveError, OSError) as error:
        AuditEntry.log(
            AuditAction.NEW_VERSION,
            AuditOutcome.FAILURE,
            user=user,
            record_identifier=identifier,
            event=event,
            summary=str(error),
        )
        correction.delete()
        raise SealingError(str(error)) from error
    Correction.objects.filter(pk=correction.pk).update(archive_version=version)
    AuditEntry.log(
        AuditAction.NEW_VERSION,
        AuditOutcome.SUCCESS,
        user=user,
        record_identifier=identifier,
        event=event,
        summary=f"{version}: {reason}",
        version=version,
    )
    return version
