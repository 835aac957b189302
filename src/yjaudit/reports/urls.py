from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/<int:pk>/", views.round_report, name="round"),
    path("rounds/<int:pk>/<str:kind>/", views.round_report, name="round_kind"),
    path("rounds/<int:pk>/<str:kind>.<str:fmt>", views.download, name="download"),
    path("rounds/<int:pk>/<str:kind>/file", views.request_file, name="request_file"),
    path(
        "rounds/<int:pk>/practitioner/<int:staff_pk>/",
        views.practitioner_report,
        name="practitioner",
    ),
    path(
        "rounds/<int:pk>/practitioner/<int:staff_pk>.<str:fmt>",
        views.practitioner_download,
        name="practitioner_download",
    ),
    path("case-audits/<int:pk>/", views.case_audit, name="case_audit"),
    path("case-audits/<int:pk>.pdf", views.case_audit_pdf, name="case_audit_pdf"),
]
