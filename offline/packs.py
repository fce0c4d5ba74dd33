"""Offline packs: a heritage site or a tour, in one language, as a list of URLs with sizes and hashes.

A **site pack** holds the site's page (with its visiting information), the sites inside it, the
published tours at the site or inside it; a **tour pack** holds the tour and the site it visits.
Both hold every stop page of their tours and the record page each stop is about, and what these
pages load: styles, scripts, phone-sized pictures, narration audio, deep zoom up to a phone level
(``resources.PHONE_LEVEL_PX``), the relic map page with the public GeoJSON of the pack's area
(site points, boundaries and zones; sensitive sites only at their generalised point and without
outlines, as the map always gives them), the tours list and the offline page. Nothing is taken from the
database that a visitor could not see: every URL is rendered as for an anonymous visitor, and a
URL that is not a public 200 is left out.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from catalogue.models import SitePage, find_published_record
from iiif import storage
from visitors.models import Tour
from visitors.models.languages import LANGUAGE_NAMES
from visitors.models.tours import TOUR_IDENTIFIER

from . import internal, resources, searchtext


class PackNotFound(LookupError):
    pass


def content_language(language):
    """The language records are read in: the reader's when records are catalogued in it, else
    English (the visitor languages beside vi and en read records in English, with a note)."""
    codes = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    return language if language in codes else "en"


#: Degrees added around the pack's places for its map data (about 5 km at Quảng Nam's latitude).
AREA_MARGIN_DEGREES = 0.05


@dataclass
class Plan:
    identifier: str
    language: str
    title: str
    kind: str
    start_url: str
    pages: list = field(default_factory=list)
    records: list = field(default_factory=list)
    points: list = field(default_factory=list)

    def area(self):
        """``west,south,east,north`` around the pack's sites and stops, or None."""
        if not self.points:
            return None
        lats, lons = [p[0] for p in self.points], [p[1] for p in self.points]
        m = AREA_MARGIN_DEGREES
        box = (min(lons) - m, min(lats) - m, max(lons) + m, max(lats) + m)
        return ",".join(f"{value:.4f}" for value in box)

    def add_page(self, url):
        if url and url not in self.pages:
            self.pages.append(url)

    def add_record(self, identifier, title, url, *texts):
        self.records.append(
            {
                "identifier": identifier,
                "title": title,
                "url": url,
                "summary": (texts[0] if texts else "")[:200],
                "words": searchtext.index_words(title, *texts),
            }
        )


def _site_pages(site, plan):
    """The site and the sites inside it, in the reader's language where translated."""
    found = [site]
    found += list(
        SitePage.objects.published().filter(part_of__translation_key=site.translation_key).order_by("title")
    )
    seen, pages = set(), []
    for page in found:
        if page.translation_key in seen:
            continue
        seen.add(page.translation_key)
        localized = page.localized if page.localized.live else page
        pages.append(localized)
        point = localized.public_location()  # a sensitive site only at its generalised point
        if point:
            plan.points.append(point)
        plan.add_page(localized.url)
        plan.add_record(localized.identifier, localized.title, localized.url, localized.summary or "")
    return pages


def _tour(tour, plan):
    language = plan.language
    picked = tour.text(language)
    url = tour.get_url()
    plan.add_page(url)
    if picked.text:
        plan.add_record(tour.identifier, picked.text.title, url, picked.text.summary)
    for stop in tour.ordered_stops():
        where = stop.location()
        if where:
            plan.points.append(where)
        text = stop.text(language).text
        if text is None:
            continue  # the stop page answers 404 without a text
        plan.add_page(stop.get_url())
        plan.add_record(stop.identifier, f"{stop.number}. {text.title}", stop.get_url(), text.text)
        record = stop.record_page()
        if record is not None:
            plan.add_page(record.url)


