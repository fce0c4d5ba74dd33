"""Exhibitions inside the language prefix: /vi/trien-lam/, /en/exhibitions/, /fr/expositions/…"""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from . import views

app_name = "exhibitions"

EXHIBITIONS = pgettext_lazy("URL path of the exhibitions page", "exhibitions/")

urlpatterns = [
    path(EXHIBITIONS, views.index, name="index"),
    path(format_lazy("{}<slug:slug>/", EXHIBITIONS), views.exhibition, name="exhibition"),
]
