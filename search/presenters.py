"""Search results as data for the JSON API and the HTML page, in the request's language."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from catalogue.facets import FACETS
from iiif.links import image_url
from images.models import TilingStatus

from .backends.base import distance_km
from .text import highlight_spans

SNIPPET_CHARS = 200
THUMBNAIL_WIDTH = 240


def thumbnail_url(document):
    image = document.thumbnail
    if image is None or image.tiling_status != TilingStatus.READY:
        return None
    return image_url(image, THUMBNAIL_WIDTH)


def snippet(text, query):
    """(plain, html): up to SNIPPET_CHARS of ``text`` around the first matched word, matches in <mark>."""
    text = " ".join((text or "").split())
    spans = highlight_spans(text, query) if query else []
    start = 0
    if spans and spans[0][0] > SNIPPET_CHARS // 2:
        start = text.rfind(" ", 0, spans[0][0] - SNIPPET_CHARS // 4) + 1
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text) and (space := text.rfind(" ", start, end)) > start:
        end = space  # end on a word boundary
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    html, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        html += [escape(text[cursor:span_start]), "<mark>", escape(text[span_start:span_end]), "</mark>"]
        cursor = span_end
    html.append(escape(text[cursor:end]))
    plain = prefix + text[start:end] + suffix
    return plain, mark_safe(prefix + "".join(html) + suffix)  # noqa: S308 - every piece is escaped


def result_item(document, params, language):
    plain, html = snippet(document.summary_in(language), params.query)
    item = {
        "identifier": document.identifier,
        "type": document.record_type,
        "title": document.title_in(language),
        "url": document.url_in(language),
        "thumbnail": thumbnail_url(document),
        "snippet": plain,
        "snippet_html": str(html),
        "year": document.earliest_year,
    }
    if params.near and document.latitude is not None:
        item["distance_km"] = round(distance_km(params.near[0], params.near[1], document), 2)
    return item


def facet_groups(result, params):
    """Facets with at least one value, each value with its label, count and whether it is selected."""
    groups = []
    for facet in FACETS:
        counts = dict(result.facets.get(facet.name, {}))
        selected = params.filters.get(facet.name, ())
        for value in selected:
            counts.setdefault(value, 0)
        if not counts:
            continue
        labels = facet.labels(list(counts))
        values = [
            {"value": value, "label": labels[value], "count": count, "selected": value in selected}
            for value, count in counts.items()
        ]
        values.sort(key=lambda item: (-item["count"], item["label"]))
        groups.append({"name": facet.name, "label": str(facet.label), "values": values})
    return groups
