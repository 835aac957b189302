"""From a tally to figures and ratings: every rating rule lives here, read from data.

Shared by both scoring paths, so the plain and NumPy paths can differ only in counting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import lru_cache

from yjaudit.spec.model import (
    Band,
    BandBasis,
    Domain,
    DomainRatingMethod,
    OverallMethod,
    RatedBy,
    RatingScheme,
    Standard,
    StandardAggregation,
)

from .plan import DOMAIN, HEADLINE, OVERALL, SECTION, STANDARD, Plan
from .rounding import percent_of
from .tally import Tally
from .types import (
    DomainResult,
    Figure,
    GroupResult,
    Judgement,
    KeyQuestionResult,
    OverallResult,
    Override,
    PromptResult,
    ScoreResult,
    StandardResult,
)
from .wilson import wilson_interval

NO_ANSWERS = "no applicable answers"


# Splits by service build tens of thousands of figures whose counts repeat a lot; these
# two pure functions are the costly part of each, so remember recent results.
@lru_cache(maxsize=1 << 16)
def _fraction(n: int, unit: int) -> Fraction:
    return Fraction(n, unit)


@lru_cache(maxsize=1 << 16)
def _wilson(n: int, d: int, answers: int) -> tuple[float, float] | None:
    return wilson_interval(n / d, answers)


def band_of(scheme: RatingScheme, numerator: int, denominator: int) -> Band:
    """The band numerator / denominator (denominator > 0) falls in, on the scheme's basis.

    Integer comparisons only: rounded-percent bands compare the whole percentage with
    each lower limit, exact-percent bands compare 100 * n / d with it.
    """
    if scheme.basis is BandBasis.EXACT_PERCENT:
        for band in scheme.bands:
            low = band.lower
            if 100 * numerator * low.denominator >= low.numerator * denominator:
                return band
        return scheme.bands[-1]
    # Rounded percent (compile_plan refuses points-based schemes for percentages).
    percent = percent_of(numerator, denominator)
    for band in scheme.bands:
        if percent * band.lower.denominator >= band.lower.numerator:
            return band
    return scheme.bands[-1]


def below_minimum(cases: int, minimum: int) -> str:
    return f"{cases} case{'s' if cases != 1 else ''}, fewer than the minimum of {minimum}"


def make_figure(
    n: int,
    d: int,
    unit: int,
    cases: int,
    answers: int,
    scheme: RatingScheme | None,
    minimum: int,
    cache: dict[tuple[int, ...], Figure] | None = None,
) -> Figure:
    """A figure for n / d, whose numerator and denominator are n / unit and d / unit,
    rated on `scheme` (None: not rated by this framework).

    `cache` (one scoring call's, where each scheme object lives throughout) returns
    the figure already built from the same inputs.
    """
    if cache is not None:
        key = (n, d, unit, cases, answers, id(scheme), minimum)
        found = cache.get(key)
        if found is None:
            found = cache[key] = make_figure(n, d, unit, cases, answers, scheme, minimum)
        return found
    percent: int | None = None
    ci: tuple[float, float] | None = None
    if d > 0:
        percent = percent_of(n, d)
        ci = _wilson(n, d, answers)
    rating: str | None = None
    points: int | None = None
    reason: str | None = None
    if scheme is not None:
        if d <= 0:
            reason = NO_ANSWERS
        elif cases < minimum:
            reason = below_minimum(cases, minimum)
        else:
            band = band_of(scheme, n, d)
            rating, points = band.label, band.points
    return Figure(
        numerator=_fraction(n, unit),
        denominator=_fraction(d, unit),
        cases=cases,
        answers=answers,
        percent=percent,
        rating=rating,
        points=points,
        ci_low=ci[0] if ci else None,
        ci_high=ci[1] if ci else None,
        not_rated_reason=reason,
    )


def _pool(tally: Tally, questions: Sequence[int]) -> tuple[int, int, int]:
    return (
        sum(tally.num[q] for q in questions),
        sum(tally.den[q] for q in questions),
        sum(tally.answers[q] for q in questions),
    )


def _judged_figure(
    s: Standard,
    scheme: RatingScheme | None,
    judgement: Judgement | None,
    required: Mapping[str, int],
) -> Figure:
    """The figure of a standard rated by judgement: the judged band, no counts."""
    band = scheme.band_by_label(judgement.rating) if (scheme and judgement) else None
    reason = None if band else "no judgement given"
    if s.requires_cases is not None and not required.get(s.id, 0):
        # e.g. HMIP 2021 resettlement: no custody case in the sample, no rating.
        band, reason = None, "no case in the sample meets the standard's conditions"
    return Figure(
        numerator=Fraction(0),
        denominator=Fraction(0),
        cases=0,
        answers=0,
        percent=None,
        rating=band.label if band else None,
        points=band.points if band else None,
        ci_low=None,
        ci_high=None,
        not_rated_reason=reason,
    )


def _key_questions(
    plan: Plan, tally: Tally, s: Standard, rate_scheme: RatingScheme | None, minimum: int
) -> tuple[list[tuple[int, Figure]], list[KeyQuestionResult]]:
    """Each key question's (code, figure), and its result with its prompts' figures."""
    scale = plan.scale
    cache = plan.figure_cache
    kq_figs: list[tuple[int, Figure]] = []
    kq_results: list[KeyQuestionResult] = []
    for kq in s.key_questions:
        qc = plan.code[kq.id]
        answers = tally.answers[qc]
        n, d = tally.num[qc], tally.den[qc]
        fig = make_figure(n, d, scale, answers, answers, rate_scheme, minimum, cache)
        kq_figs.append((qc, fig))
        prompts = []
        for p in kq.prompts:
            pc = plan.code[p.id]
            answers = tally.answers[pc]
            n, d = tally.num[pc], tally.den[pc]
            pfig = make_figure(n, d, scale, answers, answers, rate_scheme, minimum, cache)
            prompts.append(PromptResult(id=p.id, text=p.text, figure=pfig))
        kq_results.append(
            KeyQuestionResult(
                id=kq.id, text=kq.text, theme=kq.theme.value, figure=fig, prompts=tuple(prompts)
            )
        )
    return kq_figs, kq_results


def _aggregate(
    plan: Plan,
    tally: Tally,
    s: Standard,
    aggregation: StandardAggregation,
    kq_figs: Sequence[tuple[int, Figure]],
    rate_scheme: RatingScheme | None,
    minimum: int,
) -> tuple[Figure, str | None]:
    """A standard rated from cases: its figure and the deciding key question (if any)."""
    scale = plan.scale
    cases = tally.unit_cases[plan.unit(STANDARD, s.id)]
    # Key questions with applicable answers compete; prompts never decide.
    competing = [qc for qc, f in kq_figs if tally.den[qc] > 0]
    if aggregation is StandardAggregation.LOWEST_KEY_QUESTION and competing:
        # The lowest exact fraction decides; ties go to the first in framework order.
        # The figure carries the deciding key question's points, maximum and answers,
        # and the standard's own sample (distinct cases across its key questions),
        # which is what the minimum number of cases is checked against.
        low = competing[0]
        for qc in competing[1:]:
            if tally.num[qc] * tally.den[low] < tally.num[low] * tally.den[qc]:
                low = qc
        figure = make_figure(
            tally.num[low],
            tally.den[low],
            scale,
            cases,
            tally.answers[low],
            rate_scheme,
            minimum,
        )
        return figure, plan.questions[low].id
    if aggregation is StandardAggregation.MEAN and competing:
        # numerator / denominator = (sum of key-question fractions) / (key questions).
        total = sum((Fraction(tally.num[qc], tally.den[qc]) for qc in competing), Fraction(0))
        k = len(competing)
        figure = make_figure(
            total.numerator,
            total.denominator * k,
            total.denominator,
            cases,
            sum(tally.answers[qc] for qc in competing),
            rate_scheme,
            minimum,
        )
        return figure, None
    n, d, answers = _pool(tally, plan.standard_items[s.id])
    return make_figure(n, d, scale, cases, answers, rate_scheme, minimum), None


def _standard(
    plan: Plan,
    tally: Tally,
    s: Standard,
    judgement: Judgement | None,
    override: Override | None,
    required: Mapping[str, int],
) -> StandardResult:
    fw = plan.framework
    scheme = fw.rating_scheme(s.rating_scheme)
    minimum = fw.minimum_cases_of(s)
    domain_id = fw.domain_of(s.id).id
    deciding: str | None = None
    kq_results: list[KeyQuestionResult] = []

    if s.rated_by is RatedBy.JUDGEMENT:
        figure = _judged_figure(s, scheme, judgement, required)
    else:
        aggregation = fw.aggregation_of(s)
        rate_scheme = None if aggregation is StandardAggregation.COUNTS_ONLY else scheme
        kq_figs, kq_results = _key_questions(plan, tally, s, rate_scheme, minimum)
        figure, deciding = _aggregate(plan, tally, s, aggregation, kq_figs, rate_scheme, minimum)

    computed = figure.rating
    rating, points = computed, figure.points
    override_reason = None
    if override is not None and scheme is not None:
        band = scheme.band_by_label(override.rating)
        if band is not None:
            rating, points, override_reason = band.label, band.points, override.reason
    return StandardResult(
        id=s.id,
        name=s.name,
        domain_id=domain_id,
        rated_by="judgement" if s.rated_by is RatedBy.JUDGEMENT else "cases",
        counted=s.counted,
        subject=s.subject.value if s.rated_by is RatedBy.CASES else None,
        figure=figure,
        key_questions=tuple(kq_results),
        rating=rating,
        points=points,
        computed_rating=computed,
        override_reason=override_reason,
        judgement_reason=judgement.reason if judgement is not None else None,
        deciding_key_question=deciding,
    )


def _domain_rating(
    plan: Plan, domain: Domain, standards: Mapping[str, StandardResult]
) -> tuple[str | None, int | None, int | None, str | None]:
    """A rated domain's (rating, band points, most band points it can give, why not
    rated) from its standards' ratings; all None for a domain the framework does not rate."""
    fw = plan.framework
    rule = domain.rating
    if rule is None:
        return None, None, None, None
    results = [standards[s.id] for s in domain.standards]
    missing = [r.id for r in results if r.rating is None or r.points is None]
    if rule.method is DomainRatingMethod.LOWEST_STANDARD:
        top = max(
            (
                (sch.bands[0].points or 0)
                for s in domain.standards
                if (sch := fw.rating_scheme(s.rating_scheme)) is not None
            ),
            default=0,
        )
        if missing:
            return None, None, top, _missing_reason(missing)
        low = results[0]
        for r in results[1:]:
            if (r.points or 0) < (low.points or 0):
                low = r
        return low.rating, low.points, top, None
    scheme = fw.rating_scheme(rule.rating_scheme)
    max_points = (scheme.bands[0].points or 0) if scheme else 0
    if missing or scheme is None:
        return None, None, max_points, _missing_reason(missing)
    total = sum(r.points or 0 for r in results)
    band = scheme.band_for(Fraction(total))
    return band.label, band.points, max_points, None


