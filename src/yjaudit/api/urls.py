"""The REST API: `/api/v1/...`, schema at `/api/schema/`, docs at `/api/docs/`.

To add endpoints, append ONE line to ROUTES: (prefix, viewset path or class, basename).
Viewsets should use `yjaudit.api.permissions.ScopedQuerysetMixin` so the permission
module scopes and checks them. The role matrix test picks new routes up automatically.

The mixin also checks input before any query: declare query parameters as
`query_filters = {"round": IdFilter("Round id.")}` (`yjaudit.api.filters`) and read them
with `self.cleaned_filters()`; they are listed in the schema, and a bad value is a 400.
JSON bodies go through `yjaudit.api.parsers.JSONParser` (size and depth limits in
settings.YJAUDIT_LIMITS). `tests/api/test_schemathesis.py` fuzzes every route (slow).
"""

from __future__ import annotations

from django.urls import include, path, re_path
from django.utils.module_loading import import_string
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

ROUTES: list[tuple[str, str, str]] = [
    ("services", "yjaudit.api.organisations.ServiceViewSet", "service"),
    ("teams", "yjaudit.api.organisations.TeamViewSet", "team"),
    ("staff", "yjaudit.api.organisations.StaffViewSet", "staff"),
    ("audit-events", "yjaudit.api.audittrail.AuditEventViewSet", "audit-event"),
    ("cases", "yjaudit.cases.api.CaseViewSet", "case"),
    ("case-imports", "yjaudit.cases.api.CaseImportViewSet", "case-import"),
    ("rounds", "yjaudit.audits.rounds.api.RoundViewSet", "round"),
    ("samples", "yjaudit.audits.rounds.api.SampledCaseViewSet", "sample"),
    ("case-audits", "yjaudit.audits.case_audits.api.CaseAuditViewSet", "case-audit"),
    ("audit-rounds", "yjaudit.audits.case_audits.api.AuditRoundViewSet", "audit-round"),
    ("plans", "yjaudit.improvement.api.PlanViewSet", "plan"),
    ("plan-recommendations", "yjaudit.improvement.api.RecommendationViewSet", "plan-rec"),
    ("plan-actions", "yjaudit.improvement.api.ActionViewSet", "plan-action"),
    ("plan-progress", "yjaudit.improvement.api.ProgressViewSet", "plan-progress"),
    ("plan-findings", "yjaudit.improvement.api.FindingViewSet", "plan-finding"),
    ("monitoring", "yjaudit.monitoring.api.MonitoringViewSet", "monitoring"),
    ("voice", "yjaudit.voice.api.VoiceViewSet", "voice"),
    ("benchmarks", "yjaudit.benchmarking.api.BenchmarkViewSet", "benchmark"),
    ("practice", "yjaudit.practice.api.PracticeViewSet", "practice"),
    ("retention", "yjaudit.retention.api.RetentionViewSet", "retention"),
]

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
for prefix, viewset, basename in ROUTES:
    router.register(prefix, import_string(viewset), basename=basename)

urlpatterns = [
    re_path(r"^(?P<version>v1)/", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
]
