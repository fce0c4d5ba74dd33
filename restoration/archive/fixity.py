"""Fixity: every sealed object, every stored master and file re-hashed and compared with what was sealed.

Masters and files of sealed events are checked against the digests in the sealed OCFL inventory, never
against the database's checksum columns (an insider can rewrite those); the columns, the rows themselves and
the read-only mode of the live copies are checked against the inventory too. Masters not sealed yet can only
be checked against the checksum taken at ingest.

Each sealed object is validated on its own with every digest checked (a storage-root scan or a
"fast" check passes a corrupt object). Results go to the audit trail, one entry per record, so the
admin can show each record's last check and raise an alarm on a mismatch.
"""

from dataclasses import dataclass, field

from catalogue.models import RecordImage
from images.fixity import check_file
from images.models import HeritageImage

from ..models import AuditAction, AuditEntry, AuditOutcome, EventFile, EventImage
from . import integrity
from .ocfl_store import ArchiveError
from .sealing import archive_store


@dataclass
class RecordFixity:
    identifier: str
    checked: int = 0
    changed: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    unexpected: list = field(default_factory=list)
    invalid: list = field(default_factory=list)

    @property
    def ok(self):
        return not (self.changed or self.missing or self.unexpected or self.invalid)


def _owners():
    """image id → identifiers of the records that use it (record pages and documentation events)."""
    owners = {}
    for item in RecordImage.objects.select_related("page"):
        identifier = getattr(item.page.specific, "identifier", "")
        owners.setdefault(item.image_id, set()).add(identifier)
    for item in EventImage.objects.select_related("event__record"):
        owners.setdefault(item.image_id, set()).add(item.event.record_identifier)
    return owners


def _sealed_identifiers(store):
    """Every object in the storage root (flat layout: one folder per identifier, with its NAMASTE)."""
    if not store.root.is_dir():
        return []
    return sorted(path.name for path in store.root.iterdir() if (path / "0=ocfl_object_1.1").exists())


def _check_sealed(store, identifier, entry):
    """The object on its own (every digest), then each sealed master and file, its database rows and
    its live copy, against the object's inventory. Returns the ids of the masters and files checked."""
    valid, messages = store.validate(identifier)
    report = store.check_fixity(identifier)
    entry.checked += report.checked
    entry.changed += [f"archive {path}" for path in report.changed]
    entry.missing += [f"archive {path}" for path in report.missing]
    entry.unexpected += [f"archive {path}" for path in report.unexpected]
    if not valid:
        entry.invalid += messages[:20]
    images, files = set(), set()
    try:
        by_row = integrity.sealed_by_row(store, identifier)
    except (ArchiveError, OSError, KeyError, ValueError) as error:
        entry.invalid.append(f"archive: the sealed event snapshots cannot be read ({error})")
        return images, files
    for item, row in integrity.match_rows(by_row).items():
        problems, image_id = integrity.check_sealed_item(item, row)
        entry.checked += 1
        entry.changed += problems.changed
        entry.missing += problems.missing
        entry.invalid += problems.invalid
        if image_id is not None:
            images.add(image_id)
        if item.kind == "file" and row is not None:
            files.add(row.pk)
    return images, files


def check_all(user=None, log=True):
    """Check every sealed object, every sealed master and file against it, then the other masters and
    event files against the checksums taken at ingest; return {identifier: RecordFixity}."""
    return _check(None, user, log)


def check_record(identifier, user=None):
    """The same checks for one record only (its sealed object, its masters and event files), logged
    like the periodic check: what "Check fixity now" on the record's archive page runs."""
    return _check({identifier}, user, log=True)[identifier]


def _check(wanted, user, log):
    """``wanted``: the record identifiers to check, or None for everything."""
    results = {} if wanted is None else {identifier: RecordFixity(identifier) for identifier in wanted}

    def result(identifier):
        return results.setdefault(identifier, RecordFixity(identifier))

    store = archive_store()
    sealed_images, sealed_files = set(), set()
    for identifier in _sealed_identifiers(store):
        if wanted is not None and identifier not in wanted:
            continue
        images, files = _check_sealed(store, identifier, result(identifier))
        sealed_images |= images
        sealed_files |= files
    # Masters and files not sealed yet: the checksum taken at ingest is all there is to check against.
    owners = _owners()
    images = HeritageImage.objects.exclude(sha256="").exclude(pk__in=sealed_images)
    if wanted is not None:
        images = images.filter(pk__in=[pk for pk, names in owners.items() if names & wanted])
    for image in images.iterator():
        outcome = check_file(image.file.path, "sha256", image.sha256)
        for identifier in owners.get(image.pk) or {""}:
            if wanted is not None and identifier not in wanted:
                continue
            entry = result(identifier)
            entry.checked += 1
            if outcome != "ok":
                getattr(entry, outcome).append(f"master {image.file.name} ({image.title})")
    unsealed_files = EventFile.objects.select_related("event__record").exclude(sha512="")
    for event_file in unsealed_files.exclude(pk__in=sealed_files):
        identifier = event_file.event.record_identifier  # a property of the record page
        if wanted is not None and identifier not in wanted:
            continue
        entry = result(identifier)
        entry.checked += 1
        outcome = check_file(event_file.file.path, "sha512", event_file.sha512)
        if outcome != "ok":
            getattr(entry, outcome).append(f"event file {event_file.file.name}")
    if log:
        for identifier, entry in sorted(results.items()):
            AuditEntry.log(
                AuditAction.FIXITY_CHECK,
                AuditOutcome.SUCCESS if entry.ok else AuditOutcome.MISMATCH,
                user=user,
                record_identifier=identifier,
                summary=f"{entry.checked} files checked"
                + (
                    ""
                    if entry.ok
                    else f"; {len(entry.changed)} changed, {len(entry.missing)} missing, "
                    f"{len(entry.unexpected)} unexpected, {len(entry.invalid)} validation errors"
                ),
                checked=entry.checked,
                changed=entry.changed,
                missing=entry.missing,
                unexpected=entry.unexpected,
                invalid=entry.invalid,
            )
    return results


def last_checks():
    """identifier → the latest fixity AuditEntry."""
    latest = {}
    for entry in AuditEntry.objects.filter(action=AuditAction.FIXITY_CHECK).order_by("at", "pk"):
        latest[entry.record_identifier] = entry
    return latest


def alarms():
    """The records whose latest fixity check found a mismatch."""
    return [entry for entry in last_checks().values() if entry.outcome == AuditOutcome.MISMATCH]
