from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CataloguingConfig(AppConfig):
    name = "cataloguing"
    label = "cataloguing"
    verbose_name = _("Cataloguing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notifications

        notifications.install()
