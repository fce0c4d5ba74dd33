"""Queue tiling when a master is stored or replaced; the handler only enqueues, on commit."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from images.models import HeritageImage, TilingStatus


def queue_tiling(image_id):
    from .tasks import build_tiles

    build_tiles.enqueue(image_id)


def on_image_saved(sender, instance, created, update_fields=None, **kwargs):
    file_changed = created or update_fields is None or "file" in update_fields
    if file_changed and instance.tiling_status == TilingStatus.PENDING:
        transaction.on_commit(partial(queue_tiling, instance.pk))


def register():
    post_save.connect(on_image_saved, sender=HeritageImage, dispatch_uid="iiif.queue_tiling")
