"""Admin: visiting information, tours and stops as snippets; a PDF sheet of QR labels."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Tour, TourStop, VisitingInfo
from .views import label_sheet


class VisitingInfoViewSet(SnippetViewSet):
    model = VisitingInfo
    icon = "time"
    menu_label = _("Visiting information")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["__str__", "checked_on"]


class TourViewSet(SnippetViewSet):
    model = Tour
    icon = "site"
    menu_label = _("Tours")
    add_to_admin_menu = True
    menu_order = 311
    list_display = ["identifier", "__str__", "published"]


class TourStopViewSet(SnippetViewSet):
    model = TourStop
    icon = "pick"
    menu_label = _("Tour stops")
    add_to_admin_menu = True
    menu_order = 312
    list_display = ["identifier", "tour", "number"]
    list_filter = ["tour"]


register_snippet(VisitingInfoViewSet)
register_snippet(TourViewSet)
register_snippet(TourStopViewSet)


@hooks.register("register_admin_urls")
def register_label_sheet_url():
    return [path("qr-labels/", label_sheet.label_sheet_view, name="visitors_label_sheet")]


@hooks.register("register_admin_menu_item")
def register_label_sheet_menu_item():
    return MenuItem(_("QR labels"), reverse("visitors_label_sheet"), icon_name="doc-full", order=313)
