"""Compliance benchmark: monthly National Standards compliance for one service.

2,000 synthetic cases (two years of starts, six teams, forty case managers) and 200,000
events (contacts, home visits, assessments, panels, reviews), generated with a fixed
seed. `yjaudit.compliance.compliance_figures` works out every rule of the bundled set for
12 months, for the service, each team and each case manager; the reference is a separate
pandas/numpy implementation of the same definitions (vectorised windows, numpy's
business-day arithmetic with the bank holidays, sorted searches for the events) run in
the same process. The run fails unless every count and every list of missed cases
agrees. Data generation is not timed; both sides report their fastest run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from yjaudit.compliance import (
    Case,
    Event,
    Month,
    RiskLevel,
    RuleSet,
    compliance_figures,
    find_rule_set,
    months_ending,
)
from yjaudit.compliance.figures import Figure, Scope
from yjaudit.compliance.model import Rule
from yjaudit.compliance.workdays import holiday_dates

from . import _harness as h

CASES = 2000
EVENTS = 200_000
FIRST_START = dt.date(2024, 4, 1)
LAST_MONTH = Month(2026, 3)
AS_OF = dt.date(2026, 4, 10)
DISPOSALS = ["referral-order", "yro", "dto", "youth-caution"]
LEVELS = ["standard", "enhanced", "intensive"]
KINDS = ["contact", "home_visit", "assessment", "panel", "review"]
KIND_SHARE = [0.7, 0.1, 0.05, 0.05, 0.1]
Key = tuple[str, str, str, str]
Value = tuple[int, int, int, int, tuple[str, ...]]


def make_data(n_cases: int, n_events: int, seed: int = 2026) -> tuple[list[Case], list[Event]]:
    rng = np.random.default_rng(seed)
    span = (LAST_MONTH.last - FIRST_START).days
    starts = rng.integers(0, span, n_cases)
    lengths = rng.integers(60, 540, n_cases)
    still_open = rng.random(n_cases) < 0.3
    managers = rng.integers(0, 40, n_cases)
    cases = []
    for i in range(n_cases):
        start = FIRST_START + dt.timedelta(days=int(starts[i]))
        end = None if still_open[i] else start + dt.timedelta(days=int(lengths[i]))
        cases.append(
            Case(
                reference=f"C{i:05d}",
                start=start,
                end=end,
                disposal=DISPOSALS[int(rng.integers(0, len(DISPOSALS)))],
                case_manager=f"cm{int(managers[i]):02d}",
                team=f"team{int(managers[i]) % 6}",
                intervention_level=LEVELS[int(rng.integers(0, len(LEVELS)))],
                rosh=RiskLevel(int(rng.integers(1, 5))),
                safety_wellbeing=RiskLevel(int(rng.integers(1, 5))),
            )
        )
    which = rng.integers(0, n_cases, n_events)
    kinds = rng.choice(len(KINDS), n_events, p=KIND_SHARE)
    offsets = rng.integers(-10, 400, n_events)
    events = [
        Event(
            cases[int(c)].reference,
            KINDS[int(k)],
            cases[int(c)].start + dt.timedelta(days=int(o)),
        )
        for c, k, o in zip(which, kinds, offsets, strict=True)
    ]
    return cases, events


def ours(rules: RuleSet, cases: list[Case], events: list[Event], months: list[Month]) -> dict:
    return as_dict(compliance_figures(rules, cases, events, months=months, as_of=AS_OF))


def as_dict(figures: Sequence[Figure]) -> dict[Key, Value]:
    return {
        (f.rule, f.month.label, str(f.scope), f.group): (
            f.due,
            f.met,
            f.missed,
            f.not_yet_due,
            f.missed_cases,
        )
        for f in figures
    }


# --- the pandas reference ----------------------------------------------------------


def frames(cases: list[Case], events: list[Event]) -> tuple[pd.DataFrame, pd.DataFrame]:
    cf = pd.DataFrame(
        {
            "reference": [c.reference for c in cases],
            "start": np.array([c.start for c in cases], dtype="datetime64[D]"),
            "end": np.array([c.end or dt.date(9999, 12, 31) for c in cases], dtype="datetime64[D]"),
            "disposal": [c.disposal for c in cases],
            "level": [c.intervention_level for c in cases],
            "risk": [max(int(c.rosh or 0), int(c.safety_wellbeing or 0)) for c in cases],
            "team": [c.team for c in cases],
            "case_manager": [c.case_manager for c in cases],
        }
    )
    ef = pd.DataFrame(
        {
            "reference": [e.reference for e in events],
            "kind": [e.kind for e in events],
            "date": np.array([e.date for e in events], dtype="datetime64[D]"),
        }
    )
    return cf, ef


def _add_months(days: np.ndarray, months: int) -> np.ndarray:
    """datetime64[D] + months, held to the month's last day (numpy, no loop)."""
    month0 = days.astype("datetime64[M]")
    day_of_month = (days - month0.astype("datetime64[D]")).astype(int)
    target = month0 + np.timedelta64(months, "M")
    month_length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        int
    )
    return target.astype("datetime64[D]") + np.minimum(day_of_month, month_length - 1)


