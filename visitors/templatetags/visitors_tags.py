"""Template helpers of the visitor guide: visiting information and related records on record pages."""

from urllib.parse import quote

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from ..models import Tour, VisitingInfo
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
