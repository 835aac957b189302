"""Notification writes: queue one (idempotent), send what is waiting, set a language.

Every function records an audit-trail row: `notification.queue`, `notification.send`,
`notification.fail`, `notification.language` (never the e-mail's content or a link).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yjaudit.audittrail.actors import Actor
from yjaudit.audittrail.services import record
from yjaudit.config.limits import limit
from yjaudit.errors import DomainError

from .kinds import ALLOWED_VALUES, LANGUAGES, SECRET_VALUES, Kind
from .models import LanguagePreference, Notification, Status
from .rendering import render
from .selectors import language_of
from .senders import deliver


class NotificationError(DomainError):
    """A notification that may not be written (unknown kind, a value not allowed)."""


def _check(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    if kind not in Kind.values:
        raise NotificationError(f"Unknown notification kind {kind!r}.")
    extra = set(values) - ALLOWED_VALUES[kind]
    if extra:
        # The guard that keeps a child's data out of e-mail: only listed values pass.
        raise NotificationError(f"A {kind} notification carries no {sorted(extra)}.")
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise NotificationError(f"{name}: a notification value is text or a number.")
        if isinstance(value, str) and len(value) > limit("notification_value_chars"):
            raise NotificationError(f"{name}: longer than the limit.")
        clean[name] = value
    return clean


def _queued() -> bool:
    """True when a task queue calls `send_pending` on a schedule; else `notify` sends
    at once, in the caller's process."""
    return bool(settings.YJAUDIT_NOTIFICATIONS_QUEUED)


def notify(
    *,
    actor: Actor,
    key: str,
    kind: str,
    email: str,
    values: dict[str, Any],
    recipient: Any = None,
    language: str | None = None,
    service: Any = None,
) -> Notification | None:
    """Put one e-mail in the outbox, once per `key`; None if that key was queued before.

    `language`: the recipient's (their saved preference if `recipient` is given and no
    language is). With no queue configured, it is sent before this returns; a failure
    to send is kept on the row (retried by `send_pending`), never raised to the caller.
    """
    clean = _check(kind, values)
    if len(key) > Notification._meta.get_field("key").max_length:  # type: ignore[operator]
        raise NotificationError("The notification key is too long.")
    if language is None:
        language = language_of(recipient)
    if language not in LANGUAGES:
        language = "en"
    if Notification.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                key=key,
                kind=kind,
                recipient=recipient,
                email=email.strip(),
                language=language,
                values=clean,
            )
            record(
                actor=actor,
                action="notification.queue",
                target=notification,
                after={"kind": kind, "key": key, "recipient_id": getattr(recipient, "pk", None)},
                service=service,
            )
    except IntegrityError:
        return None  # queued a moment ago by another process
    if not _queued():
        send_pending(ids=[notification.pk])
        notification.refresh_from_db()
    return notification


@dataclass
class SendSummary:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"sent {self.sent}, to retry {self.retrying}, failed {self.failed}"


def _retry_delay(attempts: int) -> dt.timedelta:
    base = int(settings.YJAUDIT_NOTIFICATIONS_RETRY_SECONDS)
    return dt.timedelta(seconds=base * 2 ** max(0, attempts - 1))


def _send_one(pk: int, summary: SendSummary) -> None:
    with transaction.atomic():
        # Locked while it is sent: two senders never send the same row (PostgreSQL;
        # SQLite's IMMEDIATE transactions take the write lock first).
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Status.PENDING)
            .first()
        )
        if notification is None:
            return
        notification.attempts += 1
        try:
            message = render(notification)
            sender, reference = deliver(notification, message)
        except Exception as exc:  # any sender failure is kept on the row, then retried
            notification.last_error = type(exc).__name__[:200]
            if notification.attempts >= int(settings.YJAUDIT_NOTIFICATIONS_MAX_ATTEMPTS):
                notification.status = Status.FAILED
                summary.failed += 1
            else:
                notification.next_attempt_at = timezone.now() + _retry_delay(notification.attempts)
                summary.retrying += 1
            notification.save()
            record(
                actor=None,
                action="notification.fail",
                target=notification,
                after={
                    "attempts": notification.attempts,
                    "status": notification.status,
                    "error": notification.last_error,
                },
            )
            return
        notification.status = Status.SENT
        notification.sent_at = timezone.now()
        notification.sender = sender
        notification.provider_reference = reference[:100]
        notification.last_error = ""
        secrets = SECRET_VALUES.get(notification.kind, frozenset())
        notification.values = {k: v for k, v in notification.values.items() if k not in secrets}
        notification.save()
        record(
            actor=None,
            action="notification.send",
            target=notification,
            after={"attempts": notification.attempts, "sender": sender},
        )
        summary.sent += 1


def send_pending(*, limit_to: int | None = None, ids: list[int] | None = None) -> SendSummary:
    """Send every waiting notification whose time has come (oldest first).

    Safe to run from several workers at once and as often as wanted: a row is sent once
    (it is `sent` in the same transaction that sent it). A failure is retried later
    (`YJAUDIT_NOTIFICATIONS_RETRY_SECONDS`, doubling) and given up after
    `YJAUDIT_NOTIFICATIONS_MAX_ATTEMPTS`. The task queue calls this on a schedule; the
    CLI is `yjaudit notifications send`.
    """
    due = Notification.objects.filter(status=Status.PENDING, next_attempt_at__lte=timezone.now())
    if ids is not None:
        due = due.filter(pk__in=ids)
    pks = list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True))
    if limit_to is not None:
        pks = pks[:limit_to]
    summary = SendSummary()
    for pk in pks:
        _send_one(pk, summary)
    return summary


@transaction.atomic
def language_set(*, actor: Actor, user: Any, language: str) -> None:
    """The language `user`'s e-mails are written in."""
    if language not in LANGUAGES:
        raise NotificationError(_("Choose English or Welsh."))
    before = language_of(user)
    LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})
    record(
        actor=actor,
        action="notification.language",
        target=user,
        before={"language": before},
        after={"language": language},
        service=None,
    )
