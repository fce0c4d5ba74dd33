"""The service worker at the root of the site, the packs' manifests and the offline page."""

import hashlib
import json
import threading
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from visitors.models.languages import VISITOR_LANGUAGES

from . import packs

SERVICE_WORKER = Path(__file__).resolve().parent / "static" / "offline" / "vendor" / "sw.js"
#: Seconds a page may take from the network before a downloaded copy is shown instead.
PAGE_TIMEOUT_SECONDS = 4


@cache
def _bundle():
    return SERVICE_WORKER.read_text(encoding="utf-8")


def _fallbacks():
    pages = {}
    for code, _name in VISITOR_LANGUAGES:
        with translation.override(code):
            pages[code] = reverse("offline:page")
    return pages


@require_safe
@never_cache
def service_worker(request):
    """/sw.js: at the root so that it controls the pages of every language. Only what the offline
    page itself needs is cached when it installs (a few kilobytes); packs are downloaded on request."""
    shell = [static("css/site.css"), static("offline/packs.js"), static("visitors/icon.svg")]
    config = {"shell": shell, "fallbacks": _fallbacks(), "timeout": PAGE_TIMEOUT_SECONDS}
    config["version"] = hashlib.sha256((json.dumps(config) + _bundle()).encode()).hexdigest()[:12]
    body = f"self.HERITAGE_OFFLINE={json.dumps(config)};\n{_bundle()}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


def _language(request):
    codes = {code for code, _name in VISITOR_LANGUAGES}
    wanted = request.GET.get("lang") or translation.get_language_from_request(request)
    return wanted if wanted in codes else "vi"


#: One build at a time per process: a tour group opening the same pack at once waits for the first
#: build and then shares it, instead of rendering every page of the pack once per phone.
_building = threading.Lock()


def _manifest(identifier, language):
    """The pack's manifest, built at most once per ``OFFLINE_PACK_CACHE_SECONDS`` per process.

    Building renders every page of the pack in-process (seconds of CPU for a large site), and any
    visitor may ask for it: without a cache, a few clients asking in a loop keep the workers busy.
    A change reaches the manifest within that many seconds (a site's "open now" line changes every
    minute anyway). None when no published site or tour has this identifier (cached as well)."""
    seconds = settings.OFFLINE_PACK_CACHE_SECONDS
    key = f"offline-pack:{identifier}:{language}"
    if seconds and (hit := django_cache.get(key)) is not None:
        return hit or None
    with _building:
        if seconds and (hit := django_cache.get(key)) is not None:
            return hit or None
        try:
            manifest = packs.build_manifest(identifier, language)
        except packs.PackNotFound:
            manifest = {}
        if seconds:
            django_cache.set(key, manifest, seconds)
    return manifest or None


@require_safe
@cache_control(no_cache=True)
def pack_manifest(request, identifier):
    """/offline/<identifier>.json?lang=…: the pack of a site or a tour in the reader's language."""
    language = _language(request)
    manifest = _manifest(identifier, language)
    if manifest is None:
        raise Http404("No published site or tour has this identifier.")
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["ETag"] = f'"{manifest["version"]}"'
    return response


@require_safe
def offline_page(request):
    """The downloaded packs, the phone's storage and a search over the packs (all read by the
    page's script from the phone's own storage); the service worker shows it when a page cannot be
    had and was not downloaded."""
    return render(request, "offline/offline_page.html", {"language_alternates": _fallbacks()})
