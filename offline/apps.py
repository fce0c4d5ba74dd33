from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfflineConfig(AppConfig):
    name = "offline"
    verbose_name = _("Offline packs")

    def ready(self):
        from catalogue import extensions

        # Every page: the link to the downloaded packs and the service worker's registration.
        extensions.register("site_nav", "offline/nav.html", order=60)
        # A site's page offers its pack under the visiting information (order 10).
        extensions.register("record_top", "offline/record_pack.html", order=20, applies=is_site)
        extensions.register("guide_actions", "offline/tour_pack.html", order=10)


def is_site(page):
    """A heritage site is the record that is located at itself (records answer for themselves)."""
    located = getattr(page, "located_at", None)
    return located is not None and located.pk == page.pk
