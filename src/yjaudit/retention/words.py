"""The retention rules' codes as people read them: kinds of record and what is done."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS: dict[str, Promise] = {
    "closed_cases": _("Cases closed"),
    "case_audits": _("Notes in case audits"),
    "evidence_files": _("Evidence files of plan actions"),
    "monitoring_records": _("Monitoring records"),
    "import_files": _("Records of imported files"),
    "audit_trail": _("Audit trail entries"),
    "sessions_tokens": _("Expired sign-ins and API tokens"),
    "job_files": _("Files made by background jobs"),
}

ACTIONS: dict[str, Promise] = {
    "remove": _("Removed"),
    "anonymise": _("Made anonymous"),
}


def kind_words(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def action_words(action: str) -> str:
    return str(ACTIONS.get(action, action))
