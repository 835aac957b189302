from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list, name="list"),
    path("upload/", views.framework_upload, name="upload"),
    path("<str:framework_id>/", views.framework_detail, name="detail"),
    path("<str:framework_id>/versions/<int:version>/", views.framework_version, name="version"),
    path(
        "<str:framework_id>/versions/<int:version>/source.yaml",
        views.framework_source,
        name="source",
    ),
]
