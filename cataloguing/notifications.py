"""One e-mail per import, not one per record.

Each record an import sends to moderation makes Wagtail e-mail every moderator (and, per workflow, the
submitter): a spreadsheet of 500 objects would fill their inboxes with 500 messages. While an import
applies, ``batched_submissions`` collects who Wagtail would have written to instead, and afterwards
writes each of them once, in their own admin language, with the records and a link to review them.

Wagtail's submission notifiers are module-level objects connected to its signals; ``install`` (from
AppConfig.ready) wraps their recipient lookup, so outside an import (and in every other thread) they
work exactly as before.
"""

import threading
from contextlib import contextmanager

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_local = threading.local()


def install():
    from wagtail.admin import signal_handlers

    for notifier in (
        signal_handlers.task_submission_email_notifier,
        signal_handlers.workflow_submission_email_notifier,
    ):
        if getattr(notifier, "_held_by_imports", False):
            continue
        notifier.get_valid_recipients = _held_or(notifier.get_valid_recipients)
        notifier._held_by_imports = True


def _held_or(lookup):
    def get_valid_recipients(instance, **kwargs):
        recipients = lookup(instance, **kwargs)
        held = getattr(_local, "recipients", None)
        if held is None:
            return recipients
        held.update(recipients)
        return set()

    return get_valid_recipients


@contextmanager
def batched_submissions(summary):
    """Hold Wagtail's submission e-mails while the block runs; then one e-mail per recipient naming
    the records of ``summary`` (an ApplySummary) that went to moderation."""
    _local.recipients = set()
    try:
        yield
    finally:
        recipients, _local.recipients = _local.recipients, None
        identifiers = [*summary.created, *summary.updated]
        if recipients and identifiers and not summary.published:
            _send(recipients, identifiers)


def _send(recipients, identifiers):
    from wagtail.admin.mail import send_mail
    from wagtail.users.models import UserProfile

    review = settings.PUBLIC_BASE_URL + reverse("wagtailadmin_home")
    for user in sorted(recipients, key=lambda user: user.pk):
        language = UserProfile.get_for_user(user).get_preferred_language()
        with translation.override(language):
            subject = ngettext(
                "%(count)s imported record awaits your review",
                "%(count)s imported records await your review",
                len(identifiers),
            ) % {"count": len(identifiers)}
            lines = [
                _("An import has sent these records to moderation:"),
                "",
                *(f"- {identifier}" for identifier in identifiers[:200]),
            ]
            if len(identifiers) > 200:
                lines.append(_("… and %(count)s more.") % {"count": len(identifiers) - 200})
            lines += ["", _("Review them in the admin: %(url)s") % {"url": review}]
        send_mail(subject, "\n".join(lines), [user.email], fail_silently=True)
