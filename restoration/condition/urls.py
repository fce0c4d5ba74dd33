from django.urls import path

from . import views

urlpatterns = [
    path("record/<str:identifier>/compare/", views.compare_view, name="restoration_compare"),
    path("record/<str:identifier>/comparison.json", views.comparison_manifest, name="restoration_manifest"),
    path("record/<str:identifier>/report/", views.report_view, name="restoration_report"),
    path("register/", views.register_view, name="restoration_register"),
    path("observation/", views.add_observation, name="restoration_observation"),
    path(
        "register/<int:before>/<int:after>/",
        views.registration_status,
        name="restoration_registration_status",
    ),
]
