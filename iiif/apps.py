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
        self.register_page_extensions()

    @staticmethod
    def register_page_extensions():
        from catalogue import extensions

        from .templatetags.iiif_tags import has_iiif_images

        # Manifest discovery link and the deep-zoom viewer's assets, only where there is a manifest.
        extensions.register("head", "iiif/includes/record_head.html", order=10, applies=has_iiif_images)
        # Deep zoom for tiled images; the template falls back to the catalogue's static picture.
        extensions.register("record_media", "iiif/includes/deep_zoom.html", order=10)
        extensions.register(
            "record_links", "iiif/includes/record_links.html", order=10, applies=has_iiif_images
        )
