"""The retention rules' codes as people read them: kinds of record and what is done."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

# Message ids (worded when shown, in the reader's language).
KINDS: dict[str, str] = {
    "closed_cases": gettext_noop("Cases closed"),
    "case_audits": gettext_noop("Notes in case audits"),
    "evidence_files": gettext_noop("Evidence files of plan actions"),
    "monitoring_records": gettext_noop("Monitoring records"),
    "import_files": gettext_noop("Records of imported files"),
    "audit_trail": gettext_noop("Audit trail entries"),
    "sessions_tokens": gettext_noop("Expired sign-ins and API tokens"),
    "job_files": gettext_noop("Files made by background jobs"),
}

ACTIONS: dict[str, str] = {
    "remove": gettext_noop("Removed"),
    "anonymise": gettext_noop("Made anonymous"),
}


def kind_words(kind: str) -> str:
    return gettext(KINDS[kind]) if kind in KINDS else kind


def action_words(action: str) -> str:
    return gettext(ACTIONS[action]) if action in ACTIONS else action
