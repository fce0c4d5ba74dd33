from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitorsConfig(AppConfig):
    name = "visitors"
    verbose_name = _("Visitor guide")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import extensions

        extensions.register_record_slots()
