"""Erasure's second half: every other place that may still hold an erased case's
reference has it replaced by the erasure's anonymous token.

Those places are the audit trail (descriptions and before/after snapshots), the text
people typed into improvement plans, the rows kept from imports, and background jobs'
parameters and results. A reference is matched as a whole token, in any case, so
"YJ-12" is not found inside "YJ-123". Nothing else in the text changes, and no row
gets a trail row of its own; the erasure's row gives the counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from yjaudit.audittrail.models import AuditEvent
from yjaudit.audittrail.services import rewrite_erased
from yjaudit.cases.models import CaseImport
from yjaudit.improvement.models import (
    Action,
    Approval,
    Finding,
    ImprovementPlan,
    ProgressUpdate,
    Recommendation,
    ScrutinyReport,
)
from yjaudit.jobs.models import Job
from yjaudit.monitoring.models import MonitoringImport
from yjaudit.practice.models import PracticeImport

# A reference ends where a word would: letters, digits, "_" and "-" continue it.
_EDGE = r"[\w-]"


@dataclass(frozen=True)
class Place:
    """A model that may hold references: how to scope it to a service, and which of its
    fields hold text or JSON."""

    model: type[models.Model]
    service_path: str
    text_fields: tuple[str, ...] = ()
    json_fields: tuple[str, ...] = ()


_PLAN = "plan__service_id"
PLACES: tuple[Place, ...] = (
    Place(ImprovementPlan, "service_id", ("title", "context")),
    Place(Finding, _PLAN, ("text",)),
    Place(Recommendation, _PLAN, ("text",)),
    Place(
        Action,
        _PLAN,
        ("description", "expected_outcome", "success_measure", "learning_objectives"),
    ),
    Place(ProgressUpdate, "action__plan__service_id", ("note",)),
    Place(ScrutinyReport, _PLAN, ("note",)),
    Place(Approval, _PLAN, json_fields=("snapshot",)),
    Place(CaseImport, "service_id", json_fields=("headers", "kept_rows")),
    Place(MonitoringImport, "service_id", json_fields=("headers", "kept_rows", "pending")),
    Place(
        PracticeImport,
        "service_id",
        json_fields=("headers", "kept_rows", "preview", "pending"),
    ),
    Place(Job, "service_id", ("title", "message", "error"), ("parameters", "result")),
)


@dataclass
class Replacer:
    """Replaces one reference by one token, wherever it stands as a whole token."""

    reference: str
    token: str

    def __post_init__(self) -> None:
        self._pattern = re.compile(
            rf"(?<!{_EDGE}){re.escape(self.reference)}(?!{_EDGE})", re.IGNORECASE
        )

    def text(self, value: str) -> str:
        return self._pattern.sub(self.token, value)

    def value(self, value: Any) -> Any:
        """A JSON value with the reference replaced in every string, keys included."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {self.text(str(k)): self.value(v) for k, v in value.items()}
        return value


def _mentioning(
    qs: models.QuerySet[Any], reference: str, text_fields: Iterable[str], json_fields: Iterable[str]
) -> models.QuerySet[Any]:
    """Rows where some field holds the reference somewhere (a cheap first pass in the
    database; the whole-token match is made in Python)."""
    found = Q()
    annotations = {}
    for name in text_fields:
        found |= Q(**{f"{name}__icontains": reference})
    for name in json_fields:
        alias = f"_{name}_text"
        annotations[alias] = Cast(name, TextField())
        found |= Q(**{f"{alias}__icontains": reference})
    return qs.annotate(**annotations).filter(found) if annotations else qs.filter(found)


def scrub_trail(service_id: int, replace: Replacer) -> int:
    """Trail rows of the service (and rows of no service) naming the reference."""
    rows = AuditEvent.objects.filter(Q(service_id=service_id) | Q(service_id__isnull=True))
    changed = 0
    for event in _mentioning(rows, replace.reference, ["object_repr"], ["before", "after"]):
        new = (replace.text(event.object_repr), replace.value(event.before))
        after = replace.value(event.after)
        if new == (event.object_repr, event.before) and after == event.after:
            continue
        rewrite_erased(event, object_repr=new[0], before=new[1], after=after)
        changed += 1
    return changed


def scrub_places(service_id: int, replace: Replacer) -> int:
    """Plans' text, kept import rows and jobs of the service naming the reference."""
    changed = 0
    for place in PLACES:
        qs = place.model._default_manager.filter(**{place.service_path: service_id})
        for obj in _mentioning(qs, replace.reference, place.text_fields, place.json_fields):
            updates: dict[str, Any] = {}
            for name in place.text_fields:
                new = replace.text(getattr(obj, name))
                if new != getattr(obj, name):
                    updates[name] = new
            for name in place.json_fields:
                new_value = replace.value(getattr(obj, name))
                if new_value != getattr(obj, name):
                    updates[name] = new_value
            if updates:
                # A queryset update: no "changed at" moves and no save hook runs, since
                # nothing but the reference changes.
                place.model._default_manager.filter(pk=obj.pk).update(**updates)
                changed += 1
    return changed
