from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("<str:service_code>/", views.index, name="index"),
    path("<str:service_code>/erase/", views.erase, name="erase"),
    path("<str:service_code>/export/", views.export, name="export"),
]
