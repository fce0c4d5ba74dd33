"""What the compare view, the comparison manifest and the change report are built from."""

import tempfile
from datetime import UTC, datetime, time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from iiif import presentation
from images.ingest import ingest_file
from images.models import TilingStatus

from ..archive.integrity import PROBLEMS, image_of
from ..models import EventImage, Registration
from .registration import RegistrationError, fit_affine, leave_one_out, write_aligned
from .report import EventColumn, Seen


def info_url(image):
    return reverse("iiif:image_info", args=[image.iiif_identifier])


def region_label(observation):
    return f"{observation.damage.label} ({observation.get_severity_display().lower()})"


def event_label(event):
    return f"{event.date:%Y-%m-%d} · {event.get_kind_display()}"


def compare_config(page, events, chosen, status=None):
    """The JSON the compare page's script reads; ``chosen`` has event and image ids for a and b;
    ``status`` maps event image ids to what is wrong with their sealed master (missing, altered)."""
    status = status or {}
    event_data = []
    for event in events:
        images = []
        for event_image in event.images.all():
            image = image_of(event_image)
            if image is None or image.tiling_status != TilingStatus.READY:
                continue
            regions = [
                {
                    "x": o.x,
                    "y": o.y,
                    "w": o.width,
                    "h": o.height,
                    "label": region_label(o),
                    "damage": o.damage.key,
                }
                for o in event.observations.all()
                if o.event_image_id == event_image.pk and o.region
            ]
            images.append(
                {
                    "id": event_image.pk,
                    "label": event_image.view or image.title,
                    "info": info_url(image),
                    "width": image.iiif_width,
                    "height": image.iiif_height,
                    "regions": regions,
                    "integrity": str(PROBLEMS[status[event_image.pk]]) if event_image.pk in status else "",
                }
            )
        event_data.append(
            {"id": event.pk, "label": event_label(event), "sealed": event.is_sealed, "images": images}
        )
    registration = None
    if chosen.get("a_image") and chosen.get("b_image"):
        found = Registration.objects.filter(before_id=chosen["a_image"], after_id=chosen["b_image"]).first()
        if found:
            registration = registration_data(found)
    return {"record": page.identifier, "events": event_data, "chosen": chosen, "registration": registration}


def registration_data(registration):
    checks = leave_one_out(registration.points)
    known = [error for error in checks if error is not None]
    aligned = registration.aligned_image
    ready = aligned is not None and aligned.tiling_status == TilingStatus.READY
    return {
        "before": registration.before_id,
        "after": registration.after_id,
        "matrix": registration.matrix,
        "points": registration.points,
        "rms": round(registration.rms_px, 2),
        "max": round(registration.max_px, 2),
        # Each pair as predicted by the others: the figure to trust (the fit's own residuals
        # flatter it); None where the other points cannot determine a transform.
        "checks": [None if e is None else round(e, 2) for e in checks],
        "check": round(max(known), 2) if known else None,
        "aligned": info_url(aligned) if ready else None,
        "pending": aligned is not None and not ready,
    }


def register(before_id, after_id, pairs, user=None):
    """Fit the transform, resample the after image into the before frame, ingest it for tiling.

    Raises RegistrationError with a sentence for the researcher when the points cannot be used.
    """
    before = EventImage.objects.select_related("image").get(pk=before_id)
    after = EventImage.objects.select_related("image").get(pk=after_id)
    if before.pk == after.pk:
        raise RegistrationError(_("Choose two different images."))
    b_image, a_image = before.image, after.image
    affine, rms, largest = fit_affine(
        pairs, before_size=(b_image.width, b_image.height), after_size=(a_image.width, a_image.height)
    )
    with tempfile.TemporaryDirectory(dir=settings.MEDIA_ROOT) as work:
        out = Path(work) / f"aligned-{after.pk}-to-{before.pk}.tif"
        write_aligned(Path(a_image.file.path), affine, b_image.width, b_image.height, out)
        title = _("%(after)s aligned to %(before)s") % {"after": str(after), "before": str(before)}
        with transaction.atomic():
            result = ingest_file(out, title=title[:255], user=user)
            if result.image is None:
                raise RegistrationError(result.message)
            previous = (
                Registration.objects.filter(before=before, after=after)
                .select_related("aligned_image")
                .first()
            )
            replaced = previous.aligned_image if previous else None
            registration, _created = Registration.objects.update_or_create(
                before=before,
                after=after,
                defaults={
                    "points": [list(map(float, pair)) for pair in pairs],
                    "matrix": affine.as_list(),
                    "rms_px": rms,
                    "max_px": largest,
                    "aligned_image": result.image,
                    "created_by": user if getattr(user, "pk", None) else None,
                },
            )
            if replaced is not None and not EventImage.objects.filter(image=replaced).exists():
                replaced.delete()  # a derived image nobody else uses: the new alignment supersedes it
    return registration


