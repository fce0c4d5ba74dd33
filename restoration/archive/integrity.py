"""What the sealed archive says each sealed master and file must be, and whether the live copies and the
database rows still agree with it.

The evidence is the sealed OCFL object: its inventory (protected by its sha512 sidecar and validated with
every digest) and the ``event.json`` snapshots it holds. A database checksum column is not evidence, since
an insider with database access can rewrite it; so live masters are hashed against the inventory's digests,
and the database's own checksums are compared with the inventory too.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _lazy

from ..models import AuditAction, AuditEntry, AuditOutcome, DocumentationEvent, EventFile, EventImage
from .checks import by_path
from .fsutil import file_digests
from .ocfl_store import ArchiveError

_EVENT_JSON = re.compile(r"events/[^/]+/event\.json")
READ_ONLY = 0o444


@dataclass(frozen=True)
class SealedItem:
    """One master or file of a sealed event, as the sealed object records it."""

    kind: str  # "image" or "file"
    event_id: int
    index: int  # 1-based position in the event, as in the logical path ("01_…")
    row_id: int | None  # the EventImage / EventFile id, in snapshots sealed since it was recorded
    logical_path: str
    sha512: str
    sha256: str
    content: Path  # the sealed copy inside the object
    label: str


@dataclass
class Problems:
    changed: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    invalid: list = field(default_factory=list)


def image_of(event_image):
    """The HeritageImage of an event image, or None when its row is gone (never raises)."""
    try:
        return event_image.image
    except ObjectDoesNotExist:
        return None


def sealed_items(store, identifier):
    """Every image and file of every event sealed in the object's head, from its sealed ``event.json``s.

    A snapshot whose bytes differ from the inventory's digest is not trusted (the fixity pass reports it).
    """
    inventory = store.inventory(identifier)
    obj = store.object_path(identifier)
    state = by_path(inventory["versions"][inventory["head"]]["state"])
    sha256_of = by_path(inventory.get("fixity", {}).get("sha256", {}))
    items = []
    for logical, digest in sorted(state.items()):
        if not _EVENT_JSON.fullmatch(logical):
            continue
        snapshot = obj / inventory["manifest"][digest][0]
        try:
            raw = snapshot.read_bytes()
        except OSError as error:
            raise ArchiveError(f"{identifier}: the sealed {logical} is unreadable ({error}).") from error
        if hashlib.sha512(raw).hexdigest() != digest:
            raise ArchiveError(f"{identifier}: the sealed {logical} does not match its inventory digest.")
        data = json.loads(raw)
        event_id = data["event"]["id"]
        for kind, key in (("image", "images"), ("file", "files")):
            for index, entry in enumerate(data.get(key, []), start=1):
                path = entry["path"]
                sha512 = state.get(path, "")
                content_path = inventory["manifest"].get(sha512, [""])[0]
                items.append(
                    SealedItem(
                        kind=kind,
                        event_id=event_id,
                        index=index,
                        row_id=entry.get("event_image" if kind == "image" else "event_file"),
                        logical_path=path,
                        sha512=sha512,
                        sha256=sha256_of.get(content_path, ""),
                        content=obj / content_path,
                        label=entry.get("title") or entry.get("original_name") or path.rsplit("/", 1)[-1],
                    )
                )
    return items


def sealed_by_row(store, identifier):
    """{("image"|"file", row id): SealedItem} for the object's sealed events (older snapshots, which did
    not record row ids, by position)."""
    items = sealed_items(store, identifier)
    rows = {}
    events = {item.event_id for item in items}
    ordered = {
        "image": _rows_by_event(EventImage.objects.filter(event_id__in=events)),
        "file": _rows_by_event(EventFile.objects.filter(event_id__in=events)),
    }
    for item in items:
        row_id = item.row_id
        if row_id is None:  # snapshots sealed before row ids were recorded: the event's n-th row
            candidates = ordered[item.kind].get(item.event_id, [])
            row_id = candidates[item.index - 1] if item.index <= len(candidates) else None
        rows[(item.kind, row_id)] = item
    return rows


def _rows_by_event(queryset):
    found = {}
    for event_id, pk in queryset.order_by("sort_order", "pk").values_list("event_id", "pk"):
        found.setdefault(event_id, []).append(pk)
    return found


def _file_state(path, item, what):
    """Problems of a live file against its sealed digests: full re-hash (for the fixity check)."""
    problems = Problems()
    try:
        sha512, sha256 = file_digests(path)
    except FileNotFoundError:
        problems.missing.append(f"{what}: missing from storage (sealed copy: {item.logical_path})")
        return problems
    if (sha512, sha256) != (item.sha512, item.sha256):
        problems.changed.append(f"{what}: differs from the sealed copy {item.logical_path}")
    elif os.stat(path).st_mode & 0o222:
        problems.invalid.append(f"{what}: is writable; sealed masters and files are kept read-only")
    return problems


def check_sealed_item(item, row):
    """Full check of one sealed item: database rows, recorded checksums and live file against the seal.

    ``row`` is its EventImage/EventFile (None when gone); returns (Problems, image id or None).
    """
    problems = Problems()
    event = DocumentationEvent.objects.filter(pk=item.event_id).first()
    if event is None:
        problems.missing.append(f"database: sealed event {item.event_id} ({item.logical_path}) is gone")
        return problems, None
    if not event.is_sealed:
        problems.changed.append(f"database: event {item.event_id} is sealed in the archive, not here")
    if row is None:
        problems.missing.append(f"database: the row of the sealed {item.kind} {item.logical_path} is gone")
        return problems, None
    if item.kind == "file":
        what = f"event file {row.file.name}"
        if row.sha512 != item.sha512 or row.sha256 != item.sha256:
            problems.changed.append(f"database: the checksums recorded for {what} differ from the seal")
        found = _file_state(row.file.path, item, what)
        image_id = None
    else:
        image = image_of(row)
        if image is None:
            problems.missing.append(
                f"master of {item.logical_path} ({item.label}): its image row was deleted (sealed copy kept)"
            )
            return problems, row.image_id
        what = f"master {image.file.name} ({image.title})"
        if image.sha256 != item.sha256:
            problems.changed.append(f"database: the SHA-256 recorded for {what} differs from the seal")
        found = _file_state(image.file.path, item, what)
        image_id = image.pk
    problems.changed += found.changed
    problems.missing += found.missing
    problems.invalid += found.invalid
    return problems, image_id


def match_rows(by_row):
    """{SealedItem: row} for ``sealed_by_row``'s answer (rows that still exist)."""
    ids = {kind: [pk for (k, pk) in by_row if k == kind and pk] for kind in ("image", "file")}
    # No select_related: its inner join would hide an event image whose master row is gone.
    found = {("image", row.pk): row for row in EventImage.objects.filter(pk__in=ids["image"])}
    found.update({("file", row.pk): row for row in EventFile.objects.filter(pk__in=ids["file"])})
    return {item: found.get(key) for key, item in by_row.items()}


