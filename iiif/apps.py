from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IiifConfig(AppConfig):
    name = "iiif"
    label = "iiif"
    verbose_name = _("IIIF deep zoom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from images import verification

        from . import signal_handlers, tiling

        signal_handlers.register()
        # New masters are verified by the pass that tiles them (no second full decode).
        verification.register_pass(tiling.verify_by_tiling)
