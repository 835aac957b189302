from django.urls import path

from . import views

# The namespace stays "web": templates across the apps link home as `web:home`.
app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
]
