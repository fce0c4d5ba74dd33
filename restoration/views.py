"""Researchers' and curators' views of a record's archive (all inside the Wagtail admin)."""

import json
import shutil
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import compare
from .fixity import last_checks
from .models import (
    AuditAction,
    AuditEntry,
    AuditOutcome,
    ConditionObservation,
    DamageType,
    DocumentationEvent,
    EventImage,
    Severity,
)
from .registration import RegistrationError
from .report import change_report
from .sealing import SealingError, add_correction, archive_store, seal_event

VIEW_PERMISSION = "restoration.view_documentationevent"
CHANGE_PERMISSION = "restoration.change_documentationevent"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _page_or_404(identifier):
    page = compare.record_page(identifier)
    if page is None:
        raise Http404(_("No record with the identifier %s.") % identifier)
    return page


def record_archive(request, identifier):
    """The record's events, archive versions, last fixity check and audit trail."""
    _require(request, VIEW_PERMISSION)
    page = _page_or_404(identifier)
    events = compare.record_events(page)
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
                    "created": version.get("created"),
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
        "audit": AuditEntry.objects.filter(record_identifier=identifier)[:200],
        "can_change": request.user.has_perm(CHANGE_PERMISSION),
    }
    return render(request, "restoration/record_archive.html", context)


@require_POST
def seal(request, event_id):
    _require(request, CHANGE_PERMISSION)
    event = get_object_or_404(DocumentationEvent, pk=event_id)
    try:
        version = seal_event(event.pk, request.user)
    except SealingError as error:
        messages.error(request, _("Not sealed: %(reason)s") % {"reason": error})
    else:
        messages.success(request, _("Sealed as archive version %(version)s.") % {"version": version})
    return redirect("restoration_record", identifier=event.record_identifier)


def correct(request, event_id):
    _require(request, CHANGE_PERMISSION)
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


def export(request, identifier, kind):
    """The record's archive as a zipped BagIt bag or OCFL object; every export is in the audit trail."""
    _require(request, VIEW_PERMISSION)
    _page_or_404(identifier)
    store = archive_store()
    if not store.head(identifier):
        raise Http404(_("Nothing of this record has been sealed yet."))
    work = Path(tempfile.mkdtemp(prefix="export-"))
    try:
        target = work / f"{identifier}-{kind}"
        if kind == "bag":
            store.export_bag(identifier, target, info={"Source-Organization": "Quảng Nam Heritage"})
        else:
            store.export_object(identifier, target)
        archive = shutil.make_archive(
            str(work / f"{identifier}-{kind}"), "zip", root_dir=target.parent, base_dir=target.name
        )
    except Exception as error:
        shutil.rmtree(work, ignore_errors=True)
        AuditEntry.log(
            AuditAction.EXPORT,
            AuditOutcome.FAILURE,
            user=request.user,
            record_identifier=identifier,
            summary=f"{kind}: {error}",
        )
        raise
    AuditEntry.log(
        AuditAction.EXPORT,
        AuditOutcome.SUCCESS,
        user=request.user,
        record_identifier=identifier,
        summary=f"{kind} of {store.head(identifier)}",
        kind=kind,
        version=store.head(identifier),
    )
    handle = open(archive, "rb")  # noqa: SIM115 - FileResponse closes it; the folder goes with it
    response = FileResponse(handle, as_attachment=True, filename=Path(archive).name)
    response._resource_closers.append(lambda: shutil.rmtree(work, ignore_errors=True))
    return response


