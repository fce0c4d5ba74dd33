"""The metadata snapshot sealed with an event: the event, its images and files with checksums,
its condition observations (as W3C Web Annotations on the image), and the record as it was."""

import json

from django.utils import timezone

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def event_folder(event):
    """The event's folder in the record's archive object: date and kind, then the event id."""
    return f"events/{event.date:%Y-%m-%d}_{event.kind}_{event.pk}"


def image_logical_path(event, index, event_image):
    name = event_image.image.original_filename or event_image.image.file.name.rsplit("/", 1)[-1]
    return f"{event_folder(event)}/images/{index:02d}_{_safe(name)}"


def file_logical_path(event, index, event_file):
    return (
        f"{event_folder(event)}/files/{index:02d}_{_safe(event_file.original_name or event_file.file.name)}"
    )


def _safe(name):
    """A file name safe as one OCFL path segment: no separators, no control characters."""
    name = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    cleaned = "".join(ch if ch.isprintable() and ch not in '<>:"|?*' else "_" for ch in name).strip(" .")
    return cleaned or "file"


def annotation(event_image, observation, target_id):
    """A condition observation as a W3C Web Annotation (``xywh`` fragment on the image)."""
    body = [
        {
            "type": "TextualBody",
            "purpose": "classifying",
            "value": observation.damage.label_en,
            "language": "en",
        },
        {
            "type": "TextualBody",
            "purpose": "classifying",
            "value": observation.damage.label_vi,
            "language": "vi",
        },
        {"type": "TextualBody", "purpose": "describing", "value": f"severity: {observation.severity}"},
    ]
    if observation.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": observation.note})
    target = target_id
    if observation.region:
        x, y, w, h = observation.region
        target = {
            "source": target_id,
            "selector": {
                "type": "FragmentSelector",
                "conformsTo": "http://www.w3.org/TR/media-frags/",
                "value": f"xywh={x},{y},{w},{h}",
            },
        }
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": f"urn:heritage:observation:{observation.pk}",
        "type": "Annotation",
        "motivation": "tagging",
        "body": body,
        "target": target,
    }


def record_snapshot(page):
    """The record as it stands when sealed: identity, names, and (for a site) its exact place."""
    page = page.specific
    data = {
        "identifier": page.identifier,
        "type": page._meta.model_name,
        "title": page.title,
        "translations": {
            t.locale.language_code: t.title
            for t in page.get_translations(inclusive=True).select_related("locale")
        },
        "url_path": page.url_path,
    }
    data.update(page.place_fields())
    return data


def event_snapshot(event, paths, sealed_by):
    """JSON bytes describing ``event``; ``paths`` maps each image/file object to its logical path."""
    images = []
    for event_image in event.images.all():
        image = event_image.image
        path = paths[event_image]
        observations = [o for o in event.observations.all() if o.event_image_id == event_image.pk]
        images.append(
            {
                "path": path,
                "event_image": event_image.pk,
                "view": event_image.view,
                "title": image.title,
                "sha256": image.sha256,
                "width": image.width,
                "height": image.height,
                "capture_date": image.capture_date.isoformat() if image.capture_date else None,
                "photographer": image.photographer,
                "agency": image.agency,
                "annotations": [annotation(event_image, o, path) for o in observations],
            }
        )
    files = [
        {
            "path": paths[f],
            "event_file": f.pk,
            "kind": f.kind,
            "description": f.description,
            "original_name": f.original_name,
            "size": f.size,
            "sha256": f.sha256,
            "sha512": f.sha512,
        }
        for f in event.files.all()
    ]
    unplaced = [
        annotation(None, o, f"urn:heritage:event:{event.pk}")
        for o in event.observations.all()
        if not o.event_image_id
    ]
    data = {
        "event": {
            "id": event.pk,
            "kind": event.kind,
            "date": event.date.isoformat(),
            "agency": event.agency,
            "people": [line.strip() for line in event.people.splitlines() if line.strip()],
            "description": event.description,
            "public": event.public,
            "public_summary": event.public_summary,
        },
        "record": record_snapshot(event.record),
        "images": images,
        "files": files,
        "observations_without_region": unplaced,
        "sealed": {"at": timezone.now().isoformat(), "by": sealed_by},
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()
