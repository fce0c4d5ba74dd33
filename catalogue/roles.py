"""Curator roles and the moderation workflow: a curator submits, a head of collection approves."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

CURATORS = "Biên tập viên (Curators)"
HEADS = "Trưởng bộ sưu tập (Heads of collection)"
# Shown to curators inside Vietnamese sentences ("Gửi duyệt (quy trình “Duyệt hồ sơ”)"): Vietnamese only.
WORKFLOW = "Duyệt hồ sơ"
APPROVAL_TASK = "Trưởng bộ sưu tập duyệt"
# Names used before; renamed in place so an existing database keeps one workflow, not two.
FORMER_NAMES = {
    "Duyệt hồ sơ (Record review)": WORKFLOW,
    "Trưởng bộ sưu tập duyệt (Head of collection approval)": APPROVAL_TASK,
}

CURATOR_PAGE_PERMISSIONS = ("add_page", "change_page")
HEAD_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "delete_page")
COLLECTION_PERMISSIONS = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)
VOCABULARY_MODELS = ("period", "material", "objecttype", "culture", "institution", "script", "language")


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles_and_workflow():
    """Create (or complete) both groups, their permissions and the review workflow; idempotent.

    The workflow is attached to every locale's home page, so it covers each language's tree.
    """
    access_admin = _permission("wagtailadmin", "access_admin")
    root_collection = Collection.get_first_root_node()
    homes = list(Page.objects.filter(depth=2))
    groups = {}
    for name, page_permissions in ((CURATORS, CURATOR_PAGE_PERMISSIONS), (HEADS, HEAD_PAGE_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for model in VOCABULARY_MODELS:
            for action in ("add", "change", "view"):
                group.permissions.add(_permission("catalogue", f"{action}_{model}"))
        for home in homes:
            for codename in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=_permission("wagtailcore", codename)
                )
        for codename in COLLECTION_PERMISSIONS:
            app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(app_label, codename)
            )
        groups[name] = group

    for old, new in FORMER_NAMES.items():
        Workflow.objects.filter(name=old).update(name=new)
        GroupApprovalTask.objects.filter(name=old).update(name=new)
    task, _ = GroupApprovalTask.objects.get_or_create(name=APPROVAL_TASK)
    task.groups.add(groups[HEADS])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    for home in homes:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return groups, workflow
