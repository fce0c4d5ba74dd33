"""Template helpers of open data on record pages: data links, and schema.org JSON-LD in <head>."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from opendata import linked_art, records, schema_org
from opendata.serialise import Batch, document

register = template.Library()


def _public_versions(context, page):
    """The record's public versions, looked up once per request and page; None when withheld (a
    draft preview, or a version behind a view restriction): the page must not advertise more."""
    cache = context.render_context.setdefault("opendata_found", {})
    identifier = getattr(page, "identifier", "")
    if identifier not in cache:
        cache[identifier] = records.find(identifier) if identifier and page.live else None
    return cache[identifier]


@register.simple_tag(takes_context=True)
def record_data_links(context, page):
    found = _public_versions(context, page)
    if found is None:
        return None
    name, _versions = found
    language = page.locale.language_code
    return {
        "api": f"{reverse('opendata:record', args=[page.identifier])}?lang={language}",
        "linked_art": reverse("opendata:linked_art", args=[page.identifier])
        if name in linked_art.BUILDERS
        else None,
    }


@register.simple_tag(takes_context=True)
def record_head(context, page):
    links = record_data_links(context, page)
    if links is None:
        return ""
    parts = [format_html('<link rel="alternate" type="application/json" href="{}">', links["api"])]
    if links["linked_art"]:
        parts.append(
            format_html('<link rel="alternate" type="application/ld+json" href="{}">', links["linked_art"])
        )
    name, versions = _public_versions(context, page)
    language = page.locale.language_code
    # Sites already carry the catalogue's own schema.org description (landmark, public location).
    if name != "site" and language in versions:
        parts.append(schema_org.script_tag(schema_org.thing(document(versions, language, Batch([versions])))))
    return mark_safe("".join(parts))  # noqa: S308 - each part is escaped above
