"""The staff map (exact locations) in the Wagtail admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_staff_map_urls():
    return [
        path("relic-map/", views.staff_map_page, name="relic_map_staff"),
        path("relic-map/sites.geojson", views.staff_sites_geojson, name="relic_map_staff_sites"),
    ]


class StaffMapMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_see_exact_places(request.user)


@hooks.register("register_admin_menu_item")
def register_staff_map_menu_item():
    return StaffMapMenuItem(
        _("Relic map (exact locations)"), reverse("relic_map_staff"), icon_name="site", order=250
    )
