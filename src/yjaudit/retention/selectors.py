"""Reads of the retention app: a case by its reference, erasures of a service."""

from __future__ import annotations

from django.db.models import QuerySet

from yjaudit.cases.models import Case
from yjaudit.organisations.models import Service

from .models import Erasure


def case_by_reference(service: Service, reference: str) -> Case | None:
    """The service's case with this reference (case-insensitive), or None."""
    text = (reference or "").strip()[:64]
    if not text:
        return None
    return Case.objects.filter(service=service, reference__iexact=text).first()


def erasures(service: Service) -> QuerySet[Erasure]:
    return Erasure.objects.filter(service=service).select_related("erased_by")
