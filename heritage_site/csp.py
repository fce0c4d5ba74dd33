"""Content-Security-Policy for every answer (a small middleware: Django 5.2 has none built in).

Public pages load scripts only from this site (no inline script anywhere in the templates, and
every library is served from static files), so a script injected into a record text cannot run.
Styles allow 'unsafe-inline': Mirador (MUI/emotion) and Leaflet write style elements and
attributes at run time. Images come from this site, data:/blob: URLs (OpenSeadragon, Mirador) and
the relic map's tile server. The full IIIF viewer opens any institution's manifest
(``/iiif/viewer/?manifest=https://…``), so it alone may fetch and show images from other https
origins. The Wagtail admin still relies on inline scripts: it gets the parts of the policy that do
not break it (no plugins, no framing by others, no foreign base or form targets).
"""

from urllib.parse import urlsplit

from django.conf import settings

COMMON = {
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'self'",
    "form-action": "'self'",
}


def _tile_origin():
    url = settings.RELIC_MAP_TILE_URL
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}.", "a."))
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc
    if "{s}." in url:
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}"


def policy_for(path):
    if path.startswith("/admin/") or path.startswith("/django-admin/"):
        directives = dict(COMMON)
    else:
        viewer = path.startswith("/iiif/viewer/")
        images = " ".join(
            filter(None, ["'self'", "data:", "blob:", _tile_origin(), "https:" if viewer else ""])
        )
        directives = {
            "default-src": "'self'",
            "script-src": "'self'",
            "style-src": "'self' 'unsafe-inline'",
            "img-src": images,
            "media-src": "'self'",
            "font-src": "'self' data:",
            "connect-src": "'self' https:" if viewer else "'self'",
            "worker-src": "'self' blob:",
            "manifest-src": "'self'",
            **COMMON,
        }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy_for(request.path)
        return response
