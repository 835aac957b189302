"""Free-text search of the audit trail, by what a person reads on the page.

A row matches when every word of the search is found in something the reader sees for
it: the action in words (or its code), the kind of thing changed, who did it, the
service, and, only where the reader may see the service's cases, the thing's
description (e.g. a case reference) and the changes (field names and values, names for
the ids of staff, teams and people). A search never widens the trail: it only filters
rows already scoped by `selectors.events_for`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from django.db.models import Q, QuerySet

from .labels import FIELDS, STAFF_FIELDS, USER_FIELDS, action_label, thing_label
from .models import AuditEvent

MAX_LENGTH = 64  # longer searches are refused by the form and ignored here
MAX_WORDS = 8  # each word is one more set of conditions: keep the query bounded

_VALUE_COLUMNS = ("before", "after")
# Which stored keys hold the ids of each kind of name (see `IdsNamed`).
_ID_KEYS = {"staff": sorted(STAFF_FIELDS), "team": ["team_id"], "user": sorted(USER_FIELDS)}

# word -> {"staff": [ids], "team": [ids], "user": [ids]} of the names containing it.
IdsNamed = Callable[[str], dict[str, list[int]]]


def words_of(text: str) -> list[str]:
    """The distinct words of a search, in order; none for an overlong one."""
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        return []
    seen: list[str] = []
    for word in text.split():
        if word.casefold() not in (w.casefold() for w in seen):
            seen.append(word)
    return seen[:MAX_WORDS]


def _json_forms(word: str) -> list[str]:
    """The word as it may sit in stored JSON text (non-ASCII letters may be escaped)."""
    escaped = json.dumps(word)[1:-1]
    return [word] if escaped == word else [word, escaped]


def _value_condition(word: str, ids: dict[str, list[int]]) -> Q:
    """The word in the description or the changes (the values a reader may be denied)."""
    folded = word.casefold()
    condition = Q(object_repr__icontains=word)
    for column in _VALUE_COLUMNS:
        for form in _json_forms(word):
            condition |= Q(**{f"{column}__icontains": form})
        # Field names shown in other words ("Date of birth" for `dob`).
        for key, label in FIELDS.items():
            if folded in str(label).casefold():
                condition |= Q(**{f"{column}__has_key": key})
    for kind, found in ids.items():
        if not found or kind not in _ID_KEYS:
            continue
        for column in _VALUE_COLUMNS:
            for key in _ID_KEYS[kind]:
                condition |= Q(**{f"{column}__{key}__in": found})
    return condition


def _codes_matching(word: str, codes: Iterable[str], label: Callable[[str], str]) -> list[str]:
    folded = word.casefold()
    return sorted(c for c in codes if folded in label(c).casefold())


def matching(
    events: QuerySet[AuditEvent],
    text: str,
    *,
    value_services: frozenset[int],
    ids_named: IdsNamed,
) -> QuerySet[AuditEvent]:
    """`events` (already scoped) narrowed to those matching every word of `text`."""
    words = words_of(text)
    if not words:
        return events
    # Labels are words in the reader's language, so they are matched here, against the
    # codes these events hold (few), and the codes then filtered in the database.
    held = events.order_by()
    actions = list(held.values_list("action", flat=True).distinct())
    kinds = list(held.values_list("object_type", flat=True).distinct())
    # Values only where the reader may see them: a search must not reveal, by what it
    # finds, a case reference the page would hide.
    may_read_values = Q(service__isnull=True) | Q(service_id__in=sorted(value_services))
    for word in words:
        seen = (
            Q(action__in=_codes_matching(word, actions, action_label))
            | Q(action__icontains=word)
            | Q(object_type__in=_codes_matching(word, kinds, thing_label))
            | Q(actor_label__icontains=word)
            | Q(actor__first_name__icontains=word)
            | Q(actor__last_name__icontains=word)
            | Q(service__name__icontains=word)
        )
        values = _value_condition(word, ids_named(word))
        events = events.filter(seen | (may_read_values & values))
    return events
