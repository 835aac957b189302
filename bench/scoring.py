"""Scoring benchmark: the engine's NumPy path against a plain pandas groupby reference.

For each size, the synthetic national data set (see `_synthetic`) is scored by
`yjaudit.engine.score_arrays` and by a straightforward pandas implementation of the
same rules; the run fails unless every figure compared agrees exactly (per question,
standard, domain, headline and overall: points, maximum, answers, cases, rounded
percentage and rating; per service too for the -by-service lines). Data generation is
not timed; both sides report their fastest run. `peak` is the process's peak resident
memory while the engine runs (its input included; the pandas frame is built afterwards).
On a busy machine the wall-clock figures and ratios move: run it on a quiet one.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from yjaudit.engine import Figure, ScoreReport, ScoreResult, score_arrays
from yjaudit.spec.model import Framework, QuestionRef

from . import _harness as h
from . import _synthetic as syn

BANDS = ((80, "Outstanding"), (65, "Good"), (50, "Requires improvement"), (0, "Inadequate"))


@dataclass
class Meta:
    """Per question code: what the reference needs to know about it."""

    standard: pd.Series  # standard code, -1 for prompts
    domain: pd.Series
    custody_only: pd.Series
    tag: pd.Series  # headline code, -1 for none
    standard_ids: list[str]
    domain_ids: list[str]
    tags: list[str]
    question_ids: list[str]


def meta_of(fw: Framework) -> Meta:
    qs = list(fw.questions.values())
    std_ids = [s.id for s in fw.standards]
    dom_ids = [d.id for d in fw.domains]
    tags = [hl.id for hl in fw.headlines]
    kqs = [q for q in qs if q.kind == "key_question"]

    def code(q: QuestionRef, ids: list[str], ident: str | None) -> int:
        return ids.index(ident) if q in kqs and ident is not None else -1

    return Meta(
        standard=pd.Series([code(q, std_ids, q.standard_id) for q in qs]),
        domain=pd.Series([code(q, dom_ids, q.domain_id) for q in qs]),
        custody_only=pd.Series([q.applies_when is not None for q in qs]),
        tag=pd.Series([code(q, tags, q.tags[0] if q.tags else None) for q in qs]),
        standard_ids=std_ids,
        domain_ids=dom_ids,
        tags=tags,
        question_ids=[q.id for q in qs],
    )


def frame(ds: syn.DataSet) -> pd.DataFrame:
    """The answers as a pandas user would hold them: one row per answer, attributes joined."""
    a = ds.arrays
    case = np.asarray(a.case)
    return pd.DataFrame(
        {
            "case": case,
            "question": np.asarray(a.question),
            "value": np.asarray(a.value),
            "service": ds.service_of_case[case],
            "custody": ds.custody[case],
        }
    )


def reference(df: pd.DataFrame, meta: Meta, by_service: bool) -> dict[str, pd.DataFrame]:
    """The figures, computed with pandas groupby."""
    points = pd.Series(syn.POINTS, dtype="float64")
    pts = df["value"].map(points)
    q = df["question"]
    applicable = pts.notna() & ~(q.map(meta.custody_only) & ~df["custody"])
    scored = pd.DataFrame(
        {
            "service": df["service"],
            "case": df["case"],
            "question": q,
            "points": pts,
            "standard": q.map(meta.standard),
            "domain": q.map(meta.domain),
            "tag": q.map(meta.tag),
        }
    )[applicable]
    kq = scored[scored["standard"] >= 0]
    agg = {"num": ("points", "sum"), "answers": ("points", "size"), "cases": ("case", "nunique")}
    out: dict[str, pd.DataFrame] = {}
    for prefix, keys in (("", []), ("service:", ["service"])) if by_service else (("", []),):
        out[prefix + "question"] = scored.groupby([*keys, "question"]).agg(
            num=("points", "sum"), answers=("points", "size")
        )
        out[prefix + "standard"] = kq.groupby([*keys, "standard"]).agg(**agg)
        out[prefix + "domain"] = kq.groupby([*keys, "domain"]).agg(**agg)
        out[prefix + "headline"] = kq[kq["tag"] >= 0].groupby([*keys, "tag"]).agg(**agg)
        overall = (
            kq.groupby(keys).agg(**agg)
            if keys
            else kq.agg({"points": ["sum", "size"], "case": ["nunique"]})
        )
        out[prefix + "overall"] = overall
        for name in ("standard", "headline"):
            t = out[prefix + name]
            t["percent"] = _percent(t["num"], t["answers"])
            t["rating"] = _rating(t["percent"])
    return out


def _percent(num: pd.Series, den: pd.Series) -> pd.Series:
    # Half up in integers: num is a multiple of 0.5, so 2 * num is exact.
    twice = (num * 2).round().astype("int64")
    return (100 * twice + den) // (2 * den)


def _rating(percent: pd.Series) -> pd.Series:
    out = pd.Series(BANDS[-1][1], index=percent.index)
    for lower, label in reversed(BANDS[:-1]):
        out[percent >= lower] = label
    return out


def _check(
    result: ScoreResult, ref: dict[str, pd.DataFrame], meta: Meta, prefix: str, key: tuple[int, ...]
) -> None:
    def row(table: str, code: int) -> pd.Series:
        t = ref[prefix + table]
        at = (*key, code) if key else code
        if at not in t.index:  # nothing applicable: the engine reports zeros
            return pd.Series(
                {"num": 0.0, "answers": 0, "cases": 0, "percent": None, "rating": None}
            )
        found: pd.Series = t.loc[at]  # type: ignore[index]
        return found

    for qcode, qid in enumerate(meta.question_ids):
        fig = _question_figure(result, qid)
        r = row("question", qcode)
        assert fig.numerator == Fraction(float(r["num"])), (prefix, key, qid, "num")
        assert fig.answers == r["answers"] and fig.denominator == r["answers"], (qid, "answers")
    for code, sid in enumerate(meta.standard_ids):
        fig = result.standard(sid).figure
        r = row("standard", code)
        assert (fig.numerator, fig.denominator, fig.cases) == (
            Fraction(float(r["num"])),
            r["answers"],
            r["cases"],
        ), (prefix, key, sid)
        assert (fig.percent, fig.rating) == (r["percent"], r["rating"]), (prefix, key, sid)
    for code, did in enumerate(meta.domain_ids):
        fig = next(d.figure for d in result.domains if d.id == did)
        r = row("domain", code)
        assert (fig.numerator, fig.cases) == (Fraction(float(r["num"])), r["cases"]), did
    for code, hid in enumerate(meta.tags):
        fig = next(g.figure for g in result.headlines if g.id == hid)
        r = row("headline", code)
        assert (fig.numerator, fig.cases, fig.percent, fig.rating) == (
            Fraction(float(r["num"])),
            r["cases"],
            r["percent"],
            r["rating"],
        ), hid


def _question_figure(result: ScoreResult, qid: str) -> Figure:
    for s in result.standards:
        for k in s.key_questions:
            if k.id == qid:
                return k.figure
            for p in k.prompts:
                if p.id == qid:
                    return p.figure
    raise KeyError(qid)


def _num(value: object) -> Fraction:
    return Fraction(float(value))  # type: ignore[arg-type]


def compare(report: ScoreReport, ref: dict[str, pd.DataFrame], meta: Meta, services: int) -> None:
    _check(report.result, ref, meta, "", ())
    o = report.result.overall
    total = ref["overall"]
    assert o.numerator == _num(total.loc["sum", "points"]), "overall points"
    assert o.denominator == total.loc["size", "points"], "overall maximum"
    if "service:standard" in ref:
        split = report.splits["service"]
        assert len(split) == services
        for s in range(services):
            result = split[f"S{s:03d}"]
            _check(result, ref, meta, "service:", (s,))
            r = ref["service:overall"].loc[s]
            assert (result.overall.numerator, result.overall.denominator) == (
                _num(r["num"]),
                r["answers"],
            ), f"overall of S{s:03d}"


def measure(
    name: str, fw: Framework, services: int, cases: int, by_service: bool, repeats: int
) -> None:
    ds = syn.generate(fw, services, cases)
    by = ["service"] if by_service else []
    h.reset_peak()
    ours, report = h.best_of(
        lambda: score_arrays(fw, ds.arrays, case_attributes=ds.case_attributes, by=by), repeats
    )
    peak = h.peak_mb()
    df = frame(ds)
    meta = meta_of(fw)
    theirs, ref = h.best_of(lambda: reference(df, meta, by_service), max(2, repeats - 2))
    compare(report, ref, meta, services)
    h.emit(name, ours, theirs, peak)


def run(quick: bool = False) -> None:
    fw = syn.framework()
    assert len(fw.questions) == 120
    if quick:
        measure("scoring-quick", fw, 5, 6, False, 1)
        measure("scoring-quick-by-service", fw, 5, 6, True, 1)
        return
    # 155 services x 60 cases x 120 questions = 1,116,000 answers.
    measure("scoring-1M", fw, 155, 60, False, 7)
    measure("scoring-1M-by-service", fw, 155, 60, True, 5)
    # 155 x 538 x 120 = 10,006,800 answers.
    measure("scoring-10M", fw, 155, 538, False, 3)
    measure("scoring-10M-by-service", fw, 155, 538, True, 2)
