"""The kinds of notification, and which of their values each template may use."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    AUDIT_ASSIGNED = "audit_assigned", _("Case audits assigned")
    AUDIT_RETURNED = "audit_returned", _("Case audit returned")
    AUDIT_SIGNED_OFF = "audit_signed_off", _("Case audit signed off")
    ACTION_DUE = "action_due", _("Action due soon")
    ACTION_OVERDUE = "action_overdue", _("Action overdue")
    PLAN_SUBMISSION_DUE = "plan_submission_due", _("Plan submission due")
    INVITATION = "invitation", _("Invitation")
    INVITATION_EXISTING = "invitation_existing", _("Invitation to a new role")


# The only values a notification may carry (anything else is refused by `notify`): a
# link, a count, a date, an action's number, role and service names. Never a case
# reference, a child's name or any text typed about a case.
ALLOWED_VALUES: dict[str, frozenset[str]] = {
    Kind.AUDIT_ASSIGNED: frozenset({"link", "count", "service"}),
    Kind.AUDIT_RETURNED: frozenset({"link", "service"}),
    Kind.AUDIT_SIGNED_OFF: frozenset({"link", "service"}),
    Kind.ACTION_DUE: frozenset({"link", "action", "due"}),
    Kind.ACTION_OVERDUE: frozenset({"link", "action", "due"}),
    Kind.PLAN_SUBMISSION_DUE: frozenset({"link", "due", "service"}),
    Kind.INVITATION: frozenset({"link", "service", "role", "days"}),
    Kind.INVITATION_EXISTING: frozenset({"link", "service", "role", "days"}),
}

# Values that are credentials (an invitation link): removed from the outbox once sent.
SECRET_VALUES: dict[str, frozenset[str]] = {
    Kind.INVITATION: frozenset({"link"}),
    Kind.INVITATION_EXISTING: frozenset({"link"}),
}

LANGUAGES = ("en", "cy")
