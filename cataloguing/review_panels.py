"""Wagtail's two workflow panels of the dashboard, bounded to the newest few tasks.

Wagtail lists *every* task awaiting the user's review, and every page the user has in a workflow,
and prefetches all their revisions and pages at once. An import sends thousands of records to
review in one go: the 5,000-row import benchmark had the dashboard answer 500 on SQLite
("Expression tree is too large") from that prefetch, and on any database the page grows with
every record. These panels render Wagtail's own templates with the newest ``LIMIT`` entries, and
say how many there are with a link to Wagtail's workflow report, which pages through them all.
"""

from django.conf import settings
from django.db.models import Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from wagtail.admin.views.home import UserObjectsInWorkflowModerationPanel, WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, TaskState, WorkflowState, get_default_page_content_type

LIMIT = 10


def _workflow_enabled():
    return getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True)


def _more(context, total, shown, report):
    context["more_count"] = max(0, total - shown)
    context["all_url"] = reverse(f"wagtailadmin_reports:{report}")
    return context


class BoundedAwaitingReviewPanel(WorkflowObjectsToModeratePanel):
    """ "Awaiting your review": the newest ``LIMIT`` tasks, as Wagtail shows them."""

    template_name = "cataloguing/panels/awaiting_review.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {"states": [], "request": request, "csrf_token": parent_context["csrf_token"]}
        if not _workflow_enabled():
            return context
        reviewable = TaskState.objects.reviewable_by(request.user)
        newest = (
            reviewable.select_related(
                "revision", "revision__user", "workflow_state", "workflow_state__workflow"
            )
            .prefetch_related("revision__content_object", "revision__content_object__latest_revision")
            .order_by("-started_at")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())[:LIMIT]
        )
        for state in newest:
            obj = state.revision.content_object
            if not obj:  # a revision of a deleted object (see Wagtail's panel)
                continue
            context["states"].append(self._entry(state, obj, request.user))
        return _more(context, reviewable.count(), len(newest), "workflow_tasks")

    @staticmethod
    def _entry(state, obj, user):
        urls = {
            "workflow_action_url_name": "wagtailadmin_pages:workflow_action",
            "workflow_preview_url_name": "wagtailadmin_pages:workflow_preview",
            "revisions_compare_url_name": "wagtailadmin_pages:revisions_compare",
        }
        if not isinstance(obj, Page):  # snippets can have workflows too
            viewset = obj.snippet_viewset
            urls = {key: viewset.get_url_name(name.split(":")[-1]) for key, name in urls.items()}
        if not getattr(obj, "is_previewable", False):
            urls["workflow_preview_url_name"] = None
        return {
            "obj": obj,
            "revision": state.revision,
            "previous_revision_id": state.previous_revision_id,
            "live_revision_id": obj.live_revision_id,
            "task_state": state,
            "actions": state.task.specific.get_actions(obj, user),
            "workflow_tasks": state.workflow_state.all_tasks_with_status(),
            **urls,
        }


class BoundedInWorkflowPanel(UserObjectsInWorkflowModerationPanel):
    """ "Your pages and snippets in a workflow": the newest ``LIMIT``."""

    template_name = "cataloguing/panels/in_workflow.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {"workflow_states": [], "request": request}
        if not _workflow_enabled():
            return context
        # Pages owned by the user, matched through a cast of the generic object id as Wagtail does
        # (PostgreSQL does not compare the text id with the integer key implicitly).
        page_id = Cast(OuterRef("object_id"), output_field=IntegerField())
        owned = Q(base_content_type_id=get_default_page_content_type().id) & Exists(
            Page.objects.filter(owner=request.user, id=page_id)
        )
        mine = WorkflowState.objects.active().filter(owned | Q(requested_by=request.user))
        newest = list(
            mine.prefetch_related("content_object", "content_object__latest_revision")
            .select_related("current_task_state", "current_task_state__task")
            .order_by("-current_task_state__started_at")[:LIMIT]
        )
        context["workflow_states"] = [state for state in newest if state.content_object]
        return _more(context, mine.count(), len(newest), "workflow")


def bound_workflow_panels(panels):
    """Replace Wagtail's unbounded workflow panels in the dashboard's list, in place."""
    replacements = {
        WorkflowObjectsToModeratePanel.name: BoundedAwaitingReviewPanel,
        UserObjectsInWorkflowModerationPanel.name: BoundedInWorkflowPanel,
    }
    for index, panel in enumerate(panels):
        bounded = replacements.get(getattr(panel, "name", None))
        if bounded and not isinstance(panel, bounded):
            panels[index] = bounded()
