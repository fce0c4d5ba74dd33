"""Record what harvesters must learn: publishing, unpublishing, deleting or restricting a record
queues a sync of its open-data state once the change is committed (handlers only enqueue)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from catalogue.models import RECORD_MODELS


def _enqueue(task_name, *args, **kwargs):
    from . import tasks

    getattr(tasks, task_name).enqueue(*args, **kwargs)


def on_version_changed(sender, instance, **kwargs):
    """A language version was published, unpublished or deleted: the record changed."""
    transaction.on_commit(partial(_enqueue, "sync_record", str(instance.translation_key), changed=True))


def on_restriction_changed(sender, instance, **kwargs):
    transaction.on_commit(partial(_enqueue, "sync_under", instance.page_id))


def on_migrated(sender, **kwargs):
    # Records published before this app was installed (or restored from a backup) get their state.
    transaction.on_commit(partial(_enqueue, "sync_all"))


def register():
    for model in RECORD_MODELS:
        uid = f"opendata.{model._meta.model_name}"
        page_published.connect(on_version_changed, sender=model, dispatch_uid=f"{uid}.published")
        page_unpublished.connect(on_version_changed, sender=model, dispatch_uid=f"{uid}.unpublished")
        post_delete.connect(on_version_changed, sender=model, dispatch_uid=f"{uid}.deleted")
    post_save.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="opendata.restricted")
    post_delete.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="opendata.unrestricted"
    )
    from django.apps import apps

    post_migrate.connect(
        on_migrated, sender=apps.get_app_config("opendata"), dispatch_uid="opendata.migrated"
    )
