from django.urls import path

from . import views

app_name = "benchmarking"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_file, name="import"),
    path("rounds/<int:pk>/", views.round_comparison, name="round"),
    path("national/", views.national, name="national"),
    path("national.csv", views.national_csv, name="national_csv"),
]
