"""What the first-day journeys check on every page: words, not codes.

The code lists are read from where the codes live (the register's code lists, every model
field's choices, the frameworks' answer values, the audit trail's action and field
names), so a new code is checked without editing this file. A code is caught when an
element's whole text is the code ("female" in a table cell, "yes" as an answer), or when
a dotted or underscored code ("role.grant", "lead_staff_id") appears anywhere.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Elements whose whole text is one value a person reads.
LEAVES = "td, th, dd, dt, li, label, legend, strong.govuk-tag, .govuk-tag, h1, h2, h3, button, a"


@cache
def word_codes() -> frozenset[str]:
    """Codes that are also words ("yes", "female", "community"): caught as whole text."""
    from django.apps import apps

    from yjaudit.cases.codes import codes
    from yjaudit.frameworks.models import FrameworkEdition

    found: set[str] = set()
    register = codes()
    for name in type(register).model_fields:
        for c in getattr(register, name).codes:
            if c.code != c.label:
                found.add(c.code)
    for model in apps.get_models():
        if not model.__module__.startswith("yjaudit."):
            continue
        for f in model._meta.get_fields():
            for value, label in getattr(f, "choices", None) or ():
                if isinstance(value, str) and value and value != str(label):
                    found.add(value)
    for edition in FrameworkEdition.objects.all():
        for answer_type in edition.spec().answer_types:
            for option in answer_type.values:
                if option.value != option.label:
                    found.add(option.value)
    return frozenset(found)


@cache
def dotted_codes() -> frozenset[str]:
    """Codes no sentence contains: trail actions ("role.grant") and field names."""
    from django.apps import apps

    from yjaudit.audittrail.labels import ACTIONS

    found = {a for a in ACTIONS if "." in a}
    for model in apps.get_models():
        if model.__module__.startswith("yjaudit."):
            found |= {f.attname for f in model._meta.concrete_fields if "_" in f.attname}
    return frozenset(found)


def codes_shown(page: Any) -> list[str]:
    """Codes a person would read on the page, each with the element that shows it."""
    texts: list[str] = (
        page.locator("main")
        .locator(LEAVES)
        .evaluate_all(
            "els => els.filter(e => e.offsetParent !== null).map(e => e.innerText.trim())"
        )
    )
    words = word_codes()
    shown = [f"{t!r} shown as a whole value" for t in texts if t in words]
    body = page.locator("main").inner_text()
    for code in dotted_codes():
        if re.search(rf"(?<![\w./-]){re.escape(code)}(?![\w/-])", body):
            shown.append(f"{code!r} in the text")
    return shown
