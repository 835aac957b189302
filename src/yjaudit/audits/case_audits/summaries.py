"""What a workflow step acts on, for its confirmation page (sign-off, return): the
case, who audited it, how far it is answered and moderated, the feedback."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits.people import person_name
from yjaudit.audits.models import CaseAudit


def workflow_summary(audit: CaseAudit) -> list[tuple[str, str]]:
    """(label, value) rows for a GOV.UK summary list."""
    layout = audit_selectors.audit_layout(audit)
    answered = sum(s.answered for s in layout)
    applicable = sum(s.applicable for s in layout)
    rows = [
        (_("Case"), audit.case.reference),
        (_("Round"), audit.round.name),
        (_("Status"), str(audit.get_status_display())),
        (_("Auditor"), person_name(audit.auditor) or "-"),
        (
            _("Submitted"),
            date_format(localtime(audit.submitted_at), "j F Y H:i") if audit.submitted_at else "-",
        ),
        (
            _("Questions answered"),
            _("%(a)d of %(b)d applicable") % {"a": answered, "b": applicable},
        ),
    ]
    if audit.moderation_selected:
        diffs = audit_selectors.differences(audit) if audit.second_marking_done else []
        resolved = sum(1 for d in diffs if d.resolved_value is not None)
        moderation = (
            _("Second-marked: %(r)d of %(n)d differences resolved")
            % {"r": resolved, "n": len(diffs)}
            if audit.second_marking_done
            else _("Chosen for second marking, not finished")
        )
    else:
        moderation = _("Not second-marked")
    rows.append((_("Moderation"), moderation))
    present = {True: _("Yes"), False: _("No"), None: _("Not recorded")}
    rows.append((_("Case manager present"), present[audit.case_manager_present]))
    rows.append((_("Feedback for the case manager"), audit.summary or "-"))
    return rows
