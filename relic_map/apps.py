from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelicMapConfig(AppConfig):
    name = "relic_map"
    verbose_name = _("Relic map")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from catalogue import extensions

        extensions.register("site_nav", "relic_map/includes/nav_link.html", order=20)
        extensions.register("home_sections", "relic_map/includes/home_section.html", order=20)
        extensions.register(
            "record_links", "relic_map/includes/map_link.html", order=50, applies=lambda page: page.on_map
        )
