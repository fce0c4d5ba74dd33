"""Open data over HTTP besides the records API and OAI-PMH: Linked Art, IIIF Change Discovery,
the dumps page and files, the sitemap and robots.txt."""

import json
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from . import discovery, linked_art
from . import sitemap as sitemap_builder
from .api import json_response, request_language
from .models import DumpFile, RecordState
from .records import LANGUAGES, find
from .serialise import Batch, document

JSONLD = "application/ld+json"
# Mounted by the project's i18n URL patterns: /vi/du-lieu-mo/, /en/open-data/.
DUMPS_PATH = pgettext_lazy("URL path of the open data page", "open-data/")
DISCOVERY_TYPE = 'application/ld+json;profile="http://iiif.io/api/discovery/1/context.json"'


def _typed(response, content_type):
    if response.status_code == 200:
        response["Content-Type"] = content_type
    return response


@require_safe
def linked_art_record(request, identifier):
    found = find(identifier)
    if found is None or found[0] not in linked_art.BUILDERS:
        with translation.override(request_language(request)):
            message = _("No public artefact, document or site has the identifier %(id)s.") % {
                "id": identifier
            }
        return json_response(request, {"error": {"param": "identifier", "message": message}}, 404)
    name, versions = found
    state = RecordState.objects.filter(identifier=next(iter(versions.values())).identifier).first()
    batch = Batch([versions])
    docs = {lang: document(versions, lang, batch, state.datestamp if state else None) for lang in versions}
    return _typed(json_response(request, linked_art.BUILDERS[name](docs)), JSONLD)


@require_safe
def linked_art_context(request):
    """The Linked Art context as published, for clients that cannot reach linked.art."""
    path = Path(__file__).parent / "contexts" / "linked-art.json"
    return _typed(json_response(request, json.loads(path.read_text())), JSONLD)


@require_safe
def discovery_collection(request):
    return _typed(json_response(request, discovery.collection()), DISCOVERY_TYPE)


@require_safe
def discovery_page(request, number):
    data = discovery.page(number)
    if data is None:
        with translation.override(request_language(request)):
            message = _("There is no page %(number)s of changes.") % {"number": number}
        return json_response(request, {"error": {"param": "page", "message": message}}, 404)
    return _typed(json_response(request, data), DISCOVERY_TYPE)


@require_safe
def dumps_page(request):
    runs = {}
    for row in DumpFile.objects.all():
        runs.setdefault(row.created_at, []).append(row)
    context = {
        "runs": sorted(runs.items(), reverse=True),
        "oai_url": reverse("opendata:oai"),
        "api_docs_url": reverse("opendata:api_docs"),
        "discovery_url": reverse("opendata:discovery_collection"),
        "language_alternates": _alternates("opendata_dumps"),
    }
    response = render(request, "opendata/dumps_page.html", context)
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def dump_file(request, stamp, name):
    row = DumpFile.objects.filter(path=f"opendata/dumps/{stamp}/{name}").first()
    if row is None:
        raise Http404("No such dump file.")
    path = Path(settings.MEDIA_ROOT) / row.path
    if not path.is_file():
        raise Http404("No such dump file.")
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=row.name)  # noqa: SIM115 - closed by Django
    response["Access-Control-Allow-Origin"] = "*"
    response["Digest"] = f"sha-256={row.sha256}"
    patch_cache_control(response, public=True, max_age=86400)
    return response


def _alternates(url_name):
    urls = {}
    for code in LANGUAGES:
        with translation.override(code):
            urls[code] = reverse(url_name)
    return urls


@require_safe
def sitemap(request):
    part = request.GET.get("part")
    body = sitemap_builder.xml(int(part) if part and part.isdigit() else None)
    if body is None or (part and not part.isdigit()):
        raise Http404("No such part of the sitemap.")
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_safe
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/search",
        "Disallow: /iiif/3/",
        "Allow: /",
        f"Sitemap: {settings.PUBLIC_BASE_URL}{reverse('sitemap')}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=86400)
    return response
