"""What an archived plan or action refuses: every change until it is restored.

An archived plan is read-only: no findings, recommendations, actions, progress, evidence,
approvals, scrutiny reports or submission, and its findings and actions are neither
archived nor restored. An archived action (and a sub-action of one) takes no progress and
no edits. Restoring makes them writable again.

Services call `refuse_plan` / `refuse_action` inside their transaction: each reads the
archive stamps fresh in one query (the caller's object may be older than the archive).
Pages call `reason` on the objects they already loaded, to offer no button that would
only be refused.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from yjaudit.errors import DomainError

from .models import Action, ImprovementPlan


class PlanArchived(DomainError):
    """A change to an archived plan or action; the message is for the user."""


def plan_message() -> str:
    return _("This plan is archived. Restore it to change it.")


def action_message(label: str) -> str:
    return _("Action %(n)s is archived. Restore it to change it.") % {"n": label}


def parent_message(number: Any) -> str:
    return _(
        "Action %(n)s, which this sub-action belongs to, is archived. "
        "Restore action %(n)s to change this one."
    ) % {"n": number}


def reason(plan: ImprovementPlan, action: Action | None = None) -> str:
    """Why this plan (or action) is read-only, from the loaded objects; "" when writable."""
    if plan.archived_at is not None:
        return plan_message()
    if action is None:
        return ""
    if action.archived_at is not None:
        return action_message(action.label)
    parent = action.parent if action.parent_id is not None else None
    if parent is not None and parent.archived_at is not None:
        return parent_message(parent.number)
    return ""


def refuse_plan(plan_id: Any) -> None:
    if ImprovementPlan.objects.filter(pk=plan_id, archived_at__isnull=False).exists():
        raise PlanArchived(plan_message())


def refuse_action(action: Action) -> None:
    """Refuse a change to the action: its plan, itself or its action archived."""
    row = (
        Action.objects.filter(pk=action.pk)
        .values_list("plan__archived_at", "archived_at", "parent__archived_at", "parent__number")
        .first()
    )
    if row is None:  # not saved yet: only its plan can refuse it
        refuse_plan(action.plan_id)
        return
    plan_at, own_at, parent_at, parent_number = row
    if plan_at is not None:
        raise PlanArchived(plan_message())
    if own_at is not None:
        raise PlanArchived(action_message(action.label))
    if parent_at is not None:
        raise PlanArchived(parent_message(parent_number))