def integrity_notes(events, status):
    """One line per event image whose sealed master is missing or altered, in the active language."""
    return [
        f"{event_label(event)} · {event_image.view or getattr(image_of(event_image), 'title', '')}: "
        f"{PROBLEMS[status[event_image.pk]]}"
        for event in events
        for event_image in event.images.all()
        if event_image.pk in status
    ]


def comparison_manifest(page, events, manifest_url, status=None):
    """The IIIF comparison manifest of the record (built by iiif.presentation from plain data); a sealed
    master that is missing or altered is said so in the manifest's and its canvas's summary."""
    status = status or {}
    registrations = {}
    for registration in Registration.objects.filter(before__event__in=events).select_related(
        "aligned_image", "after__event"
    ):
        if registration.aligned_image and registration.aligned_image.tiling_status == TilingStatus.READY:
            registrations.setdefault(registration.before_id, []).append(registration)
    canvases = []
    for event in events:
        for index, event_image in enumerate(event.images.all(), start=1):
            image = image_of(event_image)
            if image is None or image.tiling_status != TilingStatus.READY:
                continue
            label = {}
            for language in ("vi", "en"):
                with translation.override(language):
                    label[language] = f"{event_label(event)} · {event_image.view or image.title}"
            aligned = [
                ({"vi": event_label(r.after.event), "en": event_label(r.after.event)}, r.aligned_image)
                for r in registrations.get(event_image.pk, [])
            ]
            regions = []
            for observation in event.observations.all():
                if observation.event_image_id != event_image.pk:
                    continue
                texts = {}
                for language in ("vi", "en"):
                    with translation.override(language):
                        texts[language] = region_label(observation) + (
                            f": {observation.note}" if observation.note else ""
                        )
                regions.append(presentation.ComparisonRegion(str(observation.pk), texts, observation.region))
            canvases.append(
                presentation.ComparisonCanvas(
                    key=f"{event.pk}-{index}",
                    label=label,
                    nav_date=datetime.combine(event.date, time(12), tzinfo=UTC),
                    image=image,
                    aligned=aligned,
                    regions=regions,
                    summary=_in_languages(lambda key=status[event_image.pk]: str(PROBLEMS[key]))
                    if event_image.pk in status
                    else {},
                )
            )
    titles = {
        t.locale.language_code: t.title
        for t in page.get_translations(inclusive=True).select_related("locale")
    }
    label = {language: f"{title} · {page.identifier}" for language, title in titles.items()}
    summary = _in_languages(lambda: " ".join(integrity_notes(events, status))) if status else None
    return presentation.comparison_manifest_json(
        manifest_url, label, canvases, settings.PUBLIC_BASE_URL, summary=summary
    )


def _in_languages(text):
    texts = {}
    for language in ("vi", "en"):
        with translation.override(language):
            texts[language] = text()
    return texts


def report_columns(events):
    columns = []
    for event in events:
        seen = [
            Seen(
                damage=o.damage.key,
                damage_label=o.damage.label,
                severity=o.get_severity_display(),
                image=(o.event_image.view or getattr(image_of(o.event_image), "title", ""))
                if o.event_image_id
                else "",
                region=o.region,
                note=o.note,
            )
            for o in event.observations.all()
        ]
        columns.append(EventColumn(event.pk, event_label(event), seen))
    return columns
