"""The dashboard once an import has sent thousands of records to review.

The 5,000-row import benchmark had /admin/ answer 500 on SQLite ("Expression tree is too large"):
Wagtail's workflow panels list and prefetch every task, and Django's prefetch of the pages' latest
revisions is one ``id = …`` term per page. 1,200 real pages in review are enough to pass SQLite's
depth of 1,000; they are written in bulk, as an import leaves them, to keep the test quick.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, TaskState, WorkflowState

pytestmark = pytest.mark.django_db

IN_REVIEW = 1200


def _pages_in_review(parent, user, count):
    step = Page.steplen
    start = parent.numchild + 1
    pages = Page.objects.bulk_create(
        Page(
            title=f"Hồ sơ nhập {n}",
            draft_title=f"Hồ sơ nhập {n}",
            slug=f"ho-so-nhap-{n}",
            path=parent.path + Page._int2str(start + n).rjust(step, "0"),
            depth=parent.depth + 1,
            numchild=0,
            locale=parent.locale,
            owner=user,
            live=False,
            has_unpublished_changes=True,
            url_path=f"{parent.url_path}ho-so-nhap-{n}/",
        )
        for n in range(count)
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
    page_type = pages[0].content_type
    # Times one second apart, in creation order, so that "the newest" is the last page.
    at = [timezone.now() - timedelta(seconds=count - n) for n in range(count)]
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=page_type,
            base_content_type=page_type,
            object_id=str(page.pk),
            user=user,
            object_str=page.title,
            content={"title": page.title, "pk": page.pk},
            created_at=at[n],
        )
        for n, page in enumerate(pages)
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
    Page.objects.bulk_update(pages, ["latest_revision"])
    workflow = parent.get_workflow()
    task = workflow.tasks.first()
    states = WorkflowState.objects.bulk_create(
        WorkflowState(
            content_type=page_type,
            base_content_type=page_type,
            object_id=str(page.pk),
            workflow=workflow,
            status=WorkflowState.STATUS_IN_PROGRESS,
            requested_by=user,
            created_at=at[n],
        )
        for n, page in enumerate(pages)
    )
    task_states = TaskState.objects.bulk_create(
        TaskState(
            workflow_state=state,
            revision=revision,
            task=task,
            status=TaskState.STATUS_IN_PROGRESS,
            started_at=revision.created_at,
        )
        for state, revision in zip(states, revisions, strict=True)
    )
    for state, task_state in zip(states, task_states, strict=True):
        state.current_task_state = task_state
    WorkflowState.objects.bulk_update(states, ["current_task_state"])
    return pages


@pytest.fixture
def thousands_in_review(roles, indexes):
    return _pages_in_review(indexes["artefact"], roles["curator"], IN_REVIEW)


def _signed_in(client, user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    client.force_login(user)
    return client


def test_the_reviewer_sees_the_newest_tasks_and_how_many_more(client, roles, thousands_in_review):
    response = _signed_in(client, roles["head"]).get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    newest = thousands_in_review[-1].title
    assert newest in html
    assert thousands_in_review[0].title not in html  # the oldest is behind the link, not on the page
    more = html.split('data-panel="awaiting-review-more"')[1][:400]
    assert f"Còn {IN_REVIEW - 10} hồ sơ khác đang chờ duyệt" in more
    assert reverse("wagtailadmin_reports:workflow_tasks") in html


def test_the_curator_sees_the_newest_of_hers_in_a_workflow(client, roles, thousands_in_review):
    response = _signed_in(client, roles["curator"]).get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert thousands_in_review[-1].title in html
    assert f"{IN_REVIEW - 10}" in html.split('data-panel="in-workflow-more"')[1][:400]
    # Her drafts panel does not list pages that are in review.
    assert thousands_in_review[-1].title not in html.split('data-panel="my-drafts"')[1].split("</section>")[0]


def test_the_reports_behind_the_links_answer_too(client, roles, thousands_in_review):
    signed_in = _signed_in(client, roles["head"])
    for name in ("workflow_tasks", "workflow"):
        assert signed_in.get(reverse(f"wagtailadmin_reports:{name}")).status_code == 200
