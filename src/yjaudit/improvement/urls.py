from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("overdue/", views.overdue, name="overdue"),
    path("<uuid:pk>/", views.plan_detail, name="detail"),
    path("<uuid:pk>/edit/", views.plan_edit, name="edit"),
    path("<uuid:pk>/findings/new/", views.finding_add, name="finding_add"),
    path("<uuid:pk>/findings/pull/", views.findings_pull, name="findings_pull"),
    path("<uuid:pk>/recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path("<uuid:pk>/actions/new/", views.action_add, name="action_add"),
    path("<uuid:pk>/approvals/new/", views.approval_add, name="approval_add"),
    path("<uuid:pk>/scrutiny/new/", views.scrutiny_add, name="scrutiny_add"),
    path("<uuid:pk>/export/<str:fmt>/", views.plan_export, name="export"),
    path("<uuid:pk>/actions/", views.plan_actions, name="actions"),
    path("<uuid:pk>/archive/", views.plan_archive, name="archive"),
    path("<uuid:pk>/restore/", views.plan_restore, name="restore"),
    path("findings/<uuid:pk>/archive/", views.finding_archive, name="finding_archive"),
    path("findings/<uuid:pk>/restore/", views.finding_restore, name="finding_restore"),
    path("actions/<uuid:pk>/archive/", views.action_archive, name="action_archive"),
    path("actions/<uuid:pk>/restore/", views.action_restore, name="action_restore"),
    path("<uuid:pk>/import/", views.plan_import, name="import"),
    path("recommendations/<uuid:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("actions/<uuid:pk>/", views.action_detail, name="action"),
    path("actions/<uuid:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<uuid:pk>/progress/", views.progress_add, name="progress_add"),
    path("evidence/<uuid:pk>/", views.evidence_download, name="evidence"),
    path("approvals/<uuid:pk>/", views.approval_detail, name="approval"),
    path("<str:service_code>/new/", views.plan_create, name="create"),
]
