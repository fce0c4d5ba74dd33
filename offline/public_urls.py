"""Offline URLs outside the language prefix: the service worker (root scope) and pack manifests."""

from django.urls import path

from . import views

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/<str:identifier>.json", views.pack_manifest, name="offline_pack"),
]