# What a page says about a sealed master that is not as sealed (translated where it is shown).
PROBLEMS = {
    "deleted": _lazy(
        "The master of this image was removed from the database; the sealed copy is in the archive."
    ),
    "missing": _lazy("The master file is missing from storage; the sealed copy is in the archive."),
    "altered": _lazy(
        "The master no longer matches its sealed copy (altered); the sealed copy is in the archive."
    ),
}


def quick_status(event_image, sealed, flagged=()):
    """One of PROBLEMS' keys when a sealed master is not as sealed, else "". No re-hash (pages ask this):
    the row, the file's presence, its size against the sealed copy, the recorded checksum, and the last
    fixity check (which re-hashed every byte: ``flagged`` are its findings)."""
    image = image_of(event_image)
    if image is None:
        return "deleted"
    item = sealed.get(("image", event_image.pk))
    if item is None:
        return ""
    if any(line.startswith(f"master {image.file.name} ") for line in flagged):
        return "altered"
    try:
        size = os.stat(image.file.path).st_size
    except OSError:
        return "missing"
    try:
        sealed_size = os.stat(item.content).st_size
    except OSError:
        sealed_size = size
    return "altered" if size != sealed_size or image.sha256 != item.sha256 else ""


def record_status(store, identifier, events):
    """{event image id: problem key (see PROBLEMS)} for the record's images whose master is not as sealed."""
    try:
        sealed = sealed_by_row(store, identifier) if store.head(identifier) else {}
    except (ArchiveError, OSError, KeyError, ValueError):
        sealed = {}
    last = (
        AuditEntry.objects.filter(action=AuditAction.FIXITY_CHECK, record_identifier=identifier)
        .order_by("-at", "-pk")
        .first()
    )
    flagged = (last.detail.get("changed") or []) if last and last.outcome == AuditOutcome.MISMATCH else []
    status = {}
    for event in events:
        for event_image in event.images.all():
            if problem := quick_status(event_image, sealed, flagged):
                status[event_image.pk] = problem
    return status


def make_read_only(paths):
    """Live copies of sealed content are read-only on disk (an accident guard; fixity catches the rest)."""
    for path in paths:
        try:
            os.chmod(path, READ_ONLY)
        except FileNotFoundError:
            continue
