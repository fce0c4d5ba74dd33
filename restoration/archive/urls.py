from django.urls import path

from . import views

urlpatterns = [
    path("record/<str:identifier>/", views.record_archive, name="restoration_record"),
    path("record/<str:identifier>/export/<str:kind>/", views.export, name="restoration_export"),
    path("record/<str:identifier>/fixity/", views.fixity_now, name="restoration_fixity_now"),
    path("event/<int:event_id>/seal/", views.seal, name="restoration_seal"),
    path("event/<int:event_id>/correct/", views.correct, name="restoration_correct"),
    path("master/<int:event_image_id>/", views.master_download, name="restoration_master"),
]
