"""The curator's dashboard: my drafts and images whose deep zoom failed, beside Wagtail's own panels
("awaiting my review" is Wagtail's moderation panel) and those of other apps (fixity alarms)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from catalogue.models import RECORD_MODELS
from images.models import HeritageImage, TilingStatus

LIMIT = 10


def _in_review():
    """Pages in a moderation workflow: those are shown in Wagtail's "awaiting review" panels.

    A subquery, not a list of ids: an import sends thousands of records to review at once, and
    SQLite refuses an expression of thousands of ids ("Expression tree is too large")."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import IntegerField
    from django.db.models.functions import Cast
    from wagtail.models import WorkflowState

    return (
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=ContentType.objects.get_for_model(Page)
        )
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )


class MyDraftsPanel(Component):
    name = "my_drafts"
    order = 90
    template_name = "cataloguing/panels/my_drafts.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        record_types = [m._meta.model_name for m in RECORD_MODELS]
        pages = (
            Page.objects.filter(owner=self.user, has_unpublished_changes=True)
            .filter(content_type__model__in=record_types, content_type__app_label="catalogue")
            .exclude(pk__in=_in_review())
            .order_by("-latest_revision_created_at")
            .specific()
        )
        return {"pages": list(pages[:LIMIT]), "count": pages.count(), "title": _("My drafts")}


class FailedTilingPanel(Component):
    name = "failed_tiling"
    order = 95
    template_name = "cataloguing/panels/failed_tiling.html"

    def get_context_data(self, parent_context=None):
        images = HeritageImage.objects.filter(tiling_status=TilingStatus.FAILED).order_by("-created_at")
        return {
            "images": list(images[:LIMIT]),
            "count": images.count(),
            "title": _("Images that failed to tile"),
        }
