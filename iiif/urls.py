from django.urls import path

from . import views

app_name = "iiif"

urlpatterns = [
    path("3/<str:identifier>", views.image_base, name="image_base"),
    path("3/<str:identifier>/info.json", views.image_info, name="image_info"),
    path(
        "3/<str:identifier>/<str:region>/<str:size>/<str:rotation>/<str:quality_format>",
        views.image_request,
        name="image_request",
    ),
    path("3/<path:rest>", views.unknown),
    path("manifest/<str:identifier>.json", views.manifest, name="manifest"),
    path("preview/<int:page_id>/manifest.json", views.preview_manifest, name="preview_manifest"),
    path("collection/<slug:name>.json", views.collection, name="collection"),
    path("search/<int:version>/<str:identifier>", views.content_search, name="content_search"),
    path("viewer/", views.viewer, name="viewer"),
]
