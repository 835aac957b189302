"""Where e-mail goes: Django's e-mail backend (SMTP) or GOV.UK Notify, by settings.

`YJAUDIT_NOTIFICATIONS_SENDER`: "django" (default: `EMAIL_BACKEND`, SMTP in production)
or "notify" (GOV.UK Notify's official client, `notifications-python-client`, with
`YJAUDIT_NOTIFY_API_KEY` and the template ids in `YJAUDIT_NOTIFY_TEMPLATES`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives

from .models import Notification
from .rendering import Message, written_values

SENDERS = ("django", "notify")


def sender_name() -> str:
    name = str(settings.YJAUDIT_NOTIFICATIONS_SENDER)
    if name not in SENDERS:
        raise ImproperlyConfigured(f"YJAUDIT_NOTIFICATIONS_SENDER must be one of {SENDERS}.")
    return name


def send_django(notification: Notification, message: Message) -> str:
    mail = EmailMultiAlternatives(message.subject, message.text, None, [notification.email])
    mail.attach_alternative(message.html, "text/html")
    mail.send()
    return ""


def notify_template_id(kind: str, language: str) -> str:
    """The Notify template for `kind` in `language`; "default" serves every kind
    (a template whose subject is ((subject)) and body ((body)))."""
    templates = settings.YJAUDIT_NOTIFY_TEMPLATES or {}
    for name in (kind, "default"):
        ids = templates.get(name) or {}
        if ids.get(language) or ids.get("en"):
            return str(ids.get(language) or ids["en"])
    raise ImproperlyConfigured(f"YJAUDIT_NOTIFY_TEMPLATES has no template for {kind!r}.")


def send_notify(notification: Notification, message: Message) -> str:
    from notifications_python_client.notifications import NotificationsAPIClient

    key = settings.YJAUDIT_NOTIFY_API_KEY
    if not key:
        raise ImproperlyConfigured("YJAUDIT_NOTIFY_API_KEY is not set.")
    base_url = settings.YJAUDIT_NOTIFY_BASE_URL
    client = (
        NotificationsAPIClient(key, base_url=base_url) if base_url else NotificationsAPIClient(key)
    )
    personalisation = written_values(notification)
    personalisation.update(subject=message.subject, body=message.text)
    answer = client.send_email_notification(
        email_address=notification.email,
        template_id=notify_template_id(notification.kind, notification.language),
        personalisation=personalisation,
        reference=notification.key,
    )
    return str(answer.get("id", ""))


def deliver(notification: Notification, message: Message) -> tuple[str, str]:
    """Send one message; returns (sender name, the provider's reference)."""
    name = sender_name()
    if name == "notify":
        return name, send_notify(notification, message)
    return name, send_django(notification, message)
