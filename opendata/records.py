"""Which records the public may see through open data, gathered across their language versions.

A record is public when at least one language version is live and none of its versions sits
behind a view restriction: Wagtail restricts pages one by one, and a curator who restricts the
Vietnamese record means the record, not only that translation. Every format of this app (API,
OAI-PMH, Linked Art, Change Discovery, dumps, sitemap of records) reads records only through here.
"""

from django.db.models import Prefetch

from catalogue.models import (
    ArtefactPage,
    DocumentaryPage,
    DocumentPageImage,
    IntangiblePage,
    RecordImage,
    SitePage,
)

LANGUAGES = ("vi", "en")
TYPES = {
    "site": SitePage,
    "artefact": ArtefactPage,
    "intangible": IntangiblePage,
    "documentary": DocumentaryPage,
}
TYPE_OF_MODEL = {model: name for name, model in TYPES.items()}
SELECT_RELATED = {
    SitePage: ["locale", "part_of"],
    ArtefactPage: ["locale", "holding_institution", "object_type", "culture", "period", "findspot"],
    IntangiblePage: ["locale"],
    DocumentaryPage: ["locale", "holding_institution"],
}
PREFETCH = {
    SitePage: [],
    ArtefactPage: ["materials"],
    IntangiblePage: ["practitioners", "recordings__file", "related_sites"],
    DocumentaryPage: [
        "scripts",
        "languages",
        "about_sites",
        Prefetch("pages", queryset=DocumentPageImage.objects.select_related("image")),
    ],
}


def type_of(page):
    return TYPE_OF_MODEL[type(page)]


def withheld_keys(model, keys=None):
    """Translation keys of records with a language version behind a view restriction."""
    restricted = model.objects.not_public()
    if keys is not None:
        restricted = restricted.filter(translation_key__in=keys)
    return set(restricted.values_list("translation_key", flat=True))


def versions_by_key(model, keys):
    """``{translation_key: {language: page}}`` of the public records among ``keys``; the pages come
    with what serialising them reads (vocabulary terms, images, children) in a few queries."""
    keys = list(keys)
    if not keys:
        return {}
    withheld = withheld_keys(model, keys)
    pages = (
        model.objects.live()
        .filter(translation_key__in=keys)
        .exclude(translation_key__in=withheld)
        .select_related(*SELECT_RELATED[model])
        .prefetch_related(
            Prefetch("record_images", queryset=RecordImage.objects.select_related("image")),
            *PREFETCH[model],
        )
    )
    groups = {}
    for page in pages:
        groups.setdefault(page.translation_key, {})[page.locale.language_code] = page
    return {
        key: dict(sorted(found.items(), key=lambda item: _order(item[0]))) for key, found in groups.items()
    }


def _order(language):
    return LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES)


def find(identifier):
    """(type name, {language: page}) of the public record with this identifier, or None."""
    identifier = (identifier or "").strip().upper()
    for name, model in TYPES.items():
        if not model.identifier_pattern().match(identifier):
            continue
        keys = set(model.objects.filter(identifier=identifier).values_list("translation_key", flat=True))
        groups = versions_by_key(model, keys)
        return (name, next(iter(groups.values()))) if groups else None
    return None


def public_groups(model):
    """Every public record of one type as ``{translation_key: {language: page}}`` (for dumps)."""
    keys = model.objects.live().values_list("translation_key", flat=True).distinct()
    return versions_by_key(model, set(keys))


def page_in(versions, language):
    """The version in ``language``, else the Vietnamese source, else the first there is."""
    return versions.get(language) or versions.get(LANGUAGES[0]) or next(iter(versions.values()))
