"""The relic map over HTTP: the map page, ``/api/sites.geojson`` and the zones of the sites in view."""

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import features
from .legend import filter_options, legend_entries, map_config
from .params import ParameterError, parse_map_filters

GEOJSON_TYPE = "application/geo+json"
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def error_message(error):
    """A sentence for the person who wrote the request, in the active language."""
    messages = {
        "unknown": _("“%(param)s” must be one of: %(allowed)s."),
        "too_many_values": _("Too many values for “%(param)s”: at most %(allowed)s."),
        "wrong_count": _("“%(param)s” needs 4 comma-separated numbers: west,south,east,north."),
        "not_a_number": _("“%(param)s” must be numbers."),
        "out_of_range": _("“%(param)s” is out of range: longitudes −180…180, latitudes −90…90."),
        "inverted": _("“%(param)s” must be west,south,east,north with west ≤ east and south ≤ north."),
    }
    return messages[error.reason] % {"param": error.param, "allowed": ", ".join(error.allowed)}


def _filters(request, language):
    return parse_map_filters(dict(request.GET.lists()), features.allowed_values(), LANGUAGES, language)


def _geojson_response(request, kind, build, exact=False):
    language = (request.GET.get("lang") or settings.LANGUAGE_CODE)[:8]
    with translation.override(language if language in LANGUAGES else settings.LANGUAGE_CODE):
        try:
            filters = _filters(request, settings.LANGUAGE_CODE)
        except ParameterError as error:
            return JsonResponse(
                {"error": {"param": error.param, "message": error_message(error)}}, status=400
            )
    if exact:
        response = HttpResponse(_dump(build(filters)), content_type=GEOJSON_TYPE)
        # Exact places of sensitive sites: never kept by a browser or a proxy.
        patch_cache_control(response, private=True, no_store=True)
        return response
    body, etag = features.cached_document(kind, filters, lambda: _dump(build(filters)))
    response = HttpResponse(body, content_type=GEOJSON_TYPE)
    response["Access-Control-Allow-Origin"] = "*"
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=features.CACHE_SECONDS)
    # Django answers a matching If-None-Match with a 304 that keeps these headers.
    return get_conditional_response(request, etag=etag, response=response)


def _dump(feature_list):
    collection = {"type": "FeatureCollection", "features": feature_list}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


@require_GET
def sites_geojson(request):
    return _geojson_response(request, "sites", features.site_features)


@require_GET
def zones_geojson(request):
    return _geojson_response(request, "zones", features.zone_features)


@require_GET
def map_page(request):
    """The map in the page's language; its filters are the API's (a plain form without script)."""
    query = {key: values for key, values in request.GET.lists() if key != "lang"}
    language = translation.get_language()
    message = ""
    try:
        filters = parse_map_filters(query, features.allowed_values(), LANGUAGES, language)
    except ParameterError as error:
        filters = parse_map_filters({}, features.allowed_values(), LANGUAGES, language)
        message = error_message(error)
    return _render_map(request, filters, message, reverse("relic_map_api:sites"), exact=False)


def _render_map(request, filters, message, data_url, exact):
    sites = features.site_features(filters, exact=True) if exact else features.cached_features(filters)
    context = {
        "sites": sites,
        "filters": filters,
        "error_message": message,
        "legend": legend_entries(),
        "filter_options": filter_options(filters),
        "config": map_config(data_url, reverse("relic_map_api:zones"), exact),
        "exact": exact,
        "language_alternates": {} if exact else _alternates(),
    }
    response = render(request, "relic_map/map_page.html", context, status=400 if message else 200)
    if exact:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_vary_headers(response, ["Cookie"])
    return response


def _alternates():
    """The map page's URL in each language (its path is translated: /vi/ban-do/, /en/map/)."""
    urls = {}
    for code in LANGUAGES:
        with translation.override(code):
            urls[code] = reverse("relic_map")
    return urls


def may_see_exact_places(user):
    """Whoever may edit site records sees their exact places: superusers, holders of the model
    permission, and curators with page permissions (how Wagtail's groups give them)."""
    if not user.is_active:
        return False
    if user.is_superuser or user.has_perm("catalogue.change_sitepage"):
        return True
    return PagePermissionPolicy().user_has_any_permission(user, {"change", "publish"})


def _require_exact_access(request):
    if not may_see_exact_places(request.user):
        raise PermissionDenied


def staff_map_page(request):
    """The map with the exact location of every site, for staff allowed to edit sites."""
    _require_exact_access(request)
    language = translation.get_language() or settings.LANGUAGE_CODE
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    filters = parse_map_filters({}, features.allowed_values(), LANGUAGES, language)
    return _render_map(request, filters, "", reverse("relic_map_staff_sites"), exact=True)


def staff_sites_geojson(request):
    _require_exact_access(request)
    return _geojson_response(
        request, "sites", lambda filters: features.site_features(filters, exact=True), exact=True
    )
