"""Queue tiling when a master is stored or replaced; the handler only enqueues, on commit."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from images.models import HeritageImage, TilingStatus


def queue_tiling(image_id):
    from .tasks import build_tiles

    build_tiles.enqueue(image_id)


def on_image_saved(sender, instance, created, update_fields=None, **kwargs):
    file_changed = created or update_fields is None or "file" in update_fields
    if file_changed and instance.tiling_status == TilingStatus.PENDING:
        transaction.on_commit(partial(queue_tiling, instance.pk))


def queue_public_sync(*args, **kwargs):
    """Anything that may change which images are public re-syncs the public links on commit."""
    transaction.on_commit(_enqueue_public_sync)


def _enqueue_public_sync():
    from .tasks import sync_public_images

    sync_public_images.enqueue()


def sync_on_change_of(model):
    uid = f"iiif.public_sync.{model._meta.label_lower}"
    post_save.connect(queue_public_sync, sender=model, dispatch_uid=f"{uid}.saved")
    post_delete.connect(queue_public_sync, sender=model, dispatch_uid=f"{uid}.deleted")


def register():
    post_save.connect(on_image_saved, sender=HeritageImage, dispatch_uid="iiif.queue_tiling")
    page_published.connect(queue_public_sync, dispatch_uid="iiif.public_sync.published")
    page_unpublished.connect(queue_public_sync, dispatch_uid="iiif.public_sync.unpublished")
    post_page_move.connect(queue_public_sync, dispatch_uid="iiif.public_sync.moved")
    post_delete.connect(queue_public_sync, sender=Page, dispatch_uid="iiif.public_sync.page_deleted")
    for model in (PageViewRestriction, CollectionViewRestriction, HeritageImage):
        sync_on_change_of(model)
