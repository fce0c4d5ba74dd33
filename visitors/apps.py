from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitorsConfig(AppConfig):
    name = "visitors"
    verbose_name = _("Visitor guide")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from iiif import access

        from . import extensions
        from .models import Tour, TourStop

        extensions.register_record_slots()
        # A stop's own picture is shown to every visitor of a published tour, so the IIIF service
        # must serve it like a public record's (a record's pictures are public through the record).
        access.register_public_images(published_stop_image_ids, changed_by=(Tour, TourStop))


def published_stop_image_ids():
    from .models import TourStop

    return set(
        TourStop.objects.filter(tour__published=True, image__isnull=False).values_list("image_id", flat=True)
    )
