from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RestorationConfig(AppConfig):
    name = "restoration"
    verbose_name = _("Restoration archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register(self)

        from catalogue import extensions

        # Public before/after stories; the template renders nothing for a record without one.
        extensions.register("record_after_body", "restoration/includes/before_after.html", order=50)