def plan_for(identifier, language):
    """The pages and searchable records of the pack ``identifier`` in ``language``."""
    identifier = (identifier or "").strip().upper()
    with translation.override(language):
        if TOUR_IDENTIFIER.match(identifier):
            tour = Tour.objects.published().filter(identifier=identifier).first()
            if tour is None:
                raise PackNotFound(identifier)
            picked = tour.text(language)
            title = picked.text.title if picked.text else identifier
            plan = Plan(identifier, language, title, "tour", tour.get_url())
            _tour(tour, plan)
            site = None
            if tour.site is not None:
                site = find_published_record(tour.site.identifier, content_language(language))
            if site is not None:
                _site_pages(site, plan)
        else:
            site = find_published_record(identifier, content_language(language))
            if site is None or not _is_site(site):
                raise PackNotFound(identifier)
            site = site.localized if site.localized.live else site
            plan = Plan(identifier, language, site.title, "site", site.url)
            pages = _site_pages(site, plan)
            keys = [page.translation_key for page in pages]
            tours = Tour.objects.published().filter(site__translation_key__in=keys).prefetch_related("texts")
            for tour in tours:
                _tour(tour, plan)
        plan.add_page(reverse("visitors:tours"))
        plan.add_page(reverse("relic_map"))
        plan.add_page(reverse("offline:page"))
    return plan


def _is_site(page):
    located = page.located_at
    return located is not None and located.pk == page.pk


def _entry(url, body, kind):
    return {"url": url, "bytes": len(body), "hash": hashlib.sha256(body).hexdigest(), "type": kind}


def _kind(url):
    if url.startswith(settings.STATIC_URL):
        return "static"
    if url.startswith("/iiif/"):
        return "image"
    if url.startswith("/documents/"):
        return "audio"
    return "data"


def build_manifest(identifier, language):
    """The pack's manifest: version (a hash of every URL's hash), total bytes, every URL with its
    size and SHA-256, and the records its offline search finds. Raises PackNotFound."""
    plan = plan_for(identifier, language)
    entries, seen = [], set()

    def add(url, body, kind):
        if url not in seen:
            seen.add(url)
            entries.append(_entry(url, body, kind))

    wanted = []
    with translation.override(language):
        for url in plan.pages:
            status, body, _type = internal.fetch(url)
            if status != 200:
                continue
            add(url, body, "page")
            urls, services, prefixes = resources.page_references(body.decode("utf-8"))
            wanted += urls
            for prefix in prefixes:
                wanted += resources.osd_images(prefix)
            for service in services:
                _add_deep_zoom(service, add)
        # The relic map's data of the pack's area: site points, boundaries and protection zones
        # (the service worker answers the map's own queries with them when offline).
        area = f"&bbox={plan.area()}" if plan.area() else ""
        wanted.append(f"{reverse('relic_map_api:sites')}?lang={language}{area}")
        wanted.append(f"{reverse('relic_map_api:zones')}?lang={language}{area}")
        for url in wanted:
            if url in seen:
                continue
            try:
                add(url, resources.read(url), _kind(url))
            except resources.ResourceError:
                continue
    entries.sort(key=lambda e: e["url"])
    version = hashlib.sha256("\n".join(f"{e['url']} {e['hash']}" for e in entries).encode()).hexdigest()[:16]
    return {
        "identifier": plan.identifier,
        "language": language,
        "language_name": LANGUAGE_NAMES.get(language, language),
        "kind": plan.kind,
        "title": plan.title,
        "start_url": plan.start_url,
        "version": version,
        "bytes": sum(e["bytes"] for e in entries),
        "count": len(entries),
        "generated": timezone.now().isoformat(timespec="seconds"),
        "deep_zoom_max_px": resources.PHONE_LEVEL_PX,
        "resources": entries,
        "records": plan.records,
    }


def _add_deep_zoom(info_url, add):
    """info.json (only when public: it is fetched as an anonymous visitor) and its phone-level tiles."""
    status, body, _type = internal.fetch(info_url)
    if status != 200:
        return
    add(info_url, body, "image")
    info = json.loads(body)
    identifier = info["id"].rstrip("/").rsplit("/", 1)[-1]
    folder = storage.pyramid_dir(identifier)
    for url, relative in resources.tile_urls(info):
        path = folder / relative
        if path.is_file():
            add(url, path.read_bytes(), "tile")
        else:
            try:
                add(url, resources.read(url), "tile")
            except resources.ResourceError:
                continue
