"""What a check lists of an upload: the first new cases and the first changes, in words.

The same lists on the check page of a small file (worked out in the request) and on the
job page of a large one (kept in the job's result until the upload is imported or
discarded, when `forget` removes them: references stay no longer than the kept rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext

from yjaudit.cases.models import Case

from .rows import RowOutcome

LISTED = 200  # rows of each list shown; the rest are counted


def _case_field(name: str) -> Any:
    """The register's field of that name; None for a service's own attribute."""
    return next((f for f in Case._meta.concrete_fields if f.name == name), None)


def field_words(name: str) -> str:
    found = _case_field(name)
    return str(found.verbose_name).capitalize() if found is not None else name


def value_words(name: str, value: Any) -> Any:
    """A coded value in words ("dto" -> "Detention and training order"); yes or no;
    dates as dd/mm/yyyy; anything else as it is."""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    found = _case_field(name)
    if found is None or not isinstance(value, str):
        return value
    return str(dict(found.flatchoices).get(value, value))


def new_cases(creates: Iterable[RowOutcome]) -> list[dict[str, Any]]:
    """The first new cases: row, reference, disposal and start date, JSON-ready."""
    listed: list[dict[str, Any]] = []
    for row in creates:
        if len(listed) == LISTED:
            break
        listed.append(
            {
                "row": row.row,
                "reference": row.reference,
                "disposal": value_words("disposal_type", row.values.get("disposal_type")) or "",
                "start": value_words("start_date", row.values.get("start_date")) or "",
            }
        )
    return listed


def changed_cases(updates: Iterable[Any]) -> list[dict[str, Any]]:
    """The first changed cases: row, reference and each change as (field, before, after)
    in words, JSON-ready. `updates` are the plan's `PlannedUpdate`s."""
    listed: list[dict[str, Any]] = []
    for upd in updates:
        if len(listed) == LISTED:
            break
        listed.append(
            {
                "row": upd.outcome.row,
                "reference": upd.outcome.reference,
                "changes": [
                    [field_words(f), _text(value_words(f, a)), _text(value_words(f, b))]
                    for f, (a, b) in upd.changes.items()
                ],
            }
        )
    return listed


def _text(value: Any) -> str:
    return "" if value is None else str(value)
