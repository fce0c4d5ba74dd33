"""Exhibition manifests beside the records' (/iiif/exhibition/<language>/<slug>.json)."""

from django.urls import path

from . import views

app_name = "exhibitions_iiif"

urlpatterns = [
    path("<str:language>/<slug:slug>.json", views.manifest, name="manifest"),
]
