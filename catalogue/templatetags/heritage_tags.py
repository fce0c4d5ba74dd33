"""Template helpers of the public site: language links, query strings that keep filters, JSON-LD."""

import json

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Locale, Page

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """One link per site language: the page's live translation, else that language's home page."""
    request = context.get("request")
    current = get_language()
    alternates = context.get("language_alternates") or {}  # views that are not pages give their own
    links = []
    for code, name in settings.LANGUAGES:
        url = alternates.get(code)
        if url is None and page is not None and getattr(page, "pk", None):
            translation = page.get_translation_or_none(Locale.objects.filter(language_code=code).first())
            if translation is not None and translation.live:
                url = translation.get_url(request=request)
        if url is None:
            home = Page.objects.filter(depth=2, locale__language_code=code).live().first()
            url = home.get_url(request=request) if home else f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None or '' removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def localized_live(pages):
    """Pages in the active language where translated, keeping only live ones."""
    return [page.localized for page in pages if page.live]


@register.simple_tag(takes_context=True)
def site_json_ld(context, page):
    """schema.org JSON-LD of a heritage site, at its public location (generalised when sensitive)."""
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": ["LandmarksOrHistoricalBuildings", "TouristAttraction"],
        "name": page.title,
        "identifier": page.identifier,
        "url": f"{settings.PUBLIC_BASE_URL}{page.get_url(request=request)}",
        "inLanguage": get_language(),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": page.commune or None,
            "addressRegion": page.city or None,
            "addressCountry": "VN",
        },
    }
    if page.summary:
        data["description"] = page.summary
    if location := page.public_location():
        data["geo"] = {"@type": "GeoCoordinates", "latitude": location[0], "longitude": location[1]}
    data["address"] = {key: value for key, value in data["address"].items() if value}
    text = json.dumps(data, ensure_ascii=False)
    # Inside <script>, "<", ">" and "&" must not end the element or open a comment.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
