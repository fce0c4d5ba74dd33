from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from opendata import views as opendata_views
from relic_map import views as relic_map_views
from search import views as search_views

urlpatterns = [
    path("", include("operations.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The visitor guide's resolver knows tours and stops and hands every record to the catalogue's.
    path("", include("visitors.public_urls")),
    path("", include("opendata.urls")),
    # The service worker at the root (its scope covers every language) and the packs' manifests.
    path("", include("offline.public_urls")),
    path("iiif/exhibition/", include("exhibitions.iiif_urls")),
    path("iiif/", include("iiif.urls")),
    path("api/", include("search.urls")),
    path("api/", include("relic_map.urls")),
    path("sitemap.xml", opendata_views.sitemap, name="sitemap"),
    path("robots.txt", opendata_views.robots, name="robots"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only the web renditions: masters (original_images/, with their GPS) and everything else under
    # MEDIA_ROOT are never served as files, not even by runserver; deep zoom goes through /iiif/.
    urlpatterns += static(f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images")

urlpatterns += i18n_patterns(
    path(pgettext_lazy("URL path of the search page", "search/"), search_views.search_page, name="search"),
    path(pgettext_lazy("URL path of the map page", "map/"), relic_map_views.map_page, name="relic_map"),
    path("", include("visitors.urls")),
    path("", include("exhibitions.urls")),
    path("", include("library.urls")),
    path("", include("offline.urls")),
    path(opendata_views.DUMPS_PATH, opendata_views.dumps_page, name="opendata_dumps"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
