from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Exhibitions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from catalogue import extensions

        extensions.allow_under_home("exhibitions.ExhibitionIndexPage")
        extensions.register("site_nav", "exhibitions/nav_link.html", order=40)
