"""Template helpers of the visitor guide: visiting information and related records on record pages."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale

from ..models import Tour, VisitingInfo
from ..models.languages import LANGUAGE_NAMES
from ..related import related_for_record

register = template.Library()


def directions_links(location, name):
    """Links that open a maps app at the place; none needs an API key."""
    lat, lon = location
    label = quote(name or "")
    return {
        # geo: (RFC 5870) opens the phone's own maps app on Android; iPhones use the Apple Maps link.
        "geo": f"geo:{lat:.6f},{lon:.6f}?q={lat:.6f},{lon:.6f}({label})",
        "apple": f"https://maps.apple.com/?daddr={lat:.6f},{lon:.6f}&q={label}",
        "google": f"https://www.google.com/maps/dir/?api=1&destination={lat:.6f},{lon:.6f}",
        "osm": f"https://www.openstreetmap.org/directions?to={lat:.6f}%2C{lon:.6f}",
    }


def visiting_context(info, moment=None):
    if info is None:
        return None
    now = moment or timezone.now()
    location = info.location()
    return {
        "info": info,
        "state": info.opening_state(now),
        "now": timezone.localtime(now),
        "picked": info.text(get_language()),
        "periods": list(info.periods.all()),
        "exceptions": [e for e in info.exceptions.all() if e.day >= timezone.localdate(now)][:5],
        "tickets": list(info.tickets.all()),
        "directions": directions_links(location, info.place_name) if location else None,
    }


@register.simple_tag
def visiting_for_site(page):
    return visiting_context(VisitingInfo.for_site(page)) if getattr(page, "translation_key", None) else None


@register.simple_tag
def visiting_for_institution(institution):
    info = VisitingInfo.objects.filter(institution=institution).first() if institution else None
    return visiting_context(info)


@register.simple_tag
def related_for(page):
    return related_for_record(page)


@register.simple_tag
def tours_for_institution(institution):
    return list(Tour.objects.published().filter(institution=institution)) if institution else []


@register.simple_tag
def content_language_note(page):
    """When the reader's language has no records of its own (ko, zh-hans, ja, fr), say which
    language the record is shown in and offer the English version."""
    language = get_language()
    content_languages = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    if language in content_languages or not getattr(page, "locale_id", None):
        return None
    shown = page.locale.language_code
    english = None
    if shown != "en":
        english = page.get_translation_or_none(Locale.objects.filter(language_code="en").first())
        english = english if english is not None and english.live else None
    return {"shown": LANGUAGE_NAMES.get(shown, shown), "shown_code": shown, "english": english}


@register.filter
def vnd(value):
    """A price in đồng with the reader's digit grouping (150.000 ₫ in Vietnamese, 150,000 ₫ in English)."""
    if value is None:
        return ""
    separator = {"vi": ".", "fr": "\u202f"}.get(get_language() or "vi", ",")
    return f"{int(value):,}".replace(",", separator) + "\u00a0₫"


@register.simple_tag(takes_context=True)
def record_preview(context, page):
    """Open Graph / Twitter preview of a record: absolute URL, locale and a 1200 px IIIF image."""
    from iiif.links import image_url
    from iiif.templatetags.iiif_tags import iiif_srcset

    request = context.get("request")
    preview = {
        "url": settings.PUBLIC_BASE_URL + page.get_url(request=request),
        "locale": {"vi": "vi_VN", "en": "en_GB"}.get(page.locale.language_code, "vi_VN"),
        "image": None,
    }
    images = page.ordered_images() if hasattr(page, "ordered_images") else []
    if images and images[0].image.tiling_status == "ready":
        first = images[0]
        preview["image"] = settings.PUBLIC_BASE_URL + image_url(first.image, 1200)
        preview["alt"] = first.caption or page.title
        preview["lcp"] = image_url(first.image, 480)
        preview["lcp_srcset"] = iiif_srcset(first.image)
    return preview
