"""Reads for monitoring: a service's records as indicator tables, and their figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language

from yjaudit.indicators import (
    Figure,
    Indicator,
    IndicatorSet,
    Kind,
    Quarter,
    RecordTable,
    available,
    compute,
    quarter_containing,
    quarters_ending,
)
from yjaudit.indicators.model import Condition
from yjaudit.indicators.schema import RECORD_SETS
from yjaudit.organisations.models import Service

from .importing import to_python
from .models import Comparator, IndicatorRecord, MonitoringImport, RecordSetMapping

# The indicator set pages, reports and the API show unless asked for another.
DEFAULT_SET = "yjb-kpi-2023"


def words_language() -> str:
    """The language of the indicators' words on this request: Welsh ("cy") when the
    active language is Welsh, English otherwise."""
    return "cy" if (get_language() or "").startswith("cy") else "en"


@lru_cache(maxsize=4)
def _bundled_sets(language: str) -> dict[str, IndicatorSet]:
    # Keyed by language, so one language's words never reach the other's pages.
    from yjaudit.indicators import bundled_indicator_sets

    return {s.id: s for s in bundled_indicator_sets(language)}


def indicator_sets(language: str | None = None) -> dict[str, IndicatorSet]:
    """The bundled indicator sets by id, in the active language's words (read once per
    process and language); ids, conditions and figures are the same in every language."""
    return dict(_bundled_sets(language or words_language()))


def indicator_set(set_id: str, language: str | None = None) -> IndicatorSet:
    """One bundled indicator set in the active language's words (KeyError if unknown)."""
    return _bundled_sets(language or words_language())[set_id]


def record_table(service: Service, record_set: str) -> RecordTable:
    rows = IndicatorRecord.objects.filter(service=service, record_set=record_set).values_list(
        "data", flat=True
    )
    return RecordTable.from_rows(
        (to_python(record_set, data) for data in rows.iterator()), RECORD_SETS[record_set]
    )


@dataclass(frozen=True)
class Changes:
    created: int
    updated: int
    unchanged: int


def changes(
    service: Service, record_set: str, records: list[tuple[str, dict[str, Any]]]
) -> Changes:
    """What importing `records` (key, values) would create, update and leave as it is."""
    existing = dict(
        IndicatorRecord.objects.filter(service=service, record_set=record_set).values_list(
            "key", "data"
        )
    )
    created = sum(1 for key, _ in records if key not in existing)
    unchanged = sum(1 for key, values in records if existing.get(key) == values)
    return Changes(created, len(records) - created - unchanged, unchanged)


def remembered_mapping(service: Service, record_set: str) -> dict[str, str]:
    """The columns the service last matched for this record set (field -> heading)."""
    found = RecordSetMapping.objects.filter(service=service, record_set=record_set).first()
    return dict(found.mapping) if found else {}


def record_counts(service: Service) -> dict[str, int]:
    counts = dict.fromkeys(RECORD_SETS, 0)
    for name in RECORD_SETS:
        counts[name] = IndicatorRecord.objects.filter(service=service, record_set=name).count()
    return counts


def recent_imports(service: Service, limit: int = 10) -> list[MonitoringImport]:
    return list(
        MonitoringImport.objects.filter(service=service).select_related("imported_by")[:limit]
    )


def latest_quarter(service: Service, indicator_set: IndicatorSet, today: dt.date) -> Quarter:
    """The last complete quarter before today, or, when the records stop earlier, the
    quarter of the latest intervention record (so a dashboard never opens on nothing)."""
    complete = quarter_containing(today, indicator_set.year_starts_month).previous()
    ends = [
        d.get("end_date") or d.get("start_date")
        for d in IndicatorRecord.objects.filter(
            service=service, record_set="interventions"
        ).values_list("data", flat=True)
    ]
    known = [dt.date.fromisoformat(d) for d in ends if d]
    if not known:
        return complete
    latest = quarter_containing(max(known), indicator_set.year_starts_month)
    return min(latest, complete)


@dataclass(frozen=True)
class Tile:
    indicator: Indicator
    figure: Figure | None  # None: not yet known (a cohort waiting for its outcome)
    trend: list[Figure | None]
    quarters: list[Quarter]
    comparators: list[tuple[str, float, bool | None]]  # (name, value, differs beyond chance)


class Tables:
    """A service's record tables, each read once per request."""

    def __init__(self, service: Service):
        self.service = service
        self._cache: dict[str, RecordTable] = {}

    def __getitem__(self, record_set: str) -> RecordTable:
        if record_set not in self._cache:
            self._cache[record_set] = record_table(self.service, record_set)
        return self._cache[record_set]


def figure(
    tables: Tables,
    indicator_set: IndicatorSet,
    indicator: Indicator,
    quarter: Quarter,
    *,
    today: dt.date,
    by: tuple[str, ...] = (),
) -> list[Figure] | None:
    if not available(indicator, quarter, today):
        return None
    population = tables["population"] if indicator.kind is Kind.RATE else None
    return compute(
        indicator,
        tables[indicator.records],
        quarter,
        by=by,
        population=population,
        exact_poisson_below=indicator_set.exact_poisson_below,
    )


def tiles(
    service: Service,
    indicator_set: IndicatorSet,
    quarter: Quarter,
    *,
    today: dt.date,
    trend: int = 8,
) -> list[Tile]:
    tables = Tables(service)
    quarters = quarters_ending(quarter, trend)
    out = []
    comparators = _comparators(indicator_set, quarter)
    for ind in indicator_set.indicators:
        series: list[Figure | None] = []
        for q in quarters:
            figs = figure(tables, indicator_set, ind, q, today=today)
            series.append(figs[0] if figs else None)
        current = series[-1]
        compared = [
            (name, value, current.differs_from(value) if current else None)
            for name, value in comparators.get(ind.id, [])
        ]
        out.append(Tile(ind, current, series, quarters, compared))
    return out


