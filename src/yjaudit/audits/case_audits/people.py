"""People as pages name them: a full name or a staff record's name, never an e-mail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from yjaudit.audittrail.actors import person_label
from yjaudit.organisations.models import StaffMember


def person_name(user: Any) -> str:
    """A person's name for a page: their full name, else their staff record's name,
    else their login without any e-mail domain ("" for nobody)."""
    if user is None:
        return ""
    full = (user.get_full_name() or "").strip()
    if full:
        return str(full)
    staff = StaffMember.objects.filter(user=user).values_list("name", flat=True).first()
    return str(staff) if staff else person_label(user)


def person_names(users: Iterable[Any]) -> dict[int, str]:
    """``person_name`` for many people at once: {user id: name}, one query for the staff
    records of those without a full name (a list page never asks person by person)."""
    people = {u.pk: u for u in users if u is not None}
    unnamed = [pk for pk, u in people.items() if not (u.get_full_name() or "").strip()]
    staff: dict[int, str] = {}
    if unnamed:
        # The same record ``person_name`` takes: the first in StaffMember's own order.
        for user_id, name in StaffMember.objects.filter(user_id__in=unnamed).values_list(
            "user_id", "name"
        ):
            staff.setdefault(user_id, name)
    names: dict[int, str] = {}
    for pk, user in people.items():
        full = (user.get_full_name() or "").strip()
        names[pk] = full or staff.get(pk) or person_label(user)
    return names
