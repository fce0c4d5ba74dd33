"""Keep ``RecordState`` and the manifest activities in step with the catalogue.

Called by tasks (queued on commit by ``signal_handlers``) with a record's translation key. What
is public is always decided again from the pages, so a late or lost task can only delay a
harvester's news, never expose a record: every response re-checks the pages it serialises.
"""

import uuid

from django.db import transaction
from django.utils import timezone

from .models import ActivityType, ManifestActivity, RecordState
from .records import TYPES, versions_by_key


def _has_manifest(page):
    return page.primary_image() is not None


def _model_of(translation_key):
    for name, model in TYPES.items():
        if model.objects.filter(translation_key=translation_key).exists():
            return name, model
    return None, None


def sync_record(translation_key, changed=False, now=None):
    """Bring one record's state up to date. ``changed``: a version was just published, unpublished
    or deleted, which changes the record even when it stays public. Returns the state row, or None
    for a record that was never public and still is not."""
    now = now or timezone.now()
    translation_key = uuid.UUID(str(translation_key))  # tasks pass it as text
    name, model = _model_of(translation_key)
    versions = versions_by_key(model, [translation_key]).get(translation_key) if model else None
    with transaction.atomic():
        state = RecordState.objects.select_for_update().filter(translation_key=translation_key).first()
        if not versions:
            if state is None or state.deleted:
                return state
            if state.has_manifest:
                ManifestActivity.objects.create(
                    identifier=state.identifier, activity=ActivityType.DELETE, end_time=now
                )
            state.deleted, state.has_manifest, state.datestamp = True, False, now
            state.save()
            return state
        page = next(iter(versions.values()))
        has_manifest = _has_manifest(page)
        created = state is None
        if created:
            stamps = [v.last_published_at for v in versions.values() if v.last_published_at]
            state = RecordState(translation_key=translation_key, datestamp=max(stamps, default=now))
        changed = created or changed or state.deleted or state.has_manifest != has_manifest
        if not changed and (state.identifier, state.ranking, state.status) == _fields(page):
            return state
        if not created and changed:
            state.datestamp = now
        if has_manifest:
            kind = ActivityType.UPDATE if state.has_manifest and not state.deleted else ActivityType.CREATE
            if changed:
                ManifestActivity.objects.create(
                    identifier=page.identifier, activity=kind, end_time=state.datestamp
                )
        elif state.has_manifest and not state.deleted:
            ManifestActivity.objects.create(
                identifier=page.identifier, activity=ActivityType.DELETE, end_time=now
            )
        state.identifier, state.ranking, state.status = _fields(page)
        state.record_type, state.deleted, state.has_manifest = name, False, has_manifest
        state.save()
        return state


def _fields(page):
    return page.identifier, getattr(page, "ranking", ""), getattr(page, "status", "")


def sync_all():
    """Every record of the catalogue, and every known record that has gone (after a restore or on
    the first deployment of this app)."""
    keys = set(RecordState.objects.values_list("translation_key", flat=True))
    for model in TYPES.values():
        keys |= set(model.objects.values_list("translation_key", flat=True))
    for key in sorted(keys, key=str):
        sync_record(key)
    return len(keys)
