"""Public exhibition URLs in every visitor language, and the exhibitions' IIIF manifests.

Exhibitions are Wagtail pages in the two content languages (vi, en); a visitor reading in Korean,
Chinese, Japanese or French gets them under their own path (``/fr/expositions/``), in English, else
Vietnamese, with a note saying so.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from iiif.presentation import exhibition_manifest_json

from .models import ExhibitionIndexPage, ExhibitionPage
from .steps import manifest_chapters, manifest_url, read_steps

CONTENT_FALLBACKS = ("en", "vi")
JSONLD_PRESENTATION = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'


def _index():
    """The published index in the visitor's language, else English, else Vietnamese."""
    wanted = (get_language() or settings.LANGUAGE_CODE).lower()
    indexes = {
        page.locale.language_code: page
        for page in ExhibitionIndexPage.objects.live().public().select_related("locale")
    }
    for code in (wanted, *CONTENT_FALLBACKS):
        if code in indexes:
            return indexes[code]
    raise Http404


@require_safe
def index(request):
    return _index().serve(request)


@require_safe
def exhibition(request, slug):
    page = ExhibitionPage.objects.child_of(_index()).live().public().filter(slug=slug).first()
    if page is None:
        raise Http404
    return page.serve(request)


@require_safe
def manifest(request, language, slug):
    """The Presentation 3 manifest of a published exhibition: its public images only."""
    page = (
        ExhibitionPage.objects.live()
        .public()
        .filter(locale__language_code=language, slug=slug)
        .select_related("locale")
        .first()
    )
    if page is None:
        return _error(404, "No published exhibition has this address")
    try:
        body = exhibition_manifest_json(
            manifest_url(page),
            language,
            page.title,
            page.summary,
            manifest_chapters(page, read_steps(page)),
            settings.PUBLIC_BASE_URL,
            homepage_url=settings.PUBLIC_BASE_URL + page.url,
        )
    except LookupError:
        return _error(404, "This exhibition shows no image")
    response = HttpResponse(body, content_type=JSONLD_PRESENTATION)
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status, message):
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
