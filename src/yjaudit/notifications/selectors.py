"""Notification reads: a person's e-mail language, who holds a role, the outbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from yjaudit.organisations.models import RoleGrant

from .models import LanguagePreference, Notification, Status


def language_of(user: Any) -> str:
    """'cy' or 'en': the person's choice, English if they made none (or no person)."""
    if user is None or getattr(user, "pk", None) is None:
        return "en"
    chosen = (
        LanguagePreference.objects.filter(user_id=user.pk)
        .values_list("language", flat=True)
        .first()
    )
    return chosen or "en"


def users_with_role(service_id: int, role: str) -> QuerySet[Any]:
    """Active people holding `role` in the service, with an e-mail address."""
    ids = RoleGrant.objects.filter(service_id=service_id, role=role).values("user_id")
    return (
        get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk")
    )


def user_by_email(email: str) -> Any:
    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()


def waiting() -> QuerySet[Notification]:
    return Notification.objects.filter(status=Status.PENDING)


def invitation_not_sent(invitation_id: int) -> str:
    """Why an invitation's e-mail has not gone yet (the error's type), or "" if it went."""
    row = (
        Notification.objects.filter(key=f"invitation:{invitation_id}")
        .exclude(status=Status.SENT)
        .first()
    )
    return (row.last_error or "waiting") if row is not None else ""


def chosen_language(user: Any) -> str | None:
    """'cy' or 'en' if the person has chosen, else None (so the browser's choice stands)."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    return (
        LanguagePreference.objects.filter(user_id=user.pk)
        .values_list("language", flat=True)
        .first()
    )


def page_language(language: str) -> str:
    """The site's language code for a stored choice ('en' is served as 'en-gb')."""
    return "cy" if language == "cy" else settings.LANGUAGE_CODE


def stored_language(code: str) -> str:
    """The stored choice ('en' or 'cy') for a site language code."""
    return "cy" if code.startswith("cy") else "en"
