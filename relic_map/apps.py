from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelicMapConfig(AppConfig):
    name = "relic_map"
    verbose_name = _("Relic map")
    default_auto_field = "django.db.models.BigAutoField"
