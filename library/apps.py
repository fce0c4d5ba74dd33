from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Reading room")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from catalogue import extensions

        extensions.register("site_nav", "library/nav_library.html", order=55)
        # A document's record page links to its reader; records answer whether they have pages.
        extensions.register(
            "record_links",
            "library/record_reader_link.html",
            order=60,
            applies=lambda page: bool(getattr(page, "ordered_pages", None) and page.ordered_pages()),
        )
