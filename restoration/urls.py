"""The archive's admin URLs (under /admin/restoration/, included by wagtail_hooks)."""

from django.urls import include, path

urlpatterns = [
    path("", include("restoration.archive.urls")),
    path("", include("restoration.condition.urls")),
]
