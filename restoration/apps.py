from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RestorationConfig(AppConfig):
    name = "restoration"
    verbose_name = _("Restoration archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from iiif import access

        from . import signal_handlers
        from .models import DocumentationEvent, Registration
        from .public_images import story_image_ids

        signal_handlers.register(self)
        # The before/after stories on public record pages are public images; nothing else here is.
        access.register_public_images(story_image_ids, changed_by=(DocumentationEvent, Registration))

        from wagtail.models import ReferenceIndex

        from .models import DocumentationEvent

        # Wagtail's image admin then lists an event's use of a master and, the key being PROTECT, refuses
        # to delete it (403 with the usage shown) instead of failing on the ProtectedError.
        ReferenceIndex.register_model(DocumentationEvent)

        from catalogue import extensions

        # Public before/after stories; the template renders nothing for a record without one.
        extensions.register("record_after_body", "restoration/includes/before_after.html", order=50)
