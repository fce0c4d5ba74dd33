"""Admin: visiting information, tours and stops as snippets; a PDF sheet of QR labels."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
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


@hooks.register("register_bulk_action")
class QRLabelsBulkAction(PageBulkAction):
    """ "QR labels" on the records a curator ticks in a page listing: the label sheet, filled in."""

    display_name = _("QR labels")
    action_type = "qr_labels"
    aria_label = _("Print QR labels of the selected records")
    template_name = "visitors/admin/label_sheet.html"  # never rendered: the action redirects
    action_priority = 90

    def check_perm(self, page):
        return True  # a label only points at a public page; the sheet refuses what is not published

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return 0, 0

    def get(self, request, *args, **kwargs):
        pages, _without_access = self.get_actionable_objects()
        identifiers = [getattr(page.specific, "identifier", "") for page in pages]
        query = urlencode({"ids": " ".join(identifier for identifier in identifiers if identifier)})
        return redirect(f"{reverse('visitors_label_sheet')}?{query}")
