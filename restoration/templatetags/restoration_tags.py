"""Public before/after stories of a record's restoration, for its page."""

from django import template
from django.db.models import Q

from iiif.links import image_url
from images.models import TilingStatus

from ..archive.integrity import image_of
from ..models import DocumentationEvent, Registration

register = template.Library()
STORY_WIDTH = 960


def _first_ready(event):
    for event_image in event.images.all():
        image = image_of(event_image)  # None when its row is gone: the story is left out, the page stands
        if image is not None and image.tiling_status == TilingStatus.READY:
            return event_image
    return None


@register.simple_tag
def public_restorations(page):
    """One story per event marked public: its first image beside the last earlier event's, the
    later one aligned to the earlier when a registration exists."""
    if not getattr(page, "pk", None) or not hasattr(page, "get_translations"):
        return []
    pages = list(page.get_translations(inclusive=True).values_list("pk", flat=True))
    events = list(
        DocumentationEvent.objects.filter(record_id__in=pages)
        .filter(Q(public=True) | Q(images__isnull=False))
        .distinct()
        .prefetch_related("images__image")
        .order_by("date", "pk")
    )
    stories = []
    for index, event in enumerate(events):
        if not event.public:
            continue
        after = _first_ready(event)
        before = next((found for e in reversed(events[:index]) if (found := _first_ready(e))), None)
        if after is None or before is None:
            continue
        registration = (
            Registration.objects.filter(before=before, after=after).select_related("aligned_image").first()
        )
        aligned = registration.aligned_image if registration else None
        shown_after = aligned if aligned and aligned.tiling_status == TilingStatus.READY else after.image
        stories.append(
            {
                "before_url": image_url(before.image, STORY_WIDTH),
                "after_url": image_url(shown_after, STORY_WIDTH),
                "width": before.image.iiif_width,
                "height": before.image.iiif_height,
                "before_label": f"{before.event.date:%Y}",
                "after_label": f"{event.date:%Y}",
                "summary": event.public_summary,
                "when": event.date.strftime("%Y-%m-%d"),
                "agency": event.agency,
                "people": [line.strip() for line in event.people.splitlines() if line.strip()],
            }
        )
    return stories
