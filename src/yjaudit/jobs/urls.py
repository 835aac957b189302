from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/status.json", views.job_status, name="status"),
    path("<int:pk>/download", views.job_download, name="download"),
    path("<int:pk>/again", views.job_remake, name="remake"),
    path("schedule/", views.schedule_page, name="schedule"),
]
