"""IIIF Change Discovery API 1.0: the manifests' Create/Update/Delete activities, oldest first,
as an Activity Streams OrderedCollection of fixed-size pages (page n always holds the same
activities, so aggregators can cache every page but the last)."""

from django.conf import settings
from django.urls import reverse

from .models import ManifestActivity

CONTEXT = "http://iiif.io/api/discovery/1/context.json"
PAGE_SIZE = 100


def collection_id():
    return settings.PUBLIC_BASE_URL + reverse("opendata:discovery_collection")


def page_id(number):
    return settings.PUBLIC_BASE_URL + reverse("opendata:discovery_page", args=[number])


def _ref(number):
    return {"id": page_id(number), "type": "OrderedCollectionPage"}


def last_page_number(total):
    return max(0, (total - 1) // PAGE_SIZE)


def collection():
    total = ManifestActivity.objects.count()
    return {
        "@context": CONTEXT,
        "id": collection_id(),
        "type": "OrderedCollection",
        "totalItems": total,
        "first": _ref(0),
        "last": _ref(last_page_number(total)),
    }


def _manifest(identifier):
    return f"{settings.PUBLIC_BASE_URL}/iiif/manifest/{identifier}.json"


def page(number):
    """The page as a dict, or None past the last page."""
    total = ManifestActivity.objects.count()
    last = last_page_number(total)
    if number < 0 or number > last:
        return None
    rows = ManifestActivity.objects.order_by("pk")[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
    data = {
        "@context": CONTEXT,
        "id": page_id(number),
        "type": "OrderedCollectionPage",
        "startIndex": number * PAGE_SIZE,
        "partOf": {"id": collection_id(), "type": "OrderedCollection"},
    }
    if number > 0:
        data["prev"] = _ref(number - 1)
    if number < last:
        data["next"] = _ref(number + 1)
    data["orderedItems"] = [
        {
            "id": f"{page_id(number).removesuffix('.json')}/activity/{row.pk}",
            "type": row.activity,
            "object": {"id": _manifest(row.identifier), "type": "Manifest"},
            "endTime": row.end_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        for row in rows
    ]
    return data
