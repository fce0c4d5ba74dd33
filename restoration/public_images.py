"""The images the public before/after stories show, for the IIIF service's access control."""

from catalogue.visibility import published_record_ids

from .models import DocumentationEvent, Registration
from .templatetags.restoration_tags import _first_ready


def story_image_ids():
    """Images of the stories on public record pages: each public event's first image, the earlier
    event's image beside it, and the registered (aligned) copy when one is shown."""
    records = published_record_ids()
    public = DocumentationEvent.objects.filter(public=True, record_id__in=records)
    record_ids = set(public.values_list("record_id", flat=True))
    if not record_ids:
        return set()
    # Stories pair events of every language version; a published record's versions are all published.
    events = list(
        DocumentationEvent.objects.filter(record_id__in=records)
        .filter(record__translation_key__in=public.values("record__translation_key"))
        .select_related("record")
        .prefetch_related("images__image")
        .order_by("date", "pk")
    )
    ids = set()
    for index, event in enumerate(events):
        if not event.public:
            continue
        after = _first_ready(event)
        earlier = [e for e in events[:index] if e.record.translation_key == event.record.translation_key]
        before = next((found for e in reversed(earlier) if (found := _first_ready(e))), None)
        if after is None or before is None:
            continue
        ids |= {after.image_id, before.image_id}
        aligned = (
            Registration.objects.filter(before=before, after=after)
            .values_list("aligned_image_id", flat=True)
            .first()
        )
        if aligned:
            ids.add(aligned)
    return ids
