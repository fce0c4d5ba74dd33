"""Researchers' and curators' views of a record's archive (inside the Wagtail admin)."""

from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ..access import CHANGE_PERMISSION, VIEW_PERMISSION, page_or_404, record_events, require
from ..models import AuditAction, AuditEntry, AuditOutcome, DocumentationEvent, EventImage
from ..tasks import fixity_check_record
from .exports import KINDS, export_path, queued_marker, request_export
from .fixity import last_checks
from .integrity import image_of
from .sealing import SealingError, add_correction, archive_store, seal_event


def record_archive(request, identifier):
    """The record's events, archive versions, last fixity check and audit trail."""
    require(request, VIEW_PERMISSION)
    page = page_or_404(identifier)
    events = record_events(page)
    store = archive_store()
    inventory = store.inventory(identifier) if store.head(identifier) else None
    versions = []
    if inventory:
        for name, version in sorted(
            inventory["versions"].items(), key=lambda item: int(item[0][1:]), reverse=True
        ):
            versions.append(
                {
                    "name": name,
                    # OCFL writes UTC ("…Z"); shown, like every other time here, in TIME_ZONE.
                    "created": parse_datetime(version.get("created") or ""),
                    "message": version.get("message"),
                    "user": (version.get("user") or {}).get("name"),
                    "files": len(version["state"]),
                }
            )
    context = {
        "page": page,
        "identifier": identifier,
        "events": events,
        "versions": versions,
        "fixity": last_checks().get(identifier),
        "fixity_pending": fixity_pending(identifier),
        "time_zone": time_zone_label(),
        "audit": AuditEntry.objects.filter(record_identifier=identifier)[:200],
        "can_change": request.user.has_perm(CHANGE_PERMISSION),
    }
    return render(request, "restoration/record_archive.html", context)


@require_POST
def fixity_now(request, identifier):
    """Queue the fixity check of this one record; the archive page shows it waiting, then its result."""
    require(request, VIEW_PERMISSION)
    page_or_404(identifier)
    if not fixity_pending(identifier):
        user_id = request.user.pk
        transaction.on_commit(lambda: fixity_check_record.enqueue(identifier, user_id))
    messages.success(
        request, _("Fixity check queued: this page shows its result when it is done (reload it).")
    )
    return redirect("restoration_record", identifier=identifier)


def time_zone_label():
    """ "Asia/Ho_Chi_Minh (UTC+07:00)": the zone every time on these pages is shown in."""
    now = timezone.localtime()
    offset = now.strftime("%z")
    return f"{timezone.get_current_timezone_name()} (UTC{offset[:3]}:{offset[3:]})"


def fixity_pending(identifier):
    """When a fixity check of this record is waiting for or running in a worker, since when."""
    waiting = DBTaskResult.objects.filter(
        task_path=f"{fixity_check_record.module_path}",
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).order_by("enqueued_at")
    for result in waiting.only("args_kwargs", "enqueued_at"):
        if (result.args_kwargs.get("args") or [None])[0] == identifier:
            return result.enqueued_at
    return None


@require_POST
def seal(request, event_id):
    require(request, CHANGE_PERMISSION)
    event = get_object_or_404(DocumentationEvent, pk=event_id)
    try:
        version = seal_event(event.pk, request.user)
    except SealingError as error:
        messages.error(request, _("Not sealed: %(reason)s") % {"reason": error})
    else:
        messages.success(request, _("Sealed as archive version %(version)s.") % {"version": version})
    return redirect("restoration_record", identifier=event.record_identifier)


def correct(request, event_id):
    require(request, CHANGE_PERMISSION)
    event = get_object_or_404(DocumentationEvent, pk=event_id)
    error = ""
    if request.method == "POST":
        try:
            version = add_correction(
                event.pk,
                request.user,
                request.POST.get("reason"),
                request.POST.get("text"),
                request.FILES.get("file"),
            )
        except SealingError as failure:
            error = str(failure)
        else:
            messages.success(
                request, _("Correction written as archive version %(version)s.") % {"version": version}
            )
            return redirect("restoration_record", identifier=event.record_identifier)
    return render(
        request,
        "restoration/correct.html",
        {"event": event, "error": error, "form_data": request.POST},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def export(request, identifier, kind):
    """The record's archive as a zipped BagIt bag or OCFL object of its current version.

    POST queues the build (a task: a bag of large scans takes longer than a request should); GET
    serves the file once it is built, and otherwise says it is being prepared (202, refreshing).
    """
    require(request, VIEW_PERMISSION)
    if kind not in KINDS:
        raise Http404(_("Unknown export format."))
    page_or_404(identifier)
    version = archive_store().head(identifier)
    if version is None:
        raise Http404(_("Nothing of this record has been sealed yet."))
    if request.method == "POST":
        request_export(identifier, kind, request.user)
        return redirect("restoration_export", identifier=identifier, kind=kind)
    path = export_path(identifier, kind, version)
    if path.exists():
        AuditEntry.log(
            AuditAction.RESTRICTED_ACCESS,
            AuditOutcome.SUCCESS,
            user=request.user,
            record_identifier=identifier,
            summary=f"download of the {kind} export of {version}",
        )
        return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
    context = {
        "identifier": identifier,
        "kind": kind,
        "version": version,
        "queued": queued_marker(identifier, kind, version).exists(),
    }
    return render(request, "restoration/export.html", context, status=202)


def master_download(request, event_image_id):
    """The master file of an event's image, exactly as received; every access is in the audit trail."""
    require(request, VIEW_PERMISSION)
    event_image = get_object_or_404(
        EventImage.objects.select_related("image", "event__record"), pk=event_image_id
    )
    image = image_of(event_image)
    try:
        if image is None:
            raise FileNotFoundError
        handle = open(image.file.path, "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        AuditEntry.log(
            AuditAction.RESTRICTED_ACCESS,
            AuditOutcome.FAILURE,
            user=request.user,
            record_identifier=event_image.event.record_identifier,
            event=event_image.event,
            summary="missing master "
            + (image.file.name if image else f"(image row {event_image.image_id} gone)"),
        )
        raise Http404(_("The master file is missing from storage.")) from None
    AuditEntry.log(
        AuditAction.RESTRICTED_ACCESS,
        AuditOutcome.SUCCESS,
        user=request.user,
        record_identifier=event_image.event.record_identifier,
        event=event_image.event,
        summary=f"master {image.original_filename or image.file.name}",
        sha256=image.sha256,
    )
    name = image.original_filename or Path(image.file.name).name
    return FileResponse(handle, as_attachment=True, filename=name)
