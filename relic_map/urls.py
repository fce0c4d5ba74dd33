from django.urls import path

from . import views

app_name = "relic_map_api"

urlpatterns = [
    path("sites.geojson", views.sites_geojson, name="sites"),
    path("sites/zones.geojson", views.zones_geojson, name="zones"),
]
