"""Search over HTTP: ``/api/search`` and ``/api/search/suggest`` (JSON), and the search page."""

import math

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalogue.facets import FACETS

from . import service
from .params import ParameterError, parse_search_params
from .presenters import facet_groups, result_item, thumbnail_url
from .text import QueryError, prepare_prefix

FACET_NAMES = [facet.name for facet in FACETS]
SUGGESTIONS = 8


def error_message(error):
    """A sentence for the person who typed the request, in the active language."""
    if isinstance(error, QueryError):
        if error.reason == "too_long":
            return _("The search is too long: at most %(limit)s characters.") % {"limit": error.limit}
        return _("The search has too many words: at most %(limit)s.") % {"limit": error.limit}
    messages = {
        "not_a_number": _("“%(param)s” must be a number."),
        "out_of_range": _("“%(param)s” is out of range."),
        "wrong_count": _("“%(param)s” needs %(limit)s comma-separated numbers."),
        "inverted": _("“%(param)s” must be west,south,east,north with west ≤ east and south ≤ north."),
        "unknown": _("“%(param)s” must be one of: %(limit)s."),
        "too_many_values": _("Too many values for “%(param)s”: at most %(limit)s."),
        "too_long": _("A value of “%(param)s” is too long."),
        "distance_needs_near": _("Sorting by distance needs a point: near=latitude,longitude."),
    }
    limit = (
        ", ".join(error.limit) if isinstance(error.limit, tuple) and error.param == "sort" else error.limit
    )
    return messages[error.reason] % {"param": error.param, "limit": limit}


def _language(request):
    requested = (request.GET.get("lang") or "")[:2]
    codes = [code for code, _name in settings.LANGUAGES]
    return requested if requested in codes else translation.get_language_from_request(request)


def _json_error(error):
    return JsonResponse(
        {"error": {"param": getattr(error, "param", "q"), "message": error_message(error)}}, status=400
    )


@require_GET
def api_search(request):
    with translation.override(_language(request)):
        language = translation.get_language()
        try:
            params = parse_search_params(request.GET, FACET_NAMES)
        except (ParameterError, QueryError) as error:
            return _json_error(error)
        result = service.search(params)
        payload = {
            "query": params.raw_query,
            "language": language,
            "total": result.total,
            "page": params.page,
            "size": params.size,
            "pages": math.ceil(result.total / params.size),
            "sort": params.sort,
            "relaxed": result.relaxed,
            "degraded": result.degraded,
            "results": [result_item(document, params, language) for document in result.documents],
            "facets": facet_groups(result, params),
        }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    # A degraded answer must not outlive the outage in caches.
    response["Cache-Control"] = "no-cache" if result.degraded else "public, max-age=60"
    response["Vary"] = "Accept-Language"
    return response


@require_GET
def api_suggest(request):
    """Titles that start with what has been typed so far, for the search box."""
    with translation.override(_language(request)):
        language = translation.get_language()
        documents, degraded = service.suggest(prepare_prefix(request.GET.get("q")), SUGGESTIONS)
        payload = {
            "degraded": degraded,
            "suggestions": [
                {
                    "identifier": document.identifier,
                    "title": document.title_in(language),
                    "url": document.url_in(language),
                    "type": document.record_type,
                    "thumbnail": thumbnail_url(document),
                }
                for document in documents
            ],
        }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache" if degraded else "public, max-age=300"
    response["Vary"] = "Accept-Language"
    return response


@require_GET
def search_page(request):
    """The phone-first search page: the same search and facets as the API, as HTML."""
    language = translation.get_language()
    context = {
        "language_alternates": _alternates(request),
        "facet_names": FACET_NAMES,
        "query": request.GET.get("q", ""),
    }
    try:
        params = parse_search_params(request.GET, FACET_NAMES)
    except (ParameterError, QueryError) as error:
        context["error"] = error_message(error)
        return render(request, "search/search_page.html", context, status=400)
    result = service.search(params)
    pages = math.ceil(result.total / params.size)
    context.update(
        params=params,
        result=result,
        results=[result_item(document, params, language) for document in result.documents],
        facets=facet_groups(result, params),
        pages=pages,
        previous_page=params.page - 1 if params.page > 1 else None,
        next_page=params.page + 1 if params.page < pages else None,
    )
    return render(request, "search/search_page.html", context)


def _alternates(request):
    alternates = {}
    query = request.GET.urlencode()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            alternates[code] = reverse("search") + (f"?{query}" if query else "")
    return alternates
