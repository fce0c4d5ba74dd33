"""/healthz, /readyz and /metrics (JSON and Prometheus text: for machines, so not translated)."""

import hmac
import os

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess

from . import readiness
from .metrics import ArchiveCollector

SCOPES = {"local": readiness.LOCAL, "all": None}


@never_cache
@require_GET
def healthz(request):
    """The process is up and answers: no database, no disk, nothing that can be slow."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """200 when every check passes, 503 otherwise; ``?scope=local`` counts this machine's own only."""
    scope_name = request.GET.get("scope", "all")
    if scope_name not in SCOPES:
        return JsonResponse({"error": "scope must be 'all' or 'local'"}, status=400)
    body = readiness.document(SCOPES[scope_name])
    response = JsonResponse(body, status=200 if body["status"] == readiness.OK else 503)
    # A probe every few seconds would write an error-level "Service Unavailable" line each time
    # (django.request); the state is what the probe reports, not an application error.
    response._has_been_logged = True
    return response


def _authorised(request):
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@never_cache
@require_GET
def metrics(request):
    """Prometheus exposition: django-prometheus' request metrics and the archive's gauges.

    Off (403) unless METRICS_TOKEN is set; then only with ``Authorization: Bearer <token>``.
    """
    if not settings.METRICS_TOKEN:
        # 403, not 404: LocaleMiddleware would turn a 404 into a redirect to /vi/metrics.
        return HttpResponseForbidden("metrics are off: set METRICS_TOKEN", content_type="text/plain")
    if not _authorised(request):
        response = HttpResponse("unauthorised", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # gunicorn's workers each write their counters to files; sum them all, whichever answers.
        process_registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(process_registry)
    else:
        process_registry = REGISTRY
    archive_registry = CollectorRegistry()
    archive_registry.register(ArchiveCollector())
    body = generate_latest(process_registry) + generate_latest(archive_registry)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