def _windows(rule: Rule, cf: pd.DataFrame, horizon: np.datetime64, hols: Any) -> pd.DataFrame:
    start = cf["start"].to_numpy("datetime64[D]")
    last = np.minimum(cf["end"].to_numpy("datetime64[D]"), horizon)
    idx = np.arange(len(cf))
    parts = []
    begin = start
    alive = np.ones(len(cf), dtype=bool)
    if rule.first is not None:
        if rule.first.working_days is not None:
            due = np.busday_offset(start, rule.first.working_days, roll="backward", holidays=hols)
        else:
            due = start + np.timedelta64(rule.first.days or 0, "D")
        keep = due <= last
        parts.append(
            pd.DataFrame({"case": idx[keep], "opens": start[keep], "due": due[keep], "need": 1})
        )
        alive = keep
        begin = due + np.timedelta64(1, "D")
    if rule.every is not None:
        need = rule.every.at_least
        k = 0
        while alive.any():
            if rule.every.weeks is not None:
                width = np.timedelta64(7 * rule.every.weeks, "D")
                opens = begin + width * k
                closes = opens + width - np.timedelta64(1, "D")
            else:
                step = rule.every.months or 1
                opens = _add_months(begin, step * k)
                closes = _add_months(begin, step * (k + 1)) - np.timedelta64(1, "D")
            alive = alive & (closes <= last)
            parts.append(
                pd.DataFrame(
                    {"case": idx[alive], "opens": opens[alive], "due": closes[alive], "need": need}
                )
            )
            k += 1
    if not parts:
        return pd.DataFrame({"case": [], "opens": [], "due": [], "need": []})
    return pd.concat(parts, ignore_index=True)


