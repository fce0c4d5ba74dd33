"""A record as plain data, in one language: every field its public page shows, and links.

Used by the records API, the dumps and (for their texts) the other formats. Built from the
record's public versions gathered by ``records``; sensitive sites only ever give their
generalised point and no outline.
"""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from catalogue.models import SitePage
from iiif.links import image_url
from images.models import TilingStatus

from .records import LANGUAGES, TYPES, page_in, type_of, versions_by_key

THUMBNAIL_WIDTH = 400


class Batch:
    """What serialising many records at once looks up in bulk: sensitive sites, and which related
    records are public (a link must never lead to a draft or a restricted record)."""

    def __init__(self, groups):
        self.sensitive = set(
            SitePage.objects.filter(sensitive=True).values_list("translation_key", flat=True)
        )
        related = {}
        for versions in groups:
            for page in versions.values():
                for target in _related_pages(page):
                    related.setdefault(type(target), set()).add(target.translation_key)
        self.related = {}
        for model, keys in related.items():
            for key, found in versions_by_key(model, keys).items():
                self.related[key] = found


def _related_pages(page):
    """The records this one points at: the larger site, the findspot, the related sites, the sites
    a document is about."""
    targets = [getattr(page, name) for name in ("part_of", "findspot") if getattr(page, f"{name}_id", None)]
    for name in ("related_sites", "about_sites"):
        if hasattr(page, name):
            targets += list(getattr(page, name).all())
    return targets


def absolute(path):
    return f"{settings.PUBLIC_BASE_URL}{path}"


@functools.cache
def _pattern(name):
    # reverse() costs more than the rest of a record's links together: resolve each route once.
    return reverse(name, args=["IDENTIFIER"])


def url_for(name, identifier):
    return absolute(_pattern(name).replace("IDENTIFIER", identifier))


def record_uri(identifier):
    return url_for("resolve_identifier", identifier)


def api_url(identifier, language=None):
    url = url_for("opendata:record", identifier)
    return f"{url}?lang={language}" if language else url


def page_url(page):
    """The page's public URL (what ``page.url`` gives) from its path and the sites' roots, without
    a reverse() per page; None when the page is not under a site."""
    for root_path, language in _site_roots():
        if language == page.locale.language_code and page.url_path.startswith(root_path):
            return absolute(f"/{language}/{page.url_path[len(root_path) :]}")
    return None


def _site_roots():
    return [(path, language) for _site, path, _url, language in Site.get_site_root_paths()]


def _term(term):
    if term is None:
        return None
    return {"key": term.key, "label": term.label, "uri": term.uri or None}


def _choice(page, field):
    value = getattr(page, field)
    if not value:
        return None
    return {"value": value, "label": str(getattr(page, f"get_{field}_display")())}


def _decimal(value):
    return float(value) if value is not None else None


def _image(item, base):
    image = item.image
    ready = image.tiling_status == TilingStatus.READY
    service = f"{base}/iiif/3/{image.iiif_identifier}" if ready else None
    return {
        "caption": getattr(item, "caption", "") or getattr(item, "label", ""),
        "role": getattr(item, "role", None),
        "iiif_service": service,
        "info_json": f"{service}/info.json" if service else None,
        "thumbnail": base + image_url(image, THUMBNAIL_WIDTH) if ready else None,
        "width": image.iiif_width if ready else None,
        "height": image.iiif_height if ready else None,
        "rights": image.rights,
        "credit_line": image.credit_line,
        "illustrative": image.illustrative,
    }


def _body(page):
    blocks = []
    for block in page.body:
        if block.block_type == "heading":
            blocks.append({"type": "heading", "text": str(block.value)})
        elif block.block_type == "paragraph":
            html = expand_db_html(block.value.source)
            blocks.append({"type": "paragraph", "html": html, "text": strip_tags(html)})
        elif block.block_type == "quote":
            blocks.append({"type": "quote", "text": block.value["text"], "source": block.value["source"]})
        elif block.block_type == "figure":
            image = block.value["image"]
            ready = image is not None and image.tiling_status == TilingStatus.READY
            blocks.append(
                {
                    "type": "figure",
                    "caption": block.value["caption"],
                    "iiif_service": f"{settings.PUBLIC_BASE_URL}/iiif/3/{image.iiif_identifier}"
                    if ready
                    else None,
                }
            )
    return blocks


def _is_sensitive(page, batch):
    return page.sensitive or page.translation_key in batch.sensitive


def _location(page, batch):
    sensitive = _is_sensitive(page, batch)
    location = page.public_location(sensitive)
    return {
        "location": (
            {"latitude": location[0], "longitude": location[1], "generalised": sensitive}
            if location
            else None
        ),
        "geometries": {kind: geometry for kind, geometry in page.public_geometries(sensitive)},
    }


def _link(target, batch, language):
    versions = batch.related.get(target.translation_key)
    if not versions:
        return None
    page = page_in(versions, language)
    return {
        "id": page.identifier,
        "type": type_of(page),
        "title": page.title,
        "api": api_url(page.identifier),
        "page": page_url(page),
    }


