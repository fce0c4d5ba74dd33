from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    label = "images"
    verbose_name = _("Heritage images")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from .vips import harden

        harden()

        # Wagtail checks the pixel count from the header against WAGTAILIMAGES_MAX_IMAGE_PIXELS,
        # but Pillow refuses anything above twice its own 89 MP default first; real scans exceed it.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
