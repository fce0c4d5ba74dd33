"""Keep search documents fresh: publishing, unpublishing, deleting, moving a record or changing who
may view it queues a refresh of that record's document once the change is committed."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalogue.models import RECORD_MODELS, Culture, Institution, Material, ObjectType, Period

VOCABULARY_FACETS = {
    Culture: "culture",
    Institution: "institution",
    Material: "material",
    ObjectType: "object_type",
    Period: "period",
}


def _queue_record(translation_key):
    from .tasks import refresh_record

    refresh_record.enqueue(str(translation_key))


def _queue_under(page_id):
    from .tasks import refresh_under

    refresh_under.enqueue(page_id)


def _queue_facet(token):
    from .tasks import refresh_facet

    refresh_facet.enqueue(token)


def on_record_changed(sender, instance, **kwargs):
    transaction.on_commit(partial(_queue_record, instance.translation_key))


def on_page_moved(sender, instance, **kwargs):
    transaction.on_commit(partial(_queue_under, instance.pk))


def on_restriction_changed(sender, instance, **kwargs):
    transaction.on_commit(partial(_queue_under, instance.page_id))


def on_term_saved(sender, instance, created, **kwargs):
    if not created:
        transaction.on_commit(partial(_queue_facet, f"{VOCABULARY_FACETS[sender]}:{instance.key}"))


def register():
    for model in RECORD_MODELS:
        uid = f"search.{model._meta.model_name}"
        page_published.connect(on_record_changed, sender=model, dispatch_uid=f"{uid}.published")
        page_unpublished.connect(on_record_changed, sender=model, dispatch_uid=f"{uid}.unpublished")
        post_delete.connect(on_record_changed, sender=model, dispatch_uid=f"{uid}.deleted")
    post_page_move.connect(on_page_moved, dispatch_uid="search.page_moved")
    post_save.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search.restricted")
    post_delete.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search.unrestricted"
    )
    for model in VOCABULARY_FACETS:
        post_save.connect(on_term_saved, sender=model, dispatch_uid=f"search.term.{model._meta.model_name}")
