"""Published heritage sites as GeoJSON features (RFC 7946), one per site across its languages.

Every public output of the map goes through ``site_features``: a sensitive site (flagged in any
of its language versions) has only its generalised point and no boundary, unless ``exact`` is
asked for by a staff view.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import PageViewRestriction

from catalogue.models import RecordImage, SitePage
from catalogue.models.places import FORMER_DISTRICTS
from catalogue.models.sites import Ranking, SiteCategory
from catalogue.visibility import private_collection_ids
from iiif.links import image_url
from images.models import TilingStatus

RANKING_ORDER = [value for value, _label in Ranking.choices]
THUMBNAIL_WIDTH = 240
COORDINATE_DECIMALS = 5  # ~1 m: finer than any site's extent, and fewer bytes on a phone
CACHE_SECONDS = 600


@dataclass
class SiteGroup:
    """The language versions of one site: ``pages`` maps language code → live public page."""

    translation_key: object
    pages: dict
    sensitive: bool

    def page_in(self, language):
        return (
            self.pages.get(language)
            or self.pages.get(settings.LANGUAGE_CODE)
            or next(iter(self.pages.values()))
        )


def allowed_values():
    """The valid values of each map filter (what ``params.parse_map_filters`` accepts)."""
    return {
        "ranking": tuple(RANKING_ORDER),
        "category": tuple(value for value, _label in SiteCategory.choices),
        "district": tuple(key for key, _label in FORMER_DISTRICTS),
    }


def site_groups():
    """Every published site, its language versions gathered."""
    sensitive_keys = set(SitePage.objects.filter(sensitive=True).values_list("translation_key", flat=True))
    groups = {}
    # Body and other stream fields are never shown on the map: not loaded (a third of the time at 2,000).
    pages = SitePage.objects.published().defer_streamfields().select_related("locale").order_by("path")
    for page in pages:
        group = groups.setdefault(
            page.translation_key, SiteGroup(page.translation_key, {}, page.translation_key in sensitive_keys)
        )
        group.pages[page.locale.language_code] = page
    return list(groups.values())


def _thumbnails(page_ids):
    """page id → the IIIF URL of a small version of its first tiled image."""
    thumbnails = {}
    images = (
        RecordImage.objects.filter(page_id__in=page_ids, image__tiling_status=TilingStatus.READY)
        .exclude(image__collection_id__in=private_collection_ids())
        .select_related("image")
        .order_by("page_id", "sort_order")
    )
    for item in images:
        if item.page_id not in thumbnails:
            thumbnails[item.page_id] = settings.PUBLIC_BASE_URL + image_url(item.image, THUMBNAIL_WIDTH)
    return thumbnails


def _url(page):
    url = page.get_url()
    return f"{settings.PUBLIC_BASE_URL}{url}" if url and url.startswith("/") else url


def _in_box(point, bbox):
    if bbox is None:
        return True
    if point is None:
        return False
    latitude, longitude = point
    west, south, east, north = bbox
    return west <= longitude <= east and south <= latitude <= north


def _labels(language):
    with translation.override(language):
        return (
            {value: str(label) for value, label in Ranking.choices},
            {value: str(label) for value, label in SiteCategory.choices},
            {value: str(label) for value, label in FORMER_DISTRICTS},
        )


def site_features(filters, exact=False):
    """GeoJSON Feature dicts of the published sites passing ``filters`` (params.MapFilters),
    ordered by ranking then name in ``filters.language``."""
    language = filters.language
    rankings, categories, districts = _labels(language)
    chosen = []
    for group in site_groups():
        page = group.page_in(language)
        if not filters.keeps(page.ranking, page.category, page.former_district):
            continue
        if exact:
            point = None if page.latitude is None else (float(page.latitude), float(page.longitude))
        else:
            point = page.public_location(sensitive=group.sensitive)
        if _in_box(point, filters.bbox):
            chosen.append((group, page, point))
    thumbnails = _thumbnails([page.pk for _group, page, _point in chosen])
    features = []
    for group, page, point in chosen:
        properties = {
            "identifier": page.identifier,
            "name": page.title,
            "names": {code: version.title for code, version in sorted(group.pages.items())},
            "ranking": page.ranking,
            "ranking_label": rankings[page.ranking],
            "category": page.category,
            "category_label": categories[page.category],
            "district": page.former_district or None,
            "district_label": districts.get(page.former_district),
            "url": _url(page),
            "urls": {code: _url(version) for code, version in sorted(group.pages.items())},
            "thumbnail": thumbnails.get(page.pk),
            "generalised": group.sensitive and not exact,
        }
        if exact:
            properties["sensitive"] = group.sensitive
        geometry = None
        if point is not None:
            decimals = 3 if properties["generalised"] else COORDINATE_DECIMALS
            latitude, longitude = round(point[0], decimals), round(point[1], decimals)
            geometry = {"type": "Point", "coordinates": [longitude, latitude]}  # RFC 7946: lon, lat
        features.append(
            {"type": "Feature", "id": page.identifier, "geometry": geometry, "properties": properties}
        )
    features.sort(
        key=lambda f: (RANKING_ORDER.index(f["properties"]["ranking"]), f["properties"]["name"].casefold())
    )
    return features


def zone_features(filters):
    """Boundary and protection-zone polygons of the published, non-sensitive sites passing
    ``filters``; those of sensitive sites are never given."""
    kinds = _zone_labels(filters.language)
    features = []
    for group in site_groups():
        page = group.page_in(filters.language)
        if group.sensitive or not filters.keeps(page.ranking, page.category, page.former_district):
            continue
        for kind, geometry in page.public_geometries(sensitive=group.sensitive):
            if filters.bbox and not _boxes_overlap(_geometry_box(geometry), filters.bbox):
                continue
            properties = {
                "identifier": page.identifier,
                "name": page.title,
                "kind": kind,
                "kind_label": kinds[kind],
            }
            features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    # Widest first, so that the inner zones are drawn over the outer ones.
    order = {"zone_2": 0, "zone_1": 1, "boundary": 2}
    features.sort(key=lambda f: order[f["properties"]["kind"]])
    return features


def _zone_labels(language):
    with translation.override(language):
        return {
            "boundary": gettext("Site boundary"),
            "zone_1": gettext("Protection zone I"),
            "zone_2": gettext("Protection zone II"),
        }


def _positions(geometry):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def _geometry_box(geometry):
    positions = list(_positions(geometry))
    lons, lats = [p[0] for p in positions], [p[1] for p in positions]
    return min(lons), min(lats), max(lons), max(lats)


def _boxes_overlap(a, b):
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def data_version():
    """A digest that changes whenever anything a map response shows may have changed: a site
    published, unpublished, edited, moved, restricted or deleted, its images changed, an image
    tiled. A few narrow scans; far cheaper than building the document again."""
    digest = hashlib.sha256()
    site_rows = SitePage.objects.order_by("pk").values_list(
        "pk", "url_path", "live", "last_published_at", "sensitive", "locale_id"
    )
    image_rows = (
        RecordImage.objects.filter(page__in=SitePage.objects.all())
        .order_by("pk")
        .values_list("pk", "page_id", "image_id", "sort_order", "image__tiling_status")
    )
    restrictions = PageViewRestriction.objects.order_by("pk").values_list("pk", "page_id", "restriction_type")
    for rows in (site_rows, image_rows, restrictions):
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()[:24]


def cached_features(filters):
    """``site_features(filters)`` kept until the data changes (the map page lists every site)."""
    key = f"relic_map:features:{data_version()}:{hashlib.sha256(filters.cache_key().encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = site_features(filters)
        cache.set(key, found, CACHE_SECONDS)
    return found


def cached_document(kind, filters, build):
    """(body bytes, ETag) of a map document, built by ``build()`` only when the data changed."""
    key = f"relic_map:{kind}:{data_version()}:{hashlib.sha256(filters.cache_key().encode()).hexdigest()}"
    stored = cache.get(key)
    if stored is None:
        body = build()
        stored = (body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        cache.set(key, stored, CACHE_SECONDS)
    return stored
