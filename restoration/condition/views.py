"""Condition comparison in the admin: the compare view, registration, observations, report, manifest."""

import json

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import CHANGE_PERMISSION, VIEW_PERMISSION, page_or_404, record_events, require
from ..archive import integrity
from ..archive.sealing import archive_store
from ..models import ConditionObservation, DamageType, EventImage, Registration, Severity
from . import compare
from .registration import RegistrationError
from .report import change_report


def _integrity(page, events):
    """Event image id → what is wrong with its sealed master (see archive.integrity.PROBLEMS)."""
    return integrity.record_status(archive_store(), page.identifier, events)


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
    require(request, VIEW_PERMISSION)
    page = page_or_404(identifier)
    events = record_events(page)
    status = _integrity(page, events)
    config = compare.compare_config(page, events, _chosen(request, events), status)
    config.update(
        observationUrl=reverse("restoration_observation"),
        damageTypes=[{"key": d.key, "label": d.label} for d in DamageType.objects.all()],
        severities=[{"key": value, "label": str(label)} for value, label in Severity.choices],
        registerUrl=reverse("restoration_register"),
        manifestUrl=reverse("restoration_manifest", args=[identifier]),
        canRegister=request.user.has_perm(CHANGE_PERMISSION),
    )
    context = {
        "page": page,
        "config": config,
        "events": events,
        "integrity": compare.integrity_notes(events, status),
    }
    return render(request, "restoration/compare.html", context)


@require_POST
def register_view(request):
    """Control points posted by the compare page → a stored registration (JSON answer)."""
    require(request, CHANGE_PERMISSION)
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
    require(request, CHANGE_PERMISSION)
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
    require(request, VIEW_PERMISSION)
    registration = get_object_or_404(Registration, before_id=before, after_id=after)
    return JsonResponse(compare.registration_data(registration))


def comparison_manifest(request, identifier):
    require(request, VIEW_PERMISSION)
    page = page_or_404(identifier)
    url = request.build_absolute_uri(reverse("restoration_manifest", args=[identifier]))
    events = record_events(page)
    body = compare.comparison_manifest(page, events, url, _integrity(page, events))
    return HttpResponse(
        body, content_type='application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
    )


def report_view(request, identifier):
    """The printable change report of a record."""
    require(request, VIEW_PERMISSION)
    page = page_or_404(identifier)
    events = record_events(page)
    columns = compare.report_columns(events)
    context = {
        "page": page,
        "columns": columns,
        "rows": change_report(columns),
        "integrity": compare.integrity_notes(events, _integrity(page, events)),
    }
    return render(request, "restoration/report.html", context)
