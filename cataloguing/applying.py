"""Applying a checked plan: images ingested, then records written one batch per transaction.

A batch is all-or-nothing: an error or a crash in it leaves none of its records. Images are ingested
(and committed) before their batch, as ``ingest_images`` does, so a failed batch leaves at most images
in the library, which the re-run finds as duplicates instead of storing them twice. Each written row
is noted (ImportedRow) in its batch's transaction, so a re-run of the same file after a crash updates
what was written instead of creating it again. New records and changes are saved as revisions: drafts
sent to the moderation workflow, or published when the importer asked to and may publish.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from catalogue.models import DocumentPageImage, RecordImage
from catalogue.slugs import ascii_slug, unique_slug
from images.ingest import ingest_file

from . import columns as c
from .comparing import effective
from .models import ImportedRow
from .notifications import batched_submissions
from .planning import import_parent


class ImportFailed(Exception):
    def __init__(self, row, message):
        super().__init__(message)
        self.row = row
        self.message = message


@dataclass
class ApplySummary:
    created: list = field(default_factory=list)  # identifiers
    updated: list = field(default_factory=list)
    unchanged: int = 0
    images_stored: int = 0
    images_reused: int = 0
    terms_created: list = field(default_factory=list)
    published: bool = False

    def as_dict(self):
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "images_stored": self.images_stored,
            "images_reused": self.images_reused,
            "terms_created": self.terms_created,
            "published": self.published,
            "identifiers": (self.created + self.updated)[:2000],
        }


class IdentifierSequence:
    """Next free identifiers of a record type, in file order, with no gaps left by failed batches
    (numbers are taken from what is stored, inside the batch's transaction)."""

    def __init__(self, model, reserved=()):
        self.prefix = model.identifier_prefix
        pattern = model.identifier_pattern()
        stored = [
            m.group(1) for i in model.objects.values_list("identifier", flat=True) if (m := pattern.match(i))
        ]
        self.used = set(model.objects.values_list("identifier", flat=True)) | set(reserved)
        self.number = max((int(n) for n in stored), default=0)

    def next(self):
        while True:
            self.number += 1
            candidate = f"{self.prefix}-{self.number:04d}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate


def set_values(instance, row, rt, check_only=False):
    """Put a row's values on a page (new, or the latest revision of an existing one)."""
    for key, value in row.values.items():
        col = rt.column(key)
        if col.kind == c.IMAGES or (key == "identifier" and not value):
            continue
        if col.kind == c.TERM:
            setattr(instance, key, value if getattr(value, "pk", None) else None)
        elif col.kind == c.TERMS:
            getattr(instance, key).set([term for term in value if term.pk is not None])
        elif col.kind == c.RECORDS:
            getattr(instance, key).set(value)
        else:
            setattr(instance, key, effective(col, value, rt.model))
    if not check_only and row.image_refs:
        set_images(instance, rt, [ref for ref in row.image_refs if not isinstance(ref, Path)])


def set_images(instance, rt, images):
    """The record's images in the row's order; captions, roles and transcriptions of kept images stay."""
    if rt.key == "documentary":
        kept = {page.image_id: page for page in instance.pages.all()}
        instance.pages = [
            kept.get(image.pk) or DocumentPageImage(image=image, label=_("Page %(n)s") % {"n": n})
            for n, image in enumerate(images, start=1)
        ]
    else:
        kept = {item.image_id: item for item in instance.record_images.all()}
        instance.record_images = [kept.get(image.pk) or RecordImage(image=image) for image in images]


def _ingest(batch, summary, cache, user):
    for row in batch:
        images = []
        for ref in row.image_refs:
            if not isinstance(ref, Path):
                images.append(ref)
                continue
            if ref not in cache:
                result = ingest_file(ref, user=user)
                if result.status == "rejected":
                    raise ImportFailed(
                        row.number,
                        _("Image %(name)s refused: %(reason)s")
                        % {"name": ref.name, "reason": result.message},
                    )
                if result.status == "accepted":
                    summary.images_stored += 1
                else:
                    summary.images_reused += 1
                cache[ref] = result.image
            images.append(cache[ref])
        row.image_refs = images


def _write(row, rt, parent, user, publish, identifiers, taken_slugs, file_sha256):
    if row.match is None:
        page = rt.model(locale=parent.locale, owner=user, live=False)
        set_values(page, row, rt)
        if not page.identifier:
            page.identifier = identifiers.next()
        page.slug = unique_slug(parent, ascii_slug(page.title), taken=taken_slugs)
        taken_slugs.add(page.slug)
        parent.add_child(instance=page)
    else:
        page = row.match.get_latest_revision_as_object()
        set_values(page, row, rt)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    else:
        workflow = page.get_workflow()
        if workflow and not page.workflow_in_progress:
            workflow.start(page, user)
    if file_sha256:
        ImportedRow.objects.update_or_create(
            file_sha256=file_sha256, record_type=rt.key, row_number=row.number, defaults={"page": page}
        )
    return page


# A batch holds the database's write lock while it runs (on SQLite, every other writer waits): 100 rows
# kept the admin waiting up to 14 s in the benchmark; 25 rows keep a batch to a few seconds.
DEFAULT_BATCH_SIZE = 25


def apply_plan(plan, *, user=None, publish=False, batch_size=DEFAULT_BATCH_SIZE, progress=None):
    """Write a plan without errors; return an ApplySummary. ``progress(rows_done, rows_total, summary)``
    is called after each committed batch. Raises ImportFailed (the failing batch written not at all)."""
    if plan.errors:
        raise ValueError("a plan with errors cannot be applied")
    rt = plan.record_type
    summary = ApplySummary(published=publish)
    for index in plan.term_indexes.values():
        summary.terms_created += [term.label_vi for term in index.create_pending()]
    for row in plan.rows:
        for key, value in list(row.values.items()):
            col = rt.column(key)
            if col.vocabulary is not None:
                index = plan.term_indexes[col.vocabulary]
                if col.kind == c.TERM and value is not None and value.pk is None:
                    row.values[key] = index.find(value.label)
                elif col.kind == c.TERMS:
                    row.values[key] = [t if t.pk is not None else index.find(t.label) for t in value]
    work = [row for row in plan.rows if row.action in ("create", "update")]
    summary.unchanged = sum(1 for row in plan.rows if row.action == "unchanged")
    reserved = {(row.values.get("identifier") or "").upper() for row in plan.rows} - {""}
    with batched_submissions(summary):
        _apply_batches(plan, work, summary, user, publish, batch_size, reserved, progress)
    return summary


def _apply_batches(plan, work, summary, user, publish, batch_size, reserved, progress):
    rt, parent = plan.record_type, import_parent(plan.record_type)
    cache, taken_slugs, done = {}, set(), 0
    for start in range(0, len(work), batch_size):
        batch = work[start : start + batch_size]
        _ingest(batch, summary, cache, user)
        written = []
        with transaction.atomic():
            identifiers = IdentifierSequence(rt.model, reserved)
            for row in batch:
                try:
                    page = _write(row, rt, parent, user, publish, identifiers, taken_slugs, plan.file_sha256)
                except ImportFailed:
                    raise
                except Exception as error:  # any failure of a row aborts its batch, named by row
                    raise ImportFailed(row.number, f"{type(error).__name__}: {error}") from error
                written.append((row, page))
        for row, page in written:
            (summary.created if row.match is None else summary.updated).append(page.identifier)
        done += len(batch)
        if progress:
            progress(done, len(work), summary)
