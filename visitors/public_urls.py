"""Visitor URLs outside the language prefix: the resolver and the QR labels."""

from django.urls import path

from .views import labels

urlpatterns = [
    path("id/<str:identifier>/qr.svg", labels.qr_svg, name="qr_svg"),
    path("id/<str:identifier>/qr.png", labels.qr_png, name="qr_png"),
    path("id/<str:identifier>", labels.resolve_identifier, name="resolve_identifier"),
]
