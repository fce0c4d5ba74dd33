"""Project middleware."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

# Machine endpoints outside the language prefixes: their 404 answers a client ("no such record"),
# and must not become a redirect into /vi/… (Django does that for any 404 when a prefixed path
# would match, and Wagtail's catch-all makes every path match).
UNPREFIXED_ENDPOINTS = (
    "/api/records",
    "/api/linked-art/",
    "/api/openapi.json",
    "/oai",
    "/iiif/discovery/",
    "/iiif/search/",
    "/opendata/",
    "/sitemap.xml",
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_ENDPOINTS):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
