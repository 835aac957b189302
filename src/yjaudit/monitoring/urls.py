from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:service_code>/", views.dashboard, name="dashboard"),
    path("<str:service_code>/import/", views.import_upload, name="import"),
    path("<str:service_code>/import/<int:pk>/", views.import_check, name="import_check"),
    path(
        "<str:service_code>/import/<int:pk>/columns/",
        views.import_mapping,
        name="import_mapping",
    ),
    path(
        "<str:service_code>/disproportionality/",
        views.disproportionality,
        name="disproportionality",
    ),
    # Before the indicator pattern, which would otherwise read "report" as a set.
    path("<str:service_code>/report/<str:set_id>/", views.report, name="report"),
    path(
        "<str:service_code>/report/<str:set_id>/<str:fmt>/",
        views.report_download,
        name="report_download",
    ),
    path(
        "<str:service_code>/<str:set_id>/<str:indicator_id>/",
        views.indicator_detail,
        name="indicator",
    ),
]
