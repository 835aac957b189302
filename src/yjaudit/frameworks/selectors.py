"""Reads of framework editions."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, QuerySet
from django.shortcuts import get_object_or_404

from .models import FrameworkEdition


def current_editions() -> QuerySet[FrameworkEdition]:
    return FrameworkEdition.objects.filter(is_current=True).order_by("name", "edition")


def editions_for_choosing(today: dt.date | None = None) -> list[FrameworkEdition]:
    """The list people choose from: editions in use today first, newest first; then the
    ones no longer in use, most recently retired first; the name settles ties."""
    today = today or dt.date.today()
    editions = list(current_editions().order_by(F("effective_from").desc(nulls_last=True), "name"))

    def in_use(e: FrameworkEdition) -> bool:
        return e.effective_to is None or e.effective_to >= today

    return [e for e in editions if in_use(e)] + sorted(
        (e for e in editions if not in_use(e)),
        key=lambda e: e.effective_to or dt.date.min,
        reverse=True,
    )


def version_counts() -> dict[str, int]:
    rows = FrameworkEdition.objects.values("framework_id").annotate(n=Count("id"))
    return {r["framework_id"]: r["n"] for r in rows}


def editions_of(framework_id: str) -> QuerySet[FrameworkEdition]:
    """Every loaded version of one framework id, newest first."""
    return FrameworkEdition.objects.filter(framework_id=framework_id).order_by("-version")


def get_current_edition(framework_id: str) -> FrameworkEdition:
    """The current edition, or Http404."""
    return get_object_or_404(FrameworkEdition, framework_id=framework_id, is_current=True)


def get_edition(framework_id: str, version: int) -> FrameworkEdition:
    """One version of a framework, or Http404."""
    return get_object_or_404(FrameworkEdition, framework_id=framework_id, version=version)