def master_download(request, event_image_id):
    """The master file of an event's image, exactly as received; every access is in the audit trail."""
    _require(request, VIEW_PERMISSION)
    event_image = get_object_or_404(
        EventImage.objects.select_related("image", "event__record"), pk=event_image_id
    )
    image = event_image.image
    try:
        handle = open(image.file.path, "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        AuditEntry.log(
            AuditAction.RESTRICTED_ACCESS,
            AuditOutcome.FAILURE,
            user=request.user,
            record_identifier=event_image.event.record_identifier,
            event=event_image.event,
            summary=f"missing master {image.file.name}",
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


def _chosen(request, events):
    def number(name):
        try:
            return int(request.GET.get(name, ""))
        except ValueError:
            return None

    by_id = {event.pk: event for event in events}
    a, b = number("a"), number("b")
    if a not in by_id:
        a = events[0].pk if events else None
    if b not in by_id:
        b = events[-1].pk if events else None
    chosen = {
        "a": a,
        "b": b,
        "a_image": number("ia"),
        "b_image": number("ib"),
        "mode": request.GET.get("mode")
        if request.GET.get("mode") in ("side", "swipe", "overlay")
        else "side",
    }
    for side in ("a", "b"):
        images = [i.pk for i in by_id[chosen[side]].images.all()] if chosen[side] else []
        if chosen[f"{side}_image"] not in images:
            chosen[f"{side}_image"] = images[0] if images else None
    for name, default in (("opacity", 0.5), ("swipe", 0.5)):
        try:
            chosen[name] = min(1.0, max(0.0, float(request.GET.get(name, default))))
        except ValueError:
            chosen[name] = default
    view = request.GET.get("view", "")
    try:
        parts = [float(v) for v in view.split(",")] if view else []
    except ValueError:
        parts = []
    chosen["view"] = parts if len(parts) == 4 else None
    return chosen


def compare_view(request, identifier):
    """Two events' images in deep zoom: side by side locked together, a swipe, an overlay."""
    _require(request, VIEW_PERMISSION)
    page = _page_or_404(identifier)
    events = compare.record_events(page)
    config = compare.compare_config(page, events, _chosen(request, events))
    config.update(
        observationUrl=reverse("restoration_observation"),
        damageTypes=[{"key": d.key, "label": d.label} for d in DamageType.objects.all()],
        severities=[{"key": value, "label": str(label)} for value, label in Severity.choices],
        registerUrl=reverse("restoration_register"),
        manifestUrl=reverse("restoration_manifest", args=[identifier]),
        canRegister=request.user.has_perm(CHANGE_PERMISSION),
    )
    return render(request, "restoration/compare.html", {"page": page, "config": config, "events": events})


@require_POST
def register_view(request):
    """Control points posted by the compare page → a stored registration (JSON answer)."""
    _require(request, CHANGE_PERMISSION)
    try:
        payload = json.loads(request.body)
        registration = compare.register(
            int(payload["before"]), int(payload["after"]), payload["points"], request.user
        )
    except RegistrationError as error:  # a ValueError too: caught first, its message is for the researcher
        return JsonResponse({"error": str(error)}, status=400)
    except (ValueError, KeyError, TypeError, EventImage.DoesNotExist):
        return JsonResponse({"error": _("The request is not understood.")}, status=400)
    return JsonResponse(compare.registration_data(registration))


@require_POST
def add_observation(request):
    """A condition region drawn on an image of an event not yet sealed (JSON in, JSON out)."""
    _require(request, CHANGE_PERMISSION)
    try:
        payload = json.loads(request.body)
        event_image = EventImage.objects.select_related("event", "image").get(pk=int(payload["event_image"]))
        damage = DamageType.objects.get(key=str(payload["damage"]))
        x, y, width, height = (round(float(payload[name])) for name in ("x", "y", "width", "height"))
    except (ValueError, OverflowError, KeyError, TypeError, EventImage.DoesNotExist, DamageType.DoesNotExist):
        return JsonResponse({"error": _("The request is not understood.")}, status=400)
    if event_image.event.is_sealed:
        return JsonResponse({"error": _("This event is sealed: add a correction instead.")}, status=409)
    observation = ConditionObservation(
        event=event_image.event,
        damage=damage,
        severity=payload.get("severity") if payload.get("severity") in Severity.values else Severity.MODERATE,
        note=str(payload.get("note", ""))[:500],
        event_image=event_image,
        x=max(0, x),
        y=max(0, y),
        width=width,
        height=height,
    )
    try:
        observation.full_clean()
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    observation.save()
    return JsonResponse(
        {
            "id": observation.pk,
            "x": observation.x,
            "y": observation.y,
            "w": observation.width,
            "h": observation.height,
            "label": compare.region_label(observation),
            "damage": damage.key,
        },
        status=201,
    )


def registration_status(request, before, after):
    _require(request, VIEW_PERMISSION)
    from .models import Registration

    registration = get_object_or_404(Registration, before_id=before, after_id=after)
    return JsonResponse(compare.registration_data(registration))


def comparison_manifest(request, identifier):
    _require(request, VIEW_PERMISSION)
    page = _page_or_404(identifier)
    url = request.build_absolute_uri(reverse("restoration_manifest", args=[identifier]))
    body = compare.comparison_manifest(page, compare.record_events(page), url)
    return HttpResponse(
        body, content_type='application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
    )


def report_view(request, identifier):
    """The printable change report of a record."""
    _require(request, VIEW_PERMISSION)
    page = _page_or_404(identifier)
    columns = compare.report_columns(compare.record_events(page))
    return render(
        request, "restoration/report.html", {"page": page, "columns": columns, "rows": change_report(columns)}
    )
