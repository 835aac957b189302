"""Reads for rounds and samples. Callers pass the services the user may see."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from yjaudit.cases import selectors as case_selectors
from yjaudit.cases.codes import codes
from yjaudit.cases.models import Case
from yjaudit.organisations.models import Service
from yjaudit.sampling import SampleRule, load_rules

from .models import AuditRound, SampledCase, SampleStatus

# Attributes shown side by side (sample vs caseload), with their code lists.
COMPARED = (
    ("disposal_category", "disposal_categories"),
    ("setting", "settings"),
    ("sex", "sexes"),
    ("ethnicity", "ethnicities"),
    ("rosh", "levels"),
    ("safety_wellbeing", "levels"),
)


def sample_rules() -> dict[str, SampleRule]:
    return load_rules()


def round_list(*, services: Iterable[Service] | QuerySet[Service]) -> QuerySet[AuditRound]:
    return AuditRound.objects.filter(service__in=services).select_related(
        "service", "framework_edition"
    )


def round_get(*, services: Iterable[Service] | QuerySet[Service], pk: int) -> AuditRound | None:
    return round_list(services=services).filter(pk=pk).first()


def round_caseload(audit_round: AuditRound) -> QuerySet[Case]:
    return case_selectors.caseload(
        service=audit_round.service, start=audit_round.period_start, end=audit_round.period_end
    )


def active_sample(audit_round: AuditRound) -> QuerySet[SampledCase]:
    return audit_round.samples.filter(status=SampleStatus.ACTIVE).select_related(
        "case", "case__team", "case__case_manager"
    )


@dataclass(frozen=True)
class ShareRow:
    value: str
    label: str
    caseload: int
    caseload_percent: float
    sample: int
    sample_percent: float


@dataclass(frozen=True)
class Comparison:
    attribute: str
    label: str
    rows: tuple[ShareRow, ...]


def _percent(n: int, total: int) -> float:
    return round(100 * n / total, 1) if total else 0.0


def comparison(audit_round: AuditRound) -> list[Comparison]:
    """For each attribute, each value's count and share in the caseload and the sample."""
    caseload = list(round_caseload(audit_round).values(*(a for a, _ in COMPARED)))
    sample = list(active_sample(audit_round).values(*(f"case__{a}" for a, _ in COMPARED)))
    out = []
    for attribute, list_name in COMPARED:
        code_list = getattr(codes(), list_name)
        pop = Counter(r[attribute] for r in caseload)
        got = Counter(r[f"case__{attribute}"] for r in sample)
        values = [c.code for c in code_list.codes] + sorted(
            v for v in set(pop) | set(got) if code_list.get(v) is None
        )
        rows = tuple(
            ShareRow(
                value=v,
                label=code_list.label(v) if v else "Not recorded",
                caseload=pop[v],
                caseload_percent=_percent(pop[v], len(caseload)),
                sample=got[v],
                sample_percent=_percent(got[v], len(sample)),
            )
            for v in values
            if pop[v] or got[v]
        )
        label = str(getattr(Case._meta.get_field(attribute), "verbose_name", attribute))
        label = label[:1].upper() + label[1:]
        out.append(Comparison(attribute, label, rows))
    return out
