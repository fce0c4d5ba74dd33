from django.urls import path

from . import api, views
from .oai import views as oai_views

app_name = "opendata"

urlpatterns = [
    path("api/records", api.record_list, name="records"),
    path("api/records/<str:identifier>", api.record_detail, name="record"),
    path("api/openapi.json", api.openapi_document, name="openapi"),
    path("api/docs/", api.api_docs, name="api_docs"),
    path("api/linked-art/context.json", views.linked_art_context, name="linked_art_context"),
    path("api/linked-art/<str:identifier>", views.linked_art_record, name="linked_art"),
    path("oai", oai_views.endpoint, name="oai"),
    path("iiif/discovery/collection.json", views.discovery_collection, name="discovery_collection"),
    path("iiif/discovery/page-<int:number>.json", views.discovery_page, name="discovery_page"),
    path("opendata/dumps/<str:stamp>/<str:name>", views.dump_file, name="dump_file"),
]
