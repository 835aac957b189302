"""Reads of the register. Callers pass the services a user may see (from
``organisations.permissions``); nothing here decides access itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Q, QuerySet

from yjaudit.jobs.models import Job, JobStatus
from yjaudit.organisations.models import Service

from .codes import normalise
from .importing.rows import AttributeSpec, Lookups, Person
from .importing.template import ServiceFacts
from .models import AttributeDefinition, Case, CaseImport, CaseKind, ImportMapping

FILTERS = (
    "kind",
    "service",
    "team",
    "case_manager",
    "disposal_type",
    "disposal_category",
    "setting",
    "rosh",
    "safety_wellbeing",
    "sex",
    "ethnicity",
)


def case_list(
    *,
    services: Iterable[Service] | QuerySet[Service] | None = None,
    base: QuerySet[Case] | None = None,
    q: str = "",
    filters: dict[str, str] | None = None,
    open_on: dt.date | None = None,
    order_by: Sequence[str] = (),
) -> QuerySet[Case]:
    """Search and filter cases, in ``order_by`` (else by reference). ``base`` is an
    already scoped queryset (views pass ``permissions.scope(...)``); ``services``
    limits to those services."""
    qs = base if base is not None else Case.objects.all()
    if services is not None:
        qs = qs.filter(service__in=services)
    qs = qs.select_related("service", "team", "case_manager")
    if q:
        qs = qs.filter(Q(reference__icontains=q.strip()))
    for key, value in (filters or {}).items():
        if key in FILTERS and value:
            qs = qs.filter(
                **{f"{key}_id" if key in {"service", "team", "case_manager"} else key: value}
            )
    if open_on:
        qs = qs.filter(start_date__lte=open_on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=open_on)
        )
    return qs.order_by(*(order_by or ("reference", "service__code")))


def case_get(*, services: Iterable[Service] | QuerySet[Service], pk: int) -> Case | None:
    return case_list(services=services).filter(pk=pk).first()


def caseload(
    *, service: Service, start: dt.date, end: dt.date, kind: str = CaseKind.CHILDREN
) -> QuerySet[Case]:
    """Cases of one register (children's or victims') open at any time in the period:
    started by its end, not ended before it."""
    return (
        Case.objects.filter(service=service, kind=kind, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .order_by("reference")
    )


def attribute_specs(service: Service) -> list[AttributeSpec]:
    return [
        AttributeSpec(d.key, d.label, d.type, tuple(str(c) for c in d.choices), d.required)
        for d in AttributeDefinition.objects.filter(service=service)
    ]


def import_lookups(service: Service) -> Lookups:
    teams = {normalise(t.name): t.pk for t in service.teams.all()}
    staff = {normalise(s.name): Person(s.pk, s.team_id) for s in service.staff.filter(active=True)}
    return Lookups(teams=teams, staff=staff, attributes=attribute_specs(service))


def remembered_mapping(service: Service) -> dict[str, str]:
    found = ImportMapping.objects.filter(service=service).first()
    return dict(found.mapping) if found else {}


def case_import_get(
    *, services: Iterable[Service] | QuerySet[Service], pk: int
) -> CaseImport | None:
    return CaseImport.objects.filter(service__in=services, pk=pk).select_related("service").first()


def export_attributes(cases: QuerySet[Case]) -> list[tuple[str, str]]:
    """(key, label) of the further attributes the exported cases' services define, one
    column per key (the first label met names it)."""
    found: dict[str, str] = {}
    for key, label in (
        AttributeDefinition.objects.filter(service__in=cases.values("service"))
        .order_by("key", "service_id")
        .values_list("key", "label")
    ):
        found.setdefault(key, label)
    return list(found.items())


def template_facts(service: Service) -> ServiceFacts:
    """What the import template's example row and column list name from the service:
    its teams, active staff, further attributes and one children's case reference."""
    child = (
        Case.objects.filter(service=service, kind=CaseKind.CHILDREN)
        .order_by("reference")
        .values_list("reference", flat=True)
        .first()
    )
    return ServiceFacts(
        teams=list(service.teams.order_by("name").values_list("name", flat=True)),
        staff=[
            (s.name, s.team.name if s.team else None)
            for s in service.staff.filter(active=True).select_related("team").order_by("name")
        ],
        attributes=attribute_specs(service),
        child_case=child,
    )


def import_check(kind: str, case_import: CaseImport, mapping_key: str) -> Job | None:
    """The latest background check (job `kind`) of this upload with these column matches
    that is waiting, running or done with its result still kept; None: check it again."""
    return (
        Job.objects.filter(
            kind=kind,
            parameters__import=case_import.pk,
            parameters__mapping=mapping_key,
            file_removed_at__isnull=True,
        )
        .exclude(status=JobStatus.FAILED)
        .order_by("-created_at", "-pk")
        .first()
    )
