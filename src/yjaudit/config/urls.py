"""Top-level URLs: each domain app owns its own urls module."""

from django.contrib import admin
from django.urls import include, path

from yjaudit.notifications.views import set_language

urlpatterns = [
    path("", include("yjaudit.site.urls")),
    path("", include("yjaudit.operations.urls")),
    # Django's switch, wrapped so a signed-in person's choice is remembered.
    path("i18n/setlang/", set_language, name="set_language"),
    path("frameworks/", include("yjaudit.frameworks.urls")),
    path("accounts/", include("yjaudit.accounts.urls")),
    path("organisations/", include("yjaudit.organisations.urls")),
    path("audit-trail/", include("yjaudit.audittrail.urls")),
    path("cases/", include("yjaudit.cases.urls")),
    path("rounds/", include("yjaudit.audits.rounds.urls")),
    path("audits/", include("yjaudit.audits.case_audits.urls")),
    path("plans/", include("yjaudit.improvement.urls")),
    path("reports/", include("yjaudit.reports.urls")),
    path("monitoring/", include("yjaudit.monitoring.urls")),
    path("voice/", include("yjaudit.voice.urls")),
    path("benchmarks/", include("yjaudit.benchmarking.urls")),
    path("practice/", include("yjaudit.practice.urls")),
    path("api/", include("yjaudit.api.urls")),
    path("notifications/", include("yjaudit.notifications.urls")),
    path("jobs/", include("yjaudit.jobs.urls")),
    path("retention/", include("yjaudit.retention.urls")),
    path("admin/", admin.site.urls),
]
