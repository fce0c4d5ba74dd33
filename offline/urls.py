"""The offline page inside the language prefix (/vi/ngoai-tuyen/, /en/offline/…)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "offline"

urlpatterns = [
    path(pgettext_lazy("URL path of the offline page", "offline/"), views.offline_page, name="page"),
]
