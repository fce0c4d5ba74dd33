"""The audit trail: one row per thing that happened to the archive, never changed or removed.

Append-only three times over: ``save`` refuses to update, ``delete`` and the queryset's
``update``/``delete`` refuse, and database triggers (migration 0002) refuse UPDATE and DELETE
from any client, a superuser's SQL shell included.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    INGEST = "ingest", _("Ingest")
    SEAL = "seal", _("Seal")
    NEW_VERSION = "new_version", _("New version (correction)")
    FIXITY_CHECK = "fixity_check", _("Fixity check")
    EXPORT = "export", _("Export")
    RESTRICTED_ACCESS = "restricted_access", _("Access to a restricted master")
    REFUSED_CHANGE = "refused_change", _("Refused change to sealed content")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    MISMATCH = "mismatch", _("Mismatch")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=AuditOutcome.choices)
    # Names, not foreign keys: a deleted user or record must not change (or cascade into) the trail.
    agent = models.CharField(_("agent"), max_length=150, help_text=_("User name, or “system”"))
    record_identifier = models.CharField(_("record"), max_length=40, blank=True, db_index=True)
    event_id = models.BigIntegerField(_("event"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.record_identifier} {self.outcome}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    @classmethod
    def log(cls, action, outcome, *, user=None, record_identifier="", event=None, summary="", **detail):
        agent = getattr(user, "get_username", lambda: "")() or "system"
        return cls.objects.create(
            action=action,
            outcome=outcome,
            agent=agent,
            record_identifier=record_identifier,
            event_id=getattr(event, "pk", event),
            summary=summary[:500],
            detail=detail,
        )
