"""The archive's share of the curator roles (created by catalogue.roles): curators and heads of
collection document, seal and correct events, read the audit trail and keep the damage vocabulary."""

from django.contrib.auth.models import Group, Permission

from catalogue.roles import CURATORS, HEADS

ARCHIVE_PERMISSIONS = (
    "add_documentationevent",
    "change_documentationevent",
    "view_documentationevent",
    "view_auditentry",
    "add_damagetype",
    "change_damagetype",
    "view_damagetype",
)


def grant_archive_permissions():
    """Give both curator groups the archive's permissions; idempotent, quiet before they exist."""
    permissions = list(
        Permission.objects.filter(content_type__app_label="restoration", codename__in=ARCHIVE_PERMISSIONS)
    )
    for group in Group.objects.filter(name__in=(CURATORS, HEADS)):
        group.permissions.add(*permissions)
