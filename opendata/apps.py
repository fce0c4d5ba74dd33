from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_public_record(page):
    return bool(getattr(page, "identifier", "")) and page.live


class OpenDataConfig(AppConfig):
    name = "opendata"
    label = "opendata"
    verbose_name = _("Open data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from catalogue import extensions

        from . import signal_handlers

        signal_handlers.register()
        # After the IIIF manifest link (order 10): the record's data links and schema.org JSON-LD.
        extensions.register("head", "opendata/includes/head.html", order=60, applies=_is_public_record)
        extensions.register(
            "record_links", "opendata/includes/record_links.html", order=80, applies=_is_public_record
        )
