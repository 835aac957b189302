from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:service_code>/", views.figures, name="figures"),
    path("<str:service_code>/standards/<str:rule_id>/", views.rule_detail, name="rule"),
    path("<str:service_code>/summary/", views.summary, name="summary"),
    path("<str:service_code>/summary/<str:fmt>/", views.summary_download, name="summary_download"),
    path("<str:service_code>/sheets/<int:staff_pk>/", views.sheet, name="sheet"),
    path(
        "<str:service_code>/sheets/<int:staff_pk>/<str:fmt>/",
        views.sheet_download,
        name="sheet_download",
    ),
    path("<str:service_code>/uncovered/", views.uncovered, name="uncovered"),
    path("<str:service_code>/settings/", views.practice_settings, name="settings"),
    path("<str:service_code>/import/", views.import_upload, name="import"),
    path("<str:service_code>/import/<int:pk>/", views.import_check, name="import_check"),
    path(
        "<str:service_code>/import/<int:pk>/columns/",
        views.import_mapping,
        name="import_mapping",
    ),
]