def reference(
    rules: RuleSet, cf: pd.DataFrame, ef: pd.DataFrame, months: list[Month]
) -> dict[Key, Value]:
    horizon = np.datetime64(max(months).last, "D")
    as_of = np.datetime64(AS_OF, "D")
    hols = np.array(
        holiday_dates(rules.calendar, FIRST_START.year - 1, LAST_MONTH.year + 2),
        dtype="datetime64[D]",
    )
    code = pd.Series(np.arange(len(cf)), index=cf["reference"])
    ev = ef.assign(case=code.reindex(ef["reference"]).to_numpy())
    ev = ev[ev["case"].notna()]
    ev = ev.assign(case=ev["case"].astype(np.int64))
    ev = ev[(ev["date"] >= cf["start"].to_numpy()[ev["case"].to_numpy()]) & (ev["date"] <= as_of)]
    labels = {m.label for m in months}
    out: dict[Key, Value] = {}
    for rule in rules.rules:
        t = rule.applies_to
        mask = pd.Series(True, index=cf.index)
        if t.disposals:
            mask &= cf["disposal"].isin(t.disposals)
        if t.intervention_levels:
            mask &= cf["level"].isin(t.intervention_levels)
        if t.risk_at_least is not None:
            mask &= cf["risk"] >= int(t.risk_at_least)
        sub = cf[mask].reset_index(drop=True)
        occ = _windows(rule, sub, horizon, hols)
        case_ids = code[sub["reference"]].to_numpy()[occ["case"].to_numpy(int)]
        kind = ev[ev["kind"] == rule.event]
        day = kind["date"].to_numpy("datetime64[D]").astype(np.int64)
        keys = np.sort(kind["case"].to_numpy(np.int64) * 1_000_000 + day)
        opens = occ["opens"].to_numpy("datetime64[D]").astype(np.int64)
        due = occ["due"].to_numpy("datetime64[D]").astype(np.int64)
        lo = np.searchsorted(keys, case_ids * 1_000_000 + opens, "left")
        hi = np.searchsorted(keys, case_ids * 1_000_000 + due, "right")
        met = (hi - lo) >= occ["need"].to_numpy(int)
        missed = ~met & (due < as_of.astype(np.int64))
        frame = pd.DataFrame(
            {
                "month": pd.to_datetime(occ["due"]).dt.strftime("%Y-%m"),
                "met": met,
                "missed": missed,
                "nyd": ~met & ~missed,
                "reference": cf["reference"].to_numpy()[case_ids],
                "team": cf["team"].to_numpy()[case_ids],
                "case_manager": cf["case_manager"].to_numpy()[case_ids],
            }
        )
        frame = frame[frame["month"].isin(labels)].assign(service="")
        for scope, column in (
            ("service", "service"),
            ("team", "team"),
            ("case_manager", "case_manager"),
        ):
            counts = frame.groupby(["month", column])[["met", "missed", "nyd"]].sum()
            refs = (
                frame[frame["missed"]]
                .groupby(["month", column])["reference"]
                .agg(lambda s: tuple(sorted(set(s))))
            )
            for (month, group), row in counts.iterrows():
                m, mi, n = int(row["met"]), int(row["missed"]), int(row["nyd"])
                out[rule.id, month, scope, group] = (
                    m + mi + n,
                    m,
                    mi,
                    n,
                    refs.get((month, group), ()),
                )
        for m in months:
            out.setdefault((rule.id, m.label, "service", ""), (0, 0, 0, 0, ()))
    return out


def compare(got: dict[Key, Value], expected: dict[Key, Value]) -> None:
    if got != expected:
        wrong = sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k))
        first = wrong[0]
        raise AssertionError(
            f"compliance figures differ from the pandas reference in {len(wrong)} places, "
            f"first {first}: ours {got.get(first)} vs reference {expected.get(first)}"
        )


def run(quick: bool = False) -> None:
    n_cases, n_events, repeats = (120, 6000, 1) if quick else (CASES, EVENTS, 3)
    name = "compliance-quick" if quick else f"compliance-{n_cases}x{n_events // 1000}k"
    rules = find_rule_set("national-standards-local-2019")
    months = months_ending(LAST_MONTH, 12)
    cases, events = make_data(n_cases, n_events)
    cf, ef = frames(cases, events)
    h.reset_peak()
    seconds, got = h.best_of(lambda: ours(rules, cases, events, months), repeats)
    peak = h.peak_mb()
    ref_seconds, expected = h.best_of(lambda: reference(rules, cf, ef, months), repeats)
    assert any(v[2] for v in got.values()) and any(v[1] for v in got.values()), "no figures"
    assert all(k[2] in {s.value for s in Scope} for k in got)
    compare(got, expected)
    h.emit(name, seconds, ref_seconds, peak)