def _missing_reason(missing: Sequence[str]) -> str:
    plural = "s" if len(missing) > 1 else ""
    return f"not rated: standard{plural} {', '.join(missing)} not rated"


def _overall_by_domains(plan: Plan, domains: Sequence[DomainResult]) -> OverallResult:
    """HMIP 2025: the overall from the areas' ratings, their band points summed, banded."""
    fw = plan.framework
    scheme = fw.rating_scheme(fw.overall.rating_scheme)
    rated = [(d, r) for d, r in zip(fw.domains, domains, strict=True) if d.rating is not None]
    total = sum(r.points or 0 for _, r in rated)
    max_points = sum(r.max_points or 0 for _, r in rated)
    unrated = [d.id for d, r in rated if r.rating is None or r.points is None]
    rating: str | None = None
    reason: str | None = None
    if unrated:
        plural = "s" if len(unrated) > 1 else ""
        reason = f"not rated: domain{plural} {', '.join(unrated)} not rated"
    elif scheme is not None:
        rating = scheme.band_for(Fraction(total)).label
    return OverallResult(
        method=fw.overall.method.value,
        rating=rating,
        points=total,
        max_points=max_points,
        not_rated_reason=reason,
        standards_counted=tuple(s.id for d, _ in rated for s in d.standards),
    )


