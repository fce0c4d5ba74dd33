"""The read-only records API: ``/api/records``, ``/api/records/<identifier>``, the OpenAPI document
and its readable page. JSON, CORS open, strong ETags (304 on If-None-Match)."""

import hashlib
import json

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalogue.models import ArtefactStatus, Ranking

from . import openapi
from .models import RecordState
from .params import ParameterError, encode_cursor, parse_lang, parse_list_query
from .records import TYPES, find, versions_by_key
from .serialise import Batch, documents

CACHE_SECONDS = 300
ALLOWED = {
    "type": tuple(TYPES),
    "ranking": tuple(Ranking.values),
    "status": tuple(ArtefactStatus.values),
}


def error_message(error):
    messages = {
        "unknown": _("“%(param)s” must be one of: %(allowed)s."),
        "unknown_parameter": _("Unknown parameter “%(param)s”; the parameters are: %(allowed)s."),
        "not_a_date": _("“%(param)s” must be a date (2025-07-01) or a date and time (2025-07-01T08:00:00Z)."),
        "size": _("“%(param)s” must be a whole number from 1 to %(allowed)s."),
        "invalid": _("“%(param)s” is not a cursor this API gave; start again without it."),
    }
    return messages[error.reason] % {"param": error.param, "allowed": ", ".join(error.allowed)}


def json_response(request, data, status=200, cache=True):
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    if status != 200 or not cache:
        patch_cache_control(response, no_cache=True)
        return response
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    patch_vary_headers(response, ["Accept-Language"])
    return get_conditional_response(request, etag=etag, response=response)


def _error(request, error, status=400):
    return json_response(request, {"error": {"param": error.param, "message": error_message(error)}}, status)


def request_language(request):
    language = translation.get_language_from_request(request)
    return language if language in ("vi", "en") else settings.LANGUAGE_CODE


def _state_query(query):
    states = RecordState.objects.all() if query.deleted else RecordState.objects.filter(deleted=False)
    if query.types:
        states = states.filter(record_type__in=query.types)
    if query.rankings:
        states = states.filter(record_type="site", ranking__in=query.rankings)
    if query.statuses:
        states = states.filter(record_type="artefact", status__in=query.statuses)
    if query.since:
        states = states.filter(datestamp__gte=query.since)
    return states


def _stamp(row):
    return row.datestamp.isoformat().replace("+00:00", "Z")


def page_of_records(query):
    """(documents, next cursor or None, total) for one page of the list."""
    states = _state_query(query)
    total = states.count()
    if query.after:
        stamp, identifier = query.after
        states = states.filter(Q(datestamp__gt=stamp) | Q(datestamp=stamp, identifier__gt=identifier))
    rows = list(states.order_by("datestamp", "identifier")[: query.size + 1])
    more = len(rows) > query.size
    rows = rows[: query.size]
    groups = {}
    for name, model in TYPES.items():
        keys = [row.translation_key for row in rows if row.record_type == name]
        groups.update(versions_by_key(model, keys))
    batch = Batch(groups.values())
    items = []
    for row in rows:
        if row.translation_key in groups:
            items.append(documents(groups[row.translation_key], query.lang, batch, row.datestamp))
        elif query.deleted:
            items.append(
                {"id": row.identifier, "type": row.record_type, "updated": _stamp(row), "deleted": True}
            )
        # else: withheld since its state was written (its sync has not run yet): left out.
    cursor = encode_cursor(rows[-1].datestamp, rows[-1].identifier) if more else None
    return items, cursor, total


@require_safe
def record_list(request):
    with translation.override(request_language(request)):
        try:
            query = parse_list_query(dict(request.GET.lists()), ALLOWED)
        except ParameterError as error:
            return _error(request, error)
    items, cursor, total = page_of_records(query)
    next_url = None
    if cursor:
        params = [(k, v) for k, values in request.GET.lists() if k != "cursor" for v in values]
        next_url = (
            settings.PUBLIC_BASE_URL
            + reverse("opendata:records")
            + "?"
            + urlencode([*params, ("cursor", cursor)])
        )
    return json_response(request, {"total": total, "size": query.size, "next": next_url, "items": items})


@require_safe
def record_detail(request, identifier):
    with translation.override(request_language(request)):
        try:
            lang = parse_lang(dict(request.GET.lists()))
        except ParameterError as error:
            return _error(request, error)
        found = find(identifier)
        if found is None:
            message = _("No public record has the identifier %(id)s.") % {"id": identifier}
            return json_response(request, {"error": {"param": "identifier", "message": message}}, 404)
    _name, versions = found
    state = RecordState.objects.filter(identifier=versions[next(iter(versions))].identifier).first()
    data = documents(versions, lang, Batch([versions]), state.datestamp if state else None)
    return json_response(request, data)


@require_safe
def openapi_document(request):
    return json_response(request, openapi.document(settings.PUBLIC_BASE_URL))


@require_safe
def api_docs(request):
    """A readable page of the API, built from the same OpenAPI document."""
    spec = openapi.document(settings.PUBLIC_BASE_URL)
    example = next(iter(RecordState.objects.filter(deleted=False).order_by("identifier")), None)
    context = {
        "spec": spec,
        "operations": openapi.operations(spec),
        "example_id": example.identifier if example else "QN-DT-0001",
        "openapi_url": reverse("opendata:openapi"),
    }
    response = render(request, "opendata/api_docs.html", context)
    patch_vary_headers(response, ["Cookie"])
    return response
