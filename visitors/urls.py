"""Public visitor URLs inside the language prefix (/vi/lo-trinh/, /en/tours/, /ko/tours/…)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from .views import tours, webapp

app_name = "visitors"

TOURS = pgettext_lazy("URL path of the tours page", "tours/")

urlpatterns = [
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path(TOURS, tours.tour_list, name="tours"),
    path(format_lazy("{}<slug:slug>/", TOURS), tours.tour_page, name="tour"),
    path(format_lazy("{}<slug:slug>/<int:number>/", TOURS), tours.stop_page, name="stop"),
]
