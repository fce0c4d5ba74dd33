"""Admin: the import screens, export from the record listings, the curator's dashboard panels."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import views
from .columns import RECORD_TYPES
from .dashboard import FailedTilingPanel, MyDraftsPanel
from .review_panels import bound_workflow_panels


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("cataloguing/import/", views.import_index, name="cataloguing_import"),
        path("cataloguing/import/<int:run_id>/", views.import_preview, name="cataloguing_import_preview"),
        path("cataloguing/import/<int:run_id>/apply/", views.import_apply, name="cataloguing_import_apply"),
        path(
            "cataloguing/import/<int:run_id>/progress/",
            views.import_progress,
            name="cataloguing_import_progress",
        ),
        path(
            "cataloguing/import/<int:run_id>/status/", views.import_status, name="cataloguing_import_status"
        ),
        path(
            "cataloguing/template/<str:record_type>.xlsx",
            views.template_download,
            name="cataloguing_template",
        ),
        path("cataloguing/export/<str:record_type>/", views.export_records, name="cataloguing_export"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return views._may_import_any(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Import records"), reverse("cataloguing_import"), icon_name="upload", order=170)


@hooks.register("register_record_listing_buttons")
def export_buttons(model, request):
    key = next((key for key, rt in RECORD_TYPES.items() if rt.model is model), None)
    if key is None:
        return []
    return [
        Button(
            _("Export (Excel)"), url=views.export_url(key, request, "xlsx"), icon_name="download", priority=60
        ),
        Button(
            _("Export (CSV)"), url=views.export_url(key, request, "csv"), icon_name="download", priority=61
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    bound_workflow_panels(panels)
    panels.append(MyDraftsPanel(request.user))
    panels.append(FailedTilingPanel())
