"""Write each new master's ingest to the audit trail; the handler only enqueues, on commit."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from images.models import HeritageImage


def queue_ingest_record(image_id):
    from .tasks import record_ingest

    record_ingest.enqueue(image_id)


def on_image_saved(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(partial(queue_ingest_record, instance.pk))


def register():
    post_save.connect(on_image_saved, sender=HeritageImage, dispatch_uid="restoration.record_ingest")
