"""Write each new master's ingest to the audit trail, and give new curator groups the archive's
permissions; the handlers only enqueue, on commit."""

from functools import partial

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import post_migrate, post_save

from catalogue.roles import CURATORS, HEADS
from images.models import HeritageImage


def queue_ingest_record(image_id):
    from .tasks import record_ingest

    record_ingest.enqueue(image_id)


def on_image_saved(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(partial(queue_ingest_record, instance.pk))


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
    post_save.connect(on_group_saved, sender=Group, dispatch_uid="restoration.grant_on_group")
    post_migrate.connect(on_migrated, sender=app_config, dispatch_uid="restoration.grant_on_migrate")
