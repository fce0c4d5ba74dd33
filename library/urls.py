"""The reading room inside the language prefix: /vi/thu-vien/, /en/library/ (others: library_urls)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from . import views

app_name = "library"

LIBRARY = pgettext_lazy("URL path of the reading room", "library/")

urlpatterns = [
    path(LIBRARY, views.index, name="index"),
    path(format_lazy("{}<str:identifier>/", LIBRARY), views.reader, name="document"),
    path(format_lazy("{}<str:identifier>/<int:number>/", LIBRARY), views.reader, name="page"),
    path(
        format_lazy("{}<str:identifier>/<int:number>/image.jpg", LIBRARY), views.page_image, name="page_image"
    ),
    path(format_lazy("{}<str:identifier>/document.pdf", LIBRARY), views.document_pdf, name="pdf"),
]
