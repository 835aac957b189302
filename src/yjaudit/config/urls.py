"""Top-level URLs: each domain app owns its own urls module."""

from django.urls import include, path

urlpatterns = [
    path("", include("yjaudit.web.urls")),
    path("frameworks/", include("yjaudit.frameworks.urls")),
]