def _overall(
    plan: Plan,
    tally: Tally,
    standards: Sequence[StandardResult],
    domains: Sequence[DomainResult] = (),
) -> OverallResult:
    fw = plan.framework
    method = fw.overall.method
    scheme = fw.rating_scheme(fw.overall.rating_scheme) if fw.overall.rating_scheme else None
    if method is OverallMethod.SUM_OF_DOMAIN_POINTS:
        return _overall_by_domains(plan, domains)
    if method is OverallMethod.SUM_OF_STANDARD_POINTS:
        counted = [r for r in standards if r.counted]
        total = sum(r.points for r in counted if r.points is not None)
        max_points = 0
        for r in counted:
            top = fw.rating_scheme(fw.standard(r.id).rating_scheme)
            max_points += (top.bands[0].points or 0) if top else 0
        missing = [r.id for r in counted if r.rating is None or r.points is None]
        rating: str | None = None
        reason: str | None = None
        if not counted:
            reason = "no counted standards"
        elif missing:
            plural = "s" if len(missing) > 1 else ""
            reason = f"not rated: standard{plural} {', '.join(missing)} not rated"
        elif scheme is not None:
            if scheme.basis is BandBasis.POINTS:
                rating = scheme.band_for(Fraction(total)).label
            elif max_points:
                rating = band_of(scheme, total, max_points).label
        return OverallResult(
            method=method.value,
            rating=rating,
            points=total,
            max_points=max_points,
            not_rated_reason=reason,
            standards_counted=tuple(r.id for r in counted),
        )
    if method is OverallMethod.POINTS_OVER_MAXIMUM:
        unit = plan.unit(OVERALL, "overall")
        num, den, answers = _pool(tally, plan.units[unit].questions)
        fig = make_figure(
            num, den, plan.scale, tally.unit_cases[unit], answers, scheme, fw.minimum_cases
        )
        with_answers = tuple(
            s.id
            for s in plan.case_standards
            if s.counted and any(tally.answers[q] for q in plan.standard_items[s.id])
        )
        return OverallResult(
            method=method.value,
            rating=fig.rating,
            percent=fig.percent,
            numerator=fig.numerator,
            denominator=fig.denominator,
            ci_low=fig.ci_low,
            ci_high=fig.ci_high,
            not_rated_reason=fig.not_rated_reason,
            standards_counted=with_answers,
        )
    return OverallResult(method=method.value, rating=None)


