"""Writes for case audits, one module per section of the work.

- `answers`: saving answers (optimistic locking) and applying the framework's rules;
- `workflow`: creating a round's audits, details, submit, return, sign off, reopen;
- `assignment`: who audits and who second-marks each case;
- `moderation`: selecting audits, second marks, resolving differences;
- `judgements`: ratings and overrides;
- `importing`: answers, judgements and findings from files.

Callers import this package (`from yjaudit.audits.case_audits import services`); the
names below are its public surface.
"""

from .answers import apply_rules, save_answers
from .assignment import KEEP, assign, assign_many
from .common import (
    Actor,
    AnswerInput,
    AuditError,
    Conflict,
    Incomplete,
    SaveOutcome,
    StaleEdit,
)
from .importing import FindingInput, ImportProblem, import_answers, import_inspection
from .judgements import set_judgement, set_override
from .moderation import (
    accept_marker,
    can_second_mark,
    finish_second_marking,
    resolve_difference,
    resolve_differences,
    save_second_marks,
    select_for_moderation,
)
from .workflow import (
    AuditDetails,
    complete_moderation,
    ensure_audits,
    missing_answers,
    reopen,
    return_with_comments,
    save_details,
    sign_off,
    submit,
)

__all__ = [
    "KEEP",
    "Actor",
    "AnswerInput",
    "AuditDetails",
    "AuditError",
    "Conflict",
    "FindingInput",
    "ImportProblem",
    "Incomplete",
    "SaveOutcome",
    "StaleEdit",
    "accept_marker",
    "apply_rules",
    "assign",
    "assign_many",
    "can_second_mark",
    "complete_moderation",
    "ensure_audits",
    "finish_second_marking",
    "import_answers",
    "import_inspection",
    "missing_answers",
    "reopen",
    "resolve_difference",
    "resolve_differences",
    "return_with_comments",
    "save_answers",
    "save_details",
    "save_second_marks",
    "select_for_moderation",
    "set_judgement",
    "set_override",
    "sign_off",
    "submit",
]
