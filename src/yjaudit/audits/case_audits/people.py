"""People as pages name them: a full name or a staff record's name, never an e-mail."""

from __future__ import annotations

from typing import Any

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
    if staff:
        return str(staff)
    login = str(user.get_username())
    return login.split("@", 1)[0] if "@" in login else login
