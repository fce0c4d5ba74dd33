"""Admin: the deep-zoom status of every image, with its error and a retry button."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from images.models import HeritageImage

from .admin_views import retry_tiling


class RetryColumn(Column):
    cell_template_name = "iiif/admin/retry_cell.html"


class TilingStatusViewSet(ModelViewSet):
    model = HeritageImage
    name = "iiif_tiling"
    icon = "image"
    menu_label = _("Deep zoom status")
    menu_order = 310
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        "title",
        "iiif_identifier",
        Column(
            "tiling_status",
            label=_("Tiling status"),
            accessor="get_tiling_status_display",
            sort_key="tiling_status",
        ),
        Column("tiling_error", label=_("Error")),
        DateColumn("tiled_at", label=_("Tiled at"), sort_key="tiled_at"),
        RetryColumn("retry", label=_("Action")),
    ]
    list_filter = ["tiling_status"]
    search_fields = ["title", "iiif_identifier"]
    ordering = ["-created_at"]
    # Images are added and edited in Wagtail's image library; this view only reports and retries.
    form_fields = ["title"]

    def get_index_view_kwargs(self, **kwargs):
        return {**super().get_index_view_kwargs(**kwargs), "add_url_name": None}


@hooks.register("register_admin_viewset")
def register_tiling_status():
    return TilingStatusViewSet()


@hooks.register("register_admin_urls")
def register_retry_url():
    return [path("iiif/retry/<int:image_id>/", retry_tiling, name="iiif_retry_tiling")]
