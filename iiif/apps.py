from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IiifConfig(AppConfig):
    name = "iiif"
    label = "iiif"
    verbose_name = _("IIIF deep zoom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
