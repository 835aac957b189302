from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/archive/", views.case_archive, name="archive"),
    path("<int:pk>/restore/", views.case_restore, name="restore"),
    path("export.<str:fmt>", views.case_export, name="export"),
    path("<str:service_code>/import/", views.import_upload, name="import_upload"),
    path(
        "<str:service_code>/import/victims/",
        views.import_victims_upload,
        name="import_victims_upload",
    ),
    path(
        "<str:service_code>/import/template.<str:fmt>",
        views.import_template,
        name="import_template",
    ),
    path(
        "<str:service_code>/import/victims/template.<str:fmt>",
        views.import_victims_template,
        name="import_victims_template",
    ),
    path(
        "<str:service_code>/import/<int:pk>/columns/",
        views.import_mapping,
        name="import_mapping",
    ),
    path("<str:service_code>/import/<int:pk>/check/", views.import_preview, name="import_preview"),
]
