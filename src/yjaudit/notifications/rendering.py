"""Turn an outbox row into the e-mail: subject, plain text and HTML, in its language.

Templates: `notifications/email/<language>/<kind>.subject.txt`, `.txt` and `.html`
(one set per language, English and Welsh, so the words are written, not machine-made).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from yjaudit.organisations.models import Role

from .kinds import LANGUAGES
from .models import Notification


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def _context(values: dict[str, Any]) -> dict[str, Any]:
    """Dates and role names are stored as codes and written in the e-mail's language."""
    out = dict(values)
    if isinstance(out.get("due"), str):
        out["due"] = dt.date.fromisoformat(out["due"])
    if out.get("role") in Role.values:
        out["role"] = str(Role(out["role"]).label)
    return out


def _activate(language: str) -> Any:
    return translation.override("cy" if language == "cy" else "en-gb")


def written_values(notification: Notification) -> dict[str, str]:
    """The values as the e-mail writes them (dates and roles in its language), for a
    sender whose templates live elsewhere (GOV.UK Notify's ((placeholders)))."""
    with _activate(notification.language):
        return {
            k: date_format(v, "j F Y") if isinstance(v, dt.date) else str(v)
            for k, v in _context(notification.values).items()
        }


def render(notification: Notification) -> Message:
    language = notification.language if notification.language in LANGUAGES else "en"
    base = f"notifications/email/{language}/{notification.kind}"
    with _activate(language):
        context = _context(notification.values)
        subject = render_to_string(f"{base}.subject.txt", context)
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    return Message(subject=" ".join(subject.split())[:250], text=text.strip() + "\n", html=html)
