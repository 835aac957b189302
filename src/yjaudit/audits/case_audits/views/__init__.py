"""Pages of the case audit, one module per part of the work.

`permissions` decides who; `case_audits.services` writes; `urls.py` names each page.
"""

from .assignment import audit_assign, round_assign
from .case_pages import (
    audit_detail,
    autosave,
    details,
    history,
    moderate,
    reopen,
    return_audit,
    sign_off,
    standard_page,
    submit,
)
from .practitioner import (
    feedback,
    mine,
)
from .round_pages import (
    inspection,
    judgement_edit,
    judgements,
    moderation,
    override_edit,
    results_page,
    round_audits,
)
from .second_marking import (
    differences_page,
    differences_standard,
    second_done,
    second_mark,
    second_start,
)

__all__ = [
    "audit_assign",
    "audit_detail",
    "autosave",
    "details",
    "differences_page",
    "differences_standard",
    "feedback",
    "history",
    "inspection",
    "judgement_edit",
    "judgements",
    "mine",
    "moderate",
    "moderation",
    "override_edit",
    "reopen",
    "results_page",
    "return_audit",
    "round_assign",
    "round_audits",
    "second_done",
    "second_mark",
    "second_start",
    "sign_off",
    "standard_page",
    "submit",
]
