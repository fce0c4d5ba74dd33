"""HTTP endpoints of the IIIF Image and Presentation APIs; parsing and rendering live elsewhere."""

import hashlib
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalogue.models import find_published_record
from images.models import iiif_identifier_validator

from . import access, content_state, presentation, storage
from .image_api import bounds, params, processing
from .image_api.info import CONTEXT, PROFILE, service_id

JSONLD_IMAGE = f'application/ld+json;profile="{CONTEXT}"'
JSONLD_PRESENTATION = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
DOCUMENT_CACHE = "public, max-age=300"
LEVEL_URI = f"http://iiif.io/api/image/3/{PROFILE}.json"
# A week, not "immutable": re-tiling a replaced master reuses the same tile URLs, and the ETag
# (file time and size) lets caches revalidate cheaply after that.
TILE_CACHE = "public, max-age=604800"
INFO_CACHE = "public, max-age=3600"


def _with_cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status, message):
    return _with_cors(HttpResponse(message, status=status, content_type="text/plain; charset=utf-8"))


PRIVATE_CACHE = "private, no-store"


def _published(identifier):
    try:
        iiif_identifier_validator(identifier)
    except ValidationError:
        return None  # a malformed identifier names no image
    return storage.published_info(identifier)


def _refusal(request, identifier):
    """None when the request may see this image, else the 401/403/404 answer (catalogue rules in
    iiif.access). Sets ``request.iiif_public`` so the answer is cached publicly only when public."""
    try:
        iiif_identifier_validator(identifier)
    except ValidationError:
        return _error(404, "Unknown image")
    image, status = access.decide(request, identifier)
    if status is None:
        request.iiif_public = image.iiif_public
        return None
    if status == 404:
        return _error(404, "Unknown image")
    if status == 401:
        response = _error(401, _("This image is not public. Sign in to the archive's admin to see it."))
        response["WWW-Authenticate"] = 'Session realm="heritage admin"'
    else:
        response = _error(403, _("You are not allowed to see this image."))
    response["Cache-Control"] = PRIVATE_CACHE
    return response


def _cache(request, response, public_value):
    response["Cache-Control"] = public_value if getattr(request, "iiif_public", False) else PRIVATE_CACHE


@require_safe
def image_base(request, identifier):
    """The base URI of an image service redirects to its info.json (spec 2.2)."""
    if refusal := _refusal(request, identifier):
        return refusal
    if _published(identifier) is None:
        return _error(404, "Unknown image")
    response = HttpResponseRedirect(reverse("iiif:image_info", args=[identifier]))
    response.status_code = 303
    return _with_cors(response)


@require_safe
def image_info(request, identifier):
    if refusal := _refusal(request, identifier):
        return refusal
    info = _published(identifier)
    if info is None:
        return _error(404, "Unknown image, or its deep zoom is not ready yet")
    # The id follows the configured public address, even if it changed after tiling.
    info = {**info, "id": service_id(settings.PUBLIC_BASE_URL, identifier)}
    wants_jsonld = "application/ld+json" in request.headers.get("Accept", "")
    response = HttpResponse(
        json.dumps(info), content_type=JSONLD_IMAGE if wants_jsonld else "application/json"
    )
    response["Link"] = f'<{LEVEL_URI}>;rel="profile"'
    _cache(request, response, INFO_CACHE)
    response["Vary"] = "Accept"
    return _with_cors(response)


@require_safe
def image_request(request, identifier, region, size, rotation, quality_format):
    """An image request: a file of the static pyramid when it is a tile, otherwise cut by pyvips."""
    if refusal := _refusal(request, identifier):
        return refusal
    info = _published(identifier)
    if info is None:
        return _error(404, "Unknown image, or its deep zoom is not ready yet")
    width, height = info["width"], info["height"]
    limits = {"max_width": info["maxWidth"], "max_height": info["maxHeight"], "max_area": info["maxArea"]}
    try:
        parsed = params.parse_request(
            region, size, rotation, quality_format, width=width, height=height, **limits
        )
    except params.IIIFError as error:
        return _error(error.status, str(error))
    folder = storage.pyramid_dir(identifier)
    canonical = parsed.canonical_path(width, height, **limits)
    canonical_url = f"{settings.PUBLIC_BASE_URL}/iiif/3/{identifier}/{canonical}"
    link = f'<{canonical_url}>;rel="canonical", <{LEVEL_URI}>;rel="profile"'
    tile = params.tile_file_path(parsed, width, height, info["tiles"][0]["width"])
    if tile is not None and (folder / tile).is_file():
        path = folder / tile
        stat = path.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'

        def answer():
            if settings.IIIF_ACCEL_REDIRECT:
                # Behind nginx: the app decided who may see it, nginx sends the file (sendfile, ranges).
                accel = HttpResponse(content_type="image/jpeg")
                accel["X-Accel-Redirect"] = f"{settings.IIIF_ACCEL_REDIRECT}{identifier}/{tile}"
                return accel
            return FileResponse(path.open("rb"), content_type="image/jpeg")
    else:
        stat = (folder / storage.INFO_JSON).stat()
        etag = '"' + hashlib.sha256(f"{stat.st_mtime_ns}/{canonical}".encode()).hexdigest()[:32] + '"'

        def answer():
            cache_file = bounds.cache_path(identifier, stat.st_mtime_ns, canonical)
            body = bounds.cached(cache_file)
            if body is None:
                try:
                    with bounds.render_slot(parsed.size.w * parsed.size.h):
                        body = processing.render(folder, info, parsed)
                except bounds.Busy:
                    return None
                bounds.store(cache_file, body)
            return HttpResponse(body, content_type=params.FORMATS[parsed.format])

    # Django parses If-None-Match (lists, weak tags, "*"); a match is a 304 without opening the
    # tile or cutting the image.
    response = get_conditional_response(request, etag=etag) or answer()
    if response is None:
        busy = _error(503, _("The image server is busy; try again in a few seconds."))
        busy["Retry-After"] = "5"
        busy["Cache-Control"] = PRIVATE_CACHE
        return busy
    response["ETag"] = etag
    _cache(request, response, TILE_CACHE)
    response["Link"] = link
    return _with_cors(response)


