from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.service_list, name="service_list"),
    path("<str:service_code>/", views.service_detail, name="service_detail"),
    path("<str:service_code>/change/", views.service_edit, name="service_edit"),
    path("<str:service_code>/teams/add/", views.team_create, name="team_create"),
    path("<str:service_code>/staff/add/", views.staff_edit, name="staff_create"),
    path("<str:service_code>/staff/<int:pk>/", views.staff_edit, name="staff_edit"),
]
