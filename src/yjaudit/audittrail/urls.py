from django.urls import path

from . import views

app_name = "audittrail"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("export.csv", views.event_export, name="export"),
]
