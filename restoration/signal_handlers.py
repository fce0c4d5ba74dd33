"""Write each new master's ingest to the audit trail, and give new curator groups the archive's
permissions (these handlers only enqueue, on commit); refuse changes to the masters of sealed events
before anything is written (the database triggers refuse them from any other client)."""

from functools import partial

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import post_migrate, post_save, pre_delete, pre_save
from django.utils.translation import gettext as _

from catalogue.roles import CURATORS, HEADS
from images.models import HeritageImage

from .models import EventImage, SealedMasterError


def queue_ingest_record(image_id):
    from .tasks import record_ingest

    record_ingest.enqueue(image_id)


def on_image_saved(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(partial(queue_ingest_record, instance.pk))


def _used_by_sealed_event(image):
    return (
        image.pk is not None
        and EventImage.objects.filter(image_id=image.pk, event__sealed_at__isnull=False).exists()
    )


# The columns the database guards too (archive/guards.py): what identifies the master and its provenance.
FROZEN_FIELDS = ("file", "sha256", "original_filename", "capture_date", "photographer", "agency")


def refuse_changing_a_sealed_master(sender, instance, raw=False, **kwargs):
    """Before the file is written or the row changed: a sealed event's master stays as sealed."""
    if raw or instance.pk is None or not _used_by_sealed_event(instance):
        return
    stored = sender.objects.filter(pk=instance.pk).values(*FROZEN_FIELDS).first()
    if stored and any(stored[name] != _value(instance, name) for name in FROZEN_FIELDS):
        raise SealedMasterError(_("This master belongs to a sealed event and cannot be changed or replaced."))


def _value(instance, name):
    value = getattr(instance, name)
    return getattr(value, "name", value) if name == "file" else value


def refuse_deleting_a_sealed_master(sender, instance, **kwargs):
    if _used_by_sealed_event(instance):
        raise SealedMasterError(_("This master belongs to a sealed event and cannot be deleted."))


def queue_grant():
    from .tasks import grant_archive_permissions

    grant_archive_permissions.enqueue()


def on_group_saved(sender, instance, created, **kwargs):
    if created and instance.name in (CURATORS, HEADS):
        transaction.on_commit(queue_grant)


def on_migrated(sender, **kwargs):
    # Deployments whose groups predate the archive get its permissions at their next migrate.
    from .roles import grant_archive_permissions

    grant_archive_permissions()


def register(app_config):
    post_save.connect(on_image_saved, sender=HeritageImage, dispatch_uid="restoration.record_ingest")
    pre_save.connect(
        refuse_changing_a_sealed_master, sender=HeritageImage, dispatch_uid="restoration.sealed_save"
    )
    pre_delete.connect(
        refuse_deleting_a_sealed_master, sender=HeritageImage, dispatch_uid="restoration.sealed_delete"
    )
    post_save.connect(on_group_saved, sender=Group, dispatch_uid="restoration.grant_on_group")
    post_migrate.connect(on_migrated, sender=app_config, dispatch_uid="restoration.grant_on_migrate")
