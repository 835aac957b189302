"""The audit trail in words: "Role granted", "Lead staff", not `role.grant`, `lead_staff_id`.

Actions are stored as `<thing>.<verb>` codes (stable, searchable, in exports for
machines); people read them through these labels. A code with no entry still reads as
words (underscores to spaces, `_id` dropped), so a new action is never shown as a code.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

THINGS: dict[str, Promise] = {
    "account": _("Account"),
    "audit": _("Case audit"),
    "case": _("Case"),
    "case_attribute": _("Case field"),
    "case_import": _("Case register import"),
    "framework": _("Framework"),
    "invitation": _("Invitation"),
    "monitoring": _("Monitoring"),
    "operations": _("Operations"),
    "plan": _("Improvement plan"),
    "role": _("Role"),
    "round": _("Audit round"),
    "sample": _("Sample"),
    "service": _("Service"),
    "staff": _("Staff record"),
    "team": _("Team"),
    "user": _("User"),
}

# Stored object types (`app.model`) by model name.
OBJECTS: dict[str, Promise] = {
    "action": _("Plan action"),
    "approval": _("Plan approval"),
    "attributedefinition": _("Case field"),
    "benchmarkimport": _("Published ratings import"),
    "caseanswer": _("Case audit answer"),
    "caseimport": _("Case register import"),
    "collection": _("Questionnaire collection"),
    "erasure": _("Erasure"),
    "notification": _("E-mail"),
    "practiceimport": _("Practice import"),
    "publishedinspection": _("Published inspection"),
    "response": _("Questionnaire answers"),
    "scheduledrun": _("Scheduled run"),
    "auditround": _("Audit round"),
    "case": _("Case"),
    "caseaudit": _("Case audit"),
    "finding": _("Finding"),
    "frameworkedition": _("Framework edition"),
    "improvementplan": _("Improvement plan"),
    "judgementrating": _("Judgement"),
    "monitoringimport": _("Monitoring import"),
    "progressupdate": _("Progress update"),
    "recommendation": _("Recommendation"),
    "rolegrant": _("Role"),
    "scrutinyreport": _("Scrutiny report"),
    "service": _("Service"),
    "staffmember": _("Staff record"),
    "team": _("Team"),
    "user": _("User"),
}

# Whole actions whose words are not "<thing> <verb>".
ACTIONS: dict[str, Promise] = {
    "account.2fa_enrol": _("Two-factor authentication set up"),
    "account.2fa_reset": _("Two-factor authentication reset"),
    "account.api_token_create": _("API token created"),
    "account.api_token_revoke": _("API token revoked"),
    "account.password_change": _("Password changed"),
    "account.sign_out_everywhere": _("Signed out everywhere"),
    "audit.answer": _("Case audit answers saved"),
    "audit.inspection_import": _("Inspection answers imported"),
    "audit.judgement": _("Judgement recorded"),
    "audit.moderate": _("Case audit moderated"),
    "audit.override": _("Rating overridden"),
    "audit.override_remove": _("Rating override removed"),
    "audit.resolve": _("Marking difference resolved"),
    "audit.return": _("Case audit returned with comments"),
    "audit.rule_answer": _("Answer set by a framework rule"),
    "audit.second_mark": _("Second marking saved"),
    "audit.second_marking_done": _("Second marking finished"),
    "audit.select_moderation": _("Case chosen for second marking"),
    "audit.signoff": _("Case audit signed off"),
    "case.archive": _("Case archived"),
    "case.restore": _("Case restored from the archive"),
    "monitoring.comparator": _("Comparator figures imported"),
    "monitoring.import": _("Monitoring records imported"),
    "monitoring.import_abandon": _("Monitoring import abandoned"),
    "monitoring.import_check": _("Monitoring file checked"),
    "operations.backup": _("Backup made"),
    "operations.restore": _("Backup restored"),
    "plan.action_add": _("Plan action added"),
    "plan.action_archive": _("Plan action archived"),
    "plan.action_restore": _("Plan action restored from the archive"),
    "plan.action_status": _("Plan action status changed"),
    "plan.action_update": _("Plan action changed"),
    "plan.evidence_add": _("Evidence added"),
    "plan.archive": _("Improvement plan archived"),
    "plan.finding_add": _("Finding added"),
    "plan.finding_archive": _("Finding archived"),
    "plan.finding_restore": _("Finding restored from the archive"),
    "plan.progress_add": _("Progress recorded"),
    "plan.recommendation_add": _("Recommendation added"),
    "plan.recommendation_update": _("Recommendation changed"),
    "plan.restore": _("Improvement plan restored from the archive"),
    "plan.reminder_sent": _("Reminder sent"),
    "plan.scrutiny_add": _("Scrutiny report added"),
    "round.archive": _("Audit round archived"),
    "round.restore": _("Audit round restored from the archive"),
    "round.sample": _("Sample drawn"),
    "round.close": _("Round closed"),
    "retention.apply": _("Retention rules applied"),
    "retention.erase": _("Case erased on request"),
    "retention.export": _("Case data exported on request"),
    "round.reopen": _("Round reopened"),
}

VERBS: dict[str, Promise] = {
    "accept": _("accepted"),
    "approve": _("approved"),
    "archive": _("archived"),
    "commit": _("imported"),
    "create": _("created"),
    "discard": _("discarded"),
    "import": _("imported"),
    "load": _("loaded"),
    "map": _("columns matched"),
    "reinstate": _("reinstated"),
    "reopen": _("reopened"),
    "restore": _("put back"),
    "revoke": _("revoked"),
    "grant": _("granted"),
    "submit": _("submitted"),
    "supersede": _("superseded"),
    "swap": _("case swapped"),
    "update": _("changed"),
    "upload": _("uploaded"),
}

FIELDS: dict[str, Promise] = {
    "answers_kept": _("Answers kept"),
    "monitoring_anonymised": _("Monitoring records anonymised"),
    "notes_cleared": _("Notes cleared"),
    "texts_rewritten": _("Plan, import and job entries rewritten"),
    "token": _("Anonymous token"),
    "trail_rewritten": _("Trail entries rewritten"),
    "archive_reason": _("Reason for archiving"),
    "archived_at": _("Archived"),
    "archived_by": _("Archived by"),
    "dob": _("Date of birth"),
    "restore_reason": _("Reason for restoring"),
    "rosh": _("Risk of serious harm"),
    "sha256": _("File checksum"),
    "url": _("Address"),
}

# Fields holding the id of a staff member or of a person: read as their names (the
# page looks the names up; the search finds rows by them).
STAFF_FIELDS = frozenset({"case_manager_id", "lead_staff_id", "line_manager_id", "staff_id"})
USER_FIELDS = frozenset(
    {"auditor_id", "second_marker_id", "user_id", "created_by_id", "author_id", "approved_by_id"}
)


def words(code: str) -> str:
    """`lead_staff_id` -> "Lead staff": a readable fallback for any code."""
    text = code.removesuffix("_id").replace("_", " ").replace(".", " ").strip()
    return text[:1].upper() + text[1:]


def action_label(action: str) -> str:
    if action in ACTIONS:
        return str(ACTIONS[action])
    thing, _dot, verb = action.partition(".")
    noun = str(THINGS[thing]) if thing in THINGS else words(thing)
    done = str(VERBS[verb]) if verb in VERBS else gettext(words(verb).lower())
    if not verb:
        return noun
    # Translators: the thing, then what was done to it ("Case changed"); Welsh puts a
    # colon between them ("Achos: newidiwyd").
    return gettext("%(thing)s %(done)s") % {"thing": noun, "done": done}


def thing_label(object_type: str) -> str:
    """An object type ("audits.caseaudit", "case") as words: a listed label, else the
    model's own name ("practice import"), else the code in words."""
    key = object_type.rpartition(".")[2]
    found = OBJECTS.get(key) or THINGS.get(key)
    if found is not None:
        return str(found)
    app_label, _dot, model_name = object_type.rpartition(".")
    try:
        model = apps.get_model(app_label, model_name) if app_label else None
    except LookupError:
        model = None
    if model is not None:
        name = str(model._meta.verbose_name)
        return name[:1].upper() + name[1:]
    return words(key)


def field_label(name: str) -> str:
    return str(FIELDS[name]) if name in FIELDS else words(name)