def unknown(request, rest):
    """Any other path under an image service: a plain 404 (e.g. an identifier containing '/')."""
    return _error(404, "Unknown image service path")


def _presentation_response(body):
    response = HttpResponse(body, content_type=JSONLD_PRESENTATION)
    response["Cache-Control"] = DOCUMENT_CACHE
    return _with_cors(response)


@require_safe
def manifest(request, identifier):
    """The Presentation 3 manifest of a published record; drafts and private records are 404."""
    record = find_published_record(identifier, "vi")
    if record is None:
        return _error(404, "No published record has this identifier")
    try:
        return _presentation_response(presentation.manifest_json(record, settings.PUBLIC_BASE_URL))
    except LookupError:
        return _error(404, "This record has no images")


SEARCH_TYPES = {
    2: 'application/ld+json;profile="http://iiif.io/api/search/2/context.json"',
    1: 'application/ld+json;profile="http://iiif.io/api/search/1/context.json"',
}


@require_safe
def content_search(request, version, identifier):
    """IIIF Content Search (2.0, or 1.0 for older viewers) in a published document's texts
    (``?q=``); a record the manifest does not show, or one without text, is 404 as its manifest."""
    if version not in SEARCH_TYPES:
        return _error(404, "Unknown Content Search version")
    record = find_published_record(identifier, "vi")
    if record is None:
        return _error(404, "No published record has this identifier")
    query = request.GET.get("q", "")
    try:
        body = presentation.search_json(record, settings.PUBLIC_BASE_URL, query, version)
    except LookupError:
        return _error(404, "This record has no text to search")
    response = HttpResponse(body, content_type=SEARCH_TYPES[version])
    response["Cache-Control"] = DOCUMENT_CACHE
    return _with_cors(response)


@require_safe
def preview_manifest(request, page_id):
    """The manifest of a record's latest draft, for staff who may edit the page (the preview's
    "IIIF manifest" link): what the record will show once published. Never cached publicly."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    user = request.user
    if page is None:
        return _error(404, "No such page")
    if not (user.is_authenticated and user.has_perm("wagtailadmin.access_admin")):
        return _error(401 if not user.is_authenticated else 403, "Sign in to the admin to see drafts")
    if not page.permissions_for_user(user).can_edit():
        return _error(403, "You may not see this page's draft")
    draft = page.get_latest_revision_as_object() if page.latest_revision_id else page.specific
    if not hasattr(draft, "canvas_items"):
        return _error(404, "This page is not a record")
    try:
        body = presentation.manifest_json(draft, settings.PUBLIC_BASE_URL, draft=True)
    except LookupError:
        return _error(404, "This record has no images")
    response = HttpResponse(body, content_type=JSONLD_PRESENTATION)
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def collection(request, name):
    """The top collection (``top``) or the collection of one record type."""
    try:
        body = presentation.collection_json(settings.PUBLIC_BASE_URL, None if name == "top" else name)
    except LookupError:
        return _error(404, "Unknown collection")
    return _presentation_response(body)


@require_safe
def viewer(request):
    """The full IIIF viewer (Mirador) opening the manifest given as ``?manifest=`` (ours or anyone's),
    or the IIIF Content State given as ``?iiif-content=`` (a manifest, or a canvas region in one)."""
    url = request.GET.get("manifest", "")
    opened = None
    if "iiif-content" in request.GET:
        try:
            url, canvas_id, xywh = content_state.parse(content_state.decode(request.GET["iiif-content"]))
        except content_state.ContentStateError:
            return HttpResponse(
                _("This IIIF content state link cannot be read."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        opened = {"canvas": canvas_id, "region": list(xywh) if xywh else None}
    parsed = urlsplit(url)
    if not (parsed.scheme in ("http", "https") and parsed.netloc) and not (
        url.startswith("/") and not url.startswith("//")
    ):
        return HttpResponse(
            _("Give the manifest's address as ?manifest=https://…"),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    back = request.GET.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""  # only links back into this site
    context = {
        "manifest_url": url,
        "opened": opened,
        "title": request.GET.get("title", "")[:200],
        "back_url": back,
    }
    return render(request, "iiif/viewer.html", context)
