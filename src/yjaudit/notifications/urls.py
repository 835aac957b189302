from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("language/", views.language, name="language"),
]
