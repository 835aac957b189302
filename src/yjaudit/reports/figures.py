"""Small helpers that turn engine figures into report cells and words.

Shared by every builder so a percentage, an interval or "Not rated" reads the same in
the round report, the trend, the practitioner feedback and the board pack.
"""

from __future__ import annotations

from fractions import Fraction

from django.utils.translation import gettext as _

from yjaudit.engine.types import Figure, KeyQuestionResult, PromptResult, StandardResult
from yjaudit.narrative import ResultItem
from yjaudit.web.charts import chart_labels as chart_labels  # re-exported for the builders
from yjaudit.web.ratings import rating_words as rating_words  # re-exported for the builders
from yjaudit.web.reasons import why_not_rated

from .document import Cell, cell


def number(value: Fraction | None) -> int | float | None:
    """An exact count or points total as a spreadsheet number (68.5 stays 68.5)."""
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    return float(value)


def hidden(figure: Figure) -> bool:
    """Left out for a small count (yjaudit.audits.disclosure)."""
    return bool(getattr(figure, "suppressed", False))


def percent_cell(figure: Figure) -> Cell:
    if hidden(figure):
        return Cell(_("Not shown"))
    if figure.percent is None:
        return Cell(_("No figure"))
    return cell(figure.percent, f"{figure.percent}%")


def cases_cell(figure: Figure) -> Cell:
    """The cases behind a figure; blank when the figure is left out for a small count."""
    return Cell("") if hidden(figure) else cell(figure.cases)


def interval_cells(figure: Figure) -> tuple[Cell, Cell]:
    return (
        cell(figure.ci_low, None if figure.ci_low is None else f"{figure.ci_low:g}%"),
        cell(figure.ci_high, None if figure.ci_high is None else f"{figure.ci_high:g}%"),
    )


def interval_text(figure: Figure) -> str:
    if figure.ci_low is None or figure.ci_high is None:
        return ""
    return _("%(low)s%% to %(high)s%%") % {
        "low": f"{figure.ci_low:g}",
        "high": f"{figure.ci_high:g}",
    }


def points_cell(figure: Figure) -> Cell:
    if not figure.denominator:
        return Cell("")
    num, den = number(figure.numerator), number(figure.denominator)
    return Cell(f"{_fmt(num)} / {_fmt(den)}", num)


def score_cells(figure: Figure) -> tuple[Cell, Cell]:
    """Points scored and the maximum, as numbers (blank when nothing applies or hidden)."""
    if hidden(figure) or not figure.denominator:
        return Cell(""), Cell("")
    return cell(number(figure.numerator)), cell(number(figure.denominator))


def _fmt(value: int | float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def figure_rating(figure: Figure, rates: bool) -> str:
    """The rating words for a figure: the band, "Not rated", or "" when nothing rates it."""
    if not rates:
        return ""
    if figure.rating:
        return rating_words(figure.rating)
    if figure.percent is None and not figure.not_rated_reason:
        return ""
    return _("Not rated")


def standard_rating(standard: StandardResult, rates: bool) -> str:
    """The rating that stands, saying when it was set by hand over the computed one.

    The reason typed for an override or a judgement is free text and is never printed
    in a report (it could name a child); the report says that the rating was set by
    hand and what the computed rating was.
    """
    if not rates:
        return ""
    if standard.rating is None:
        return _("Not rated")
    if standard.override_reason is not None:
        computed = rating_words(standard.computed_rating) or _("not rated")
        return _("%(rating)s (set by hand; computed: %(computed)s)") % {
            "rating": rating_words(standard.rating),
            "computed": computed,
        }
    return rating_words(standard.rating)


def not_rated_note(standard: StandardResult) -> str:
    if standard.rating is not None:
        return ""
    reason = standard.figure.not_rated_reason
    if standard.rated_by == "judgement" and not reason:
        return _("No judgement has been recorded yet.")
    return why_not_rated(reason)


def result_items(standard: StandardResult) -> list[ResultItem]:
    """Prompt and key-question results as narrative items, worded from the framework.

    Findings are the framework's question text ("the answer was yes to ..."), never an
    auditor's notes. With part points ("partly" = half) k is the whole number of cases
    nearest the percentage, and the figure's own percentage decides.
    """
    items: list[ResultItem] = []
    for kq in standard.key_questions:
        questions: list[KeyQuestionResult | PromptResult] = [kq, *kq.prompts]
        for q in questions:
            f = q.figure
            if not f.answers or f.percent is None:
                continue
            whole = f.denominator == f.answers and f.numerator.denominator == 1
            k = int(f.numerator) if whole else round(Fraction(f.percent * f.answers, 100))
            k = max(0, min(k, f.answers))
            finding = _("the answer was yes to %(id)s “%(question)s”") % {
                "id": q.id,
                "question": q.text.strip(),
            }
            items.append(ResultItem(q.id, finding, k, f.answers, f.percent))
    return items