def _warnings(plan: Plan, tally: Tally, judged: Mapping[str, Judgement]) -> tuple[str, ...]:
    out = []
    for q, count, examples in tally.inapplicable:
        more = f" and {count - len(examples)} more" if count > len(examples) else ""
        out.append(
            f"{count} answer{'s' if count != 1 else ''} to question {plan.questions[q].id} "
            f"excluded: it does not apply to case{'s' if count != 1 else ''} "
            f"{', '.join(examples)}{more}"
        )
    for sid, count, examples in tally.partial:
        more = f" and {count - len(examples)} more" if count > len(examples) else ""
        out.append(
            f"{count} case{'s' if count != 1 else ''} answered only part of standard {sid}'s "
            f"key questions: {', '.join(examples)}{more}"
        )
    for s in plan.framework.standards:
        if s.rated_by is RatedBy.JUDGEMENT and s.id not in judged:
            out.append(f"standard {s.id} is rated by judgement but no judgement was given")
    return tuple(out)


def build_result(
    plan: Plan,
    tally: Tally,
    judgements: Mapping[str, Judgement],
    overrides: Mapping[str, Override],
    required: Mapping[str, int] | None = None,
) -> ScoreResult:
    """`required`: per judgement standard with requires_cases, the cases meeting it."""
    fw = plan.framework
    standards = tuple(
        _standard(plan, tally, s, judgements.get(s.id), overrides.get(s.id), required or {})
        for s in fw.standards
    )
    by_id = {r.id: r for r in standards}
    domains = []
    for d in fw.domains:
        u = plan.unit(DOMAIN, d.id)
        num, den, answers = _pool(tally, plan.units[u].questions)
        fig = make_figure(
            num, den, plan.scale, tally.unit_cases[u], answers, None, fw.minimum_cases
        )
        rating, points, max_points, reason = _domain_rating(plan, d, by_id)
        domains.append(
            DomainResult(
                id=d.id,
                name=d.name,
                figure=fig,
                rating=rating,
                points=points,
                max_points=max_points,
                not_rated_reason=reason,
            )
        )
    sections = []
    for sec in fw.sections:
        u = plan.unit(SECTION, sec.id)
        num, den, answers = _pool(tally, plan.units[u].questions)
        fig = make_figure(
            num, den, plan.scale, tally.unit_cases[u], answers, None, fw.minimum_cases
        )
        sections.append(GroupResult(id=sec.id, name=sec.name, figure=fig))
    headlines = []
    for h in fw.headlines:
        u = plan.unit(HEADLINE, h.id)
        num, den, answers = _pool(tally, plan.units[u].questions)
        fig = make_figure(
            num,
            den,
            plan.scale,
            tally.unit_cases[u],
            answers,
            fw.rating_scheme(h.rating_scheme),
            fw.minimum_cases,
        )
        headlines.append(GroupResult(id=h.id, name=h.name, figure=fig))
    return ScoreResult(
        framework_id=fw.id,
        cases=tally.cases,
        standards=standards,
        domains=tuple(domains),
        sections=tuple(sections),
        headlines=tuple(headlines),
        overall=_overall(plan, tally, standards, domains),
        warnings=_warnings(plan, tally, judgements),
    )