def _site_fields(page, batch, language):
    return {
        "ranking": _choice(page, "ranking"),
        "recognition_decision": page.recognition_decision,
        "recognition_date": page.recognition_date.isoformat() if page.recognition_date else None,
        "category": _choice(page, "category"),
        **_location(page, batch),
        "commune": page.commune,
        "city": page.city,
        "former_district": _choice(page, "former_district"),
        "former_province": page.former_province,
    }


def _artefact_fields(page, batch, language):
    return {
        "status": _choice(page, "status"),
        "status_decision": page.status_decision,
        "inventory_number": page.inventory_number,
        "holding_institution": _term(page.holding_institution),
        "object_type": _term(page.object_type),
        "materials": [_term(m) for m in page.materials.all()],
        "technique": page.technique,
        "dimensions_mm": {
            name: _decimal(getattr(page, f"{name}_mm"))
            for name in ("height", "width", "depth", "diameter")
            if getattr(page, f"{name}_mm") is not None
        },
        "weight_g": _decimal(page.weight_g),
        "culture": _term(page.culture),
        "period": _term(page.period),
        "condition": page.condition,
    }


def _intangible_fields(page, batch, language):
    return {
        "unesco_domain": _choice(page, "unesco_domain"),
        "inscription": _choice(page, "inscription"),
        "inscription_year": page.inscription_year,
        "inscription_decision": page.inscription_decision,
        "communities": page.communities,
        "practitioners": [
            {"name": p.name, "title": _choice(p, "title") if p.title != "none" else None, "note": p.note}
            for p in page.practitioners.all()
        ],
        "recordings": [
            {
                "kind": r.kind,
                "title": r.title,
                "url": absolute(r.file.url),
                "recorded_on": r.recorded_on.isoformat() if r.recorded_on else None,
                "language": r.language,
                "transcript": r.transcript,
            }
            for r in page.recordings.all()
        ],
    }


def _documentary_fields(page, batch, language):
    base = settings.PUBLIC_BASE_URL
    return {
        "doc_type": _choice(page, "doc_type"),
        "issued_by": page.issued_by,
        "scripts": [_term(t) for t in page.scripts.all()],
        "languages": [_term(t) for t in page.languages.all()],
        "holding_institution": _term(page.holding_institution),
        "pages": [
            {
                "label": p.label,
                "transcription": p.transcription,
                "transliteration": p.transliteration,
                "translation": p.translation,
                "image": _image(p, base),
            }
            for p in page.ordered_pages()
        ],
    }


TYPE_FIELDS = {
    "site": _site_fields,
    "artefact": _artefact_fields,
    "intangible": _intangible_fields,
    "documentary": _documentary_fields,
}


def document(versions, language, batch, datestamp=None):
    """The record in ``language`` (its Vietnamese source when not translated, said in ``language``
    and ``fallback``)."""
    page = page_in(versions, language)
    actual = page.locale.language_code
    name = type_of(page)
    base = settings.PUBLIC_BASE_URL
    with translation.override(actual):
        # A site's facts need to know whether any version is sensitive: known for the whole batch.
        known = {"sensitive": _is_sensitive(page, batch)} if name == "site" else {}
        facts = [{"label": str(label), "value": str(value)} for label, value in page.facts(**known)]
        data = {
            "id": page.identifier,
            "type": name,
            "type_label": str(TYPES[name]._meta.verbose_name),
            "uri": record_uri(page.identifier),
            "language": actual,
            "fallback": actual != language,
            "available_languages": list(versions),
            "updated": datestamp.isoformat().replace("+00:00", "Z") if datestamp else None,
            "title": page.title,
            "summary": page.summary,
            "dating": page.dating,
            "earliest_year": page.earliest_year,
            "latest_year": page.latest_year,
            "facts": facts,
            **TYPE_FIELDS[name](page, batch, actual),
            "body": _body(page),
            "sources": [line for line in page.sources.splitlines() if line.strip()],
            "unverified_facts": page.unverified_facts,
            "rights": {
                "uri": page.rights,
                "label": str(page.get_rights_display()),
                "credit_line": page.credit_line,
            },
            "attribution": page.credit_line or str(settings.WAGTAIL_SITE_NAME),
        }
        related = [link for target in _related_pages(page) if (link := _link(target, batch, actual))]
    images = [_image(item, base) for item in page.ordered_images()]
    has_images = bool(images) or bool(data.get("pages"))
    data["links"] = {
        "self": api_url(page.identifier, actual),
        "page": {lang: url for lang, v in versions.items() if (url := page_url(v))},
        "manifest": f"{base}/iiif/manifest/{page.identifier}.json" if has_images else None,
        "linked_art": (
            url_for("opendata:linked_art", page.identifier) if name in ("site", "artefact") else None
        ),
        "images": images,
        "related": related,
    }
    return data


def documents(versions, language, batch, datestamp=None):
    """``lang=both``: each available language's document side by side."""
    if language != "both":
        return document(versions, language, batch, datestamp)
    first = document(versions, LANGUAGES[0], batch, datestamp)
    return {
        "id": first["id"],
        "type": first["type"],
        "uri": first["uri"],
        "updated": first["updated"],
        "versions": {lang: document(versions, lang, batch, datestamp) for lang in versions},
    }