def _comparators(
    indicator_set: IndicatorSet, quarter: Quarter
) -> dict[str, list[tuple[str, float]]]:
    ids = [i.id for i in indicator_set.indicators]
    found: dict[str, list[tuple[str, float]]] = {}
    for c in Comparator.objects.filter(indicator_id__in=ids, period=quarter.label):
        found.setdefault(c.indicator_id, []).append((c.name, c.value))
    return found


# Area context beside the indicators: offences per 1,000 children aged 10-17 (its own
# indicator set, so its interval, suppression and comparators are the indicators' own).
AREA_SET = "area-context"


def area_tiles(service: Service, quarter: Quarter, *, today: dt.date, trend: int = 8) -> list[Tile]:
    return tiles(service, indicator_set(AREA_SET), quarter, today=today, trend=trend)


# The area's children: the population the national rates count (first-time entrants per
# 100,000 aged 10-17), read from that indicator's definition rather than restated here.
AREA_POPULATION_INDICATOR = ("yjb-national-indicators", "first-time-entrants")


@dataclass(frozen=True)
class AreaPopulation:
    year: int | None  # the population year shown; None when the service has no figures
    total: int
    by_sex: list[tuple[str, int]]
    by_ethnicity: list[tuple[str, int]]
    ages: tuple[int, int] | None  # lowest and highest, e.g. (10, 17), from the definition


def _passes(data: dict[str, object], cond: Condition) -> bool:
    value = data.get(cond.field)
    if cond.known is not None:
        return (value not in (None, "")) == cond.known
    if cond.equals is not None:
        return value == cond.equals
    if cond.is_in is not None:
        return value in cond.is_in
    if not isinstance(value, int):
        return False
    low_ok = cond.at_least is None or value >= cond.at_least
    return low_ok and (cond.at_most is None or value <= cond.at_most)


def area_population(service: Service, quarter: Quarter) -> AreaPopulation:
    """Population by sex and ethnicity for one year: the latest up to the quarter's end
    (else the earliest held), as the rates read it, so years are never added together."""
    from yjaudit.indicators.model import PopulationDenominator

    set_id, indicator_id = AREA_POPULATION_INDICATOR
    denominator = indicator_set(set_id, "en").get(indicator_id).denominator
    where = denominator.where if isinstance(denominator, PopulationDenominator) else ()
    ages = next(
        (
            (c.at_least, c.at_most)
            for c in where
            if c.field == "age" and c.at_least and c.at_most is not None
        ),
        None,
    )
    rows = list(
        IndicatorRecord.objects.filter(service=service, record_set="population").values_list(
            "data", flat=True
        )
    )
    years = sorted({int(r["year"]) for r in rows if r.get("year") is not None})
    if not years:
        return AreaPopulation(None, 0, [], [], ages)
    upto = [y for y in years if y <= quarter.end.year]
    year = upto[-1] if upto else years[0]
    by_sex: dict[str, int] = {}
    by_ethnicity: dict[str, int] = {}
    for r in rows:
        if r.get("year") != year or not all(_passes(r, c) for c in where):
            continue
        count = int(r.get("count") or 0)
        by_sex[r.get("sex") or ""] = by_sex.get(r.get("sex") or "", 0) + count
        key = r.get("ethnicity") or ""
        by_ethnicity[key] = by_ethnicity.get(key, 0) + count
    return AreaPopulation(
        year, sum(by_sex.values()), sorted(by_sex.items()), sorted(by_ethnicity.items()), ages
    )


# Disproportionality from the records: children of each group through the system over
# the 12 months to a quarter's end. Each stage counts children from the stage before, as
# `yjaudit.stats.stages` reads stages. The reference groups are the usual ones: White
# children for ethnicity (the relative rate index's comparison group) and boys for sex.
# Stages by code (`presenters.STAGE_WORDS` words them), after the base stage "population".
STAGES: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = (
    ("started", ()),
    ("court", (("intervention_type", "court"),)),
    ("custody", (("custodial_sentence", True),)),
)
REFERENCE_GROUPS = {"ethnicity": "white", "sex": "male"}


def disproportionality(service: Service, quarter: Quarter, by: str) -> Any:
    """`yjaudit.stats.stages.staged_rri` over the population and the stages above, for
    the groups the population figures hold (a group without a base has no rate)."""
    from yjaudit.indicators.model import PeriodRule
    from yjaudit.indicators.periods import window
    from yjaudit.stats.stages import StageCount, staged_rri

    population = area_population(service, quarter)
    base = dict(population.by_ethnicity if by == "ethnicity" else population.by_sex)
    groups = [g for g in base if g]
    reference = REFERENCE_GROUPS[by]
    if reference not in groups or not groups:
        return ()
    first, last = window(PeriodRule.ROLLING_12_MONTHS, quarter)
    rows = [
        to_python("interventions", data)
        for data in IndicatorRecord.objects.filter(
            service=service, record_set="interventions"
        ).values_list("data", flat=True)
    ]
    in_window = [r for r in rows if r.get("start_date") and first <= r["start_date"] <= last]
    counts = [StageCount("population", g, int(base[g])) for g in groups]
    children: list[dict[str, Any]] = in_window
    for name, conditions in STAGES:
        children = [r for r in children if all(r.get(f) == v for f, v in conditions)]
        seen: dict[str, set[str]] = {g: set() for g in groups}
        for r in children:
            group = r.get(by)
            if group in seen:
                seen[group].add(str(r.get("reference")))
        counts += [StageCount(name, g, len(seen[g])) for g in groups]
    return staged_rri(counts, reference)
