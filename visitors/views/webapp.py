"""The web app manifest, in the reader's language (installable guide; offline packs build on it)."""

import json

from django.http import HttpResponse
from django.templatetags.static import static
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(public=True, max_age=3600)
def manifest(request):
    language = get_language()
    data = {
        "name": gettext("Quảng Nam Heritage"),
        "short_name": gettext("Quảng Nam Heritage"),
        "description": gettext("Digital archive of the cultural heritage of Quảng Nam"),
        "lang": language,
        "start_url": f"/{language}/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#7a1f1f",
        "icons": [
            {"src": static("visitors/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("visitors/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {
                "src": static("visitors/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any maskable",
            },
        ],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")
