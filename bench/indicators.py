"""Indicators benchmark: every bundled indicator for 155 services x 8 quarters.

Synthetic intervention records (1,000 per service-year over two years: 310,000), a
reoffending cohort, board attendance and population figures are generated with a fixed
seed. `yjaudit.indicators.compute` works out every indicator of the bundled sets for each
of 8 quarters, by service; the reference is a plain pandas implementation of the same
definitions (boolean masks and a groupby) run in the same process. The run fails unless
every numerator and denominator agrees. Data generation is not timed; both sides report
their fastest run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from yjaudit.indicators import RecordTable, bundled_indicator_sets, compute, quarters_ending
from yjaudit.indicators.model import Condition, Indicator, Kind, PopulationDenominator
from yjaudit.indicators.periods import quarter_containing, window
from yjaudit.indicators.schema import RECORD_SETS

from . import _harness as h

SERVICES = 155
PER_SERVICE_YEAR = 1000
YEARS = 2
START = dt.date(2024, 4, 1)


def _columns(kind: dict[str, str], n: int, rng: np.random.Generator, days: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, k in kind.items():
        if k == "date":
            out[name] = np.datetime64(START, "D") + rng.integers(0, days, n).astype(
                "timedelta64[D]"
            )
        elif k == "bool":
            col = (rng.random(n) < 0.6).astype(float)
            col[rng.random(n) < 0.1] = np.nan
            out[name] = col
        elif k == "int":
            out[name] = (
                rng.integers(10, 18, n).astype(float)
                if name == "age"
                else rng.integers(0, 4, n).astype(float)
            )
        else:
            choices = {
                "sex": ["female", "male"],
                "ethnicity": ["white", "black", "asian", "mixed", "other"],
                "intervention_type": ["court", "out-of-court", "prevention"],
                "partner": ["police", "health", "probation", "education", "social care"],
            }.get(name, ["a", "b", "c"])
            out[name] = np.array(choices, dtype=object)[rng.integers(0, len(choices), n)]
    return out


def make_tables(services: int, per_year: int, seed: int = 2025) -> dict[str, RecordTable]:
    rng = np.random.default_rng(seed)
    days = 365 * YEARS
    tables = {}
    sizes = {
        "interventions": services * per_year * YEARS,
        "reoffending_cohort": services * per_year // 4 * YEARS,
        "board_attendance": services * 8 * 5,
    }
    names = np.array([f"S{i:03d}" for i in range(services)], dtype=object)
    for records, n in sizes.items():
        kinds = dict(RECORD_SETS[records])
        cols = _columns(kinds, n, rng, days)
        if records == "interventions":  # no more victims engaged than consented
            cols["victims_engaged_rj"] = np.fmin(
                cols["victims_engaged_rj"], cols["victims_consenting"]
            )
        if records == "reoffending_cohort":
            cols["reoffences"] = np.where(cols["reoffended"] == 1, cols["reoffences"] + 1, 0.0)
        cols["service"] = names[rng.integers(0, services, n)]
        kinds["service"] = "text"
        tables[records] = RecordTable(kinds, cols, n)  # type: ignore[arg-type]
    # Population: one row per service, sex, ethnicity and age.
    grid = pd.MultiIndex.from_product(
        [
            list(names),
            ["female", "male"],
            ["white", "black", "asian", "mixed", "other"],
            range(10, 18),
        ],
        names=["service", "sex", "ethnicity", "age"],
    ).to_frame(index=False)
    pop_cols = {
        "service": grid["service"].to_numpy(dtype=object),
        "sex": grid["sex"].to_numpy(dtype=object),
        "ethnicity": grid["ethnicity"].to_numpy(dtype=object),
        "age": grid["age"].to_numpy(dtype=float),
        "year": np.full(len(grid), 2025.0),
        "count": rng.integers(50, 500, len(grid)).astype(float),
    }
    kinds = {**RECORD_SETS["population"], "service": "text"}
    tables["population"] = RecordTable(kinds, pop_cols, len(grid))  # type: ignore[arg-type]
    return tables


def ours(indicators: list[Indicator], tables: dict[str, RecordTable], quarters: list[Any]) -> dict:
    for table in tables.values():  # no head start from an earlier run's factorising
        table._factors.clear()
    out = {}
    for ind in indicators:
        for q in quarters:
            for f in compute(
                ind, tables[ind.records], q, by=["service"], population=tables["population"]
            ):
                out[ind.id, q.label, f.group[0]] = (f.numerator, f.denominator)
    return out


def _pd_mask(df: pd.DataFrame, where: tuple[Condition, ...]) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for c in where:
        col = df[c.field]
        if c.known is not None:
            mask &= col.notna() if c.known else col.isna()
        elif c.equals is not None:
            value = float(c.equals) if isinstance(c.equals, bool | int) else c.equals
            mask &= col == value
        elif c.is_in is not None:
            mask &= col.isin(list(c.is_in))
        else:
            if c.at_least is not None:
                mask &= col >= c.at_least
            if c.at_most is not None:
                mask &= col <= c.at_most
    return mask


def reference(
    indicators: list[Indicator], frames: dict[str, pd.DataFrame], quarters: list[Any]
) -> dict:
    out = {}
    pop = frames["population"]
    for ind in indicators:
        df = frames[ind.records]
        for q in quarters:
            first, last = window(ind.period, q)
            anchor = df[ind.anchor]
            period = (anchor >= pd.Timestamp(first)) & (anchor <= pd.Timestamp(last))
            if isinstance(ind.denominator, PopulationDenominator):
                num_mask = period & _pd_mask(df, ind.numerator.where)
                den = pop[_pd_mask(pop, ind.denominator.where)].groupby("service")["count"].sum()
            else:
                den_mask = period & _pd_mask(df, ind.denominator.where)
                num_mask = den_mask & _pd_mask(df, ind.numerator.where)
                if ind.kind is Kind.RATIO:
                    den = df[num_mask].groupby("service").size()
                elif ind.denominator.sum:
                    den = df[den_mask].groupby("service")[ind.denominator.sum].sum()
                else:
                    den = df[den_mask].groupby("service").size()
            if ind.numerator.sum:
                num = df[num_mask].groupby("service")[ind.numerator.sum].sum()
            else:
                num = df[num_mask].groupby("service").size()
            for service in den.index.union(num.index):
                out[ind.id, q.label, service] = (
                    int(num.get(service, 0)),
                    int(den.get(service, 0)),
                )
    return out


def frames_of(tables: dict[str, RecordTable]) -> dict[str, pd.DataFrame]:
    return {name: pd.DataFrame(dict(t.columns)) for name, t in tables.items()}


def run(quick: bool = False) -> None:
    services, per_year, repeats = (6, 60, 1) if quick else (SERVICES, PER_SERVICE_YEAR, 3)
    name = "indicators-quick" if quick else f"indicators-{services}x8q"
    indicators = [i for s in bundled_indicator_sets() for i in s.indicators]
    quarters = quarters_ending(quarter_containing(dt.date(2026, 3, 31)), 8)
    tables = make_tables(services, per_year)
    frames = frames_of(tables)
    h.reset_peak()
    seconds, got = h.best_of(lambda: ours(indicators, tables, quarters), repeats)
    peak = h.peak_mb()
    ref_seconds, expected = h.best_of(lambda: reference(indicators, frames, quarters), repeats)
    assert got == expected, "indicator figures differ from the pandas reference"
    h.emit(name, seconds, ref_seconds, peak)
