"""`yjaudit score ANSWERS.csv --framework ID_OR_FILE [--judgements FILE] [--by ATTR] [--json]`."""

from __future__ import annotations

import json
import sys

import click

from yjaudit.engine.types import EngineInputError, ScoreReport, ScoreResult, StandardResult
from yjaudit.interchange import (
    InterchangeError,
    read_answers,
    read_answers_path,
    read_judgements_path,
)
from yjaudit.interchange.answers import ANSWER, AnswerFile
from yjaudit.interchange.judgements import JudgementFile
from yjaudit.interchange.results import report_dict
from yjaudit.spec.model import Framework, OverallMethod, RatedBy
from yjaudit.web.ratings import rating_words

from .errors import CliError, warn
from .frameworks import load
from .i18n import _, ngettext
from .tables import fmt_interval, fmt_percent, fmt_score, render_table, shorten

# The engine names Answer fields; the file names columns.
_COLUMN_OF_FIELD = {"value": ANSWER}
_JUDGEMENT_FIELDS = {"standard_id", "rating", "reason"}


@click.command(short_help="Score case answers against a framework.")
@click.argument("answers_path", metavar="ANSWERS.csv")
@click.option(
    "--framework",
    "-f",
    "framework_ref",
    required=True,
    metavar="ID_OR_FILE",
    help="A bundled framework id (see `yjaudit frameworks list`) or a framework file.",
)
@click.option(
    "--judgements",
    "judgements_path",
    metavar="FILE.csv",
    help="Ratings of judgement standards: columns standard_id,rating[,reason].",
)
@click.option(
    "--by",
    "by",
    multiple=True,
    metavar="ATTRIBUTE",
    help="Also score each value of this case attribute (a column of ANSWERS.csv) "
    "separately, e.g. --by setting. Repeatable.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--prompts", is_flag=True, help="Show prompts in the tables too.")
def score(
    answers_path: str,
    framework_ref: str,
    judgements_path: str | None,
    by: tuple[str, ...],
    as_json: bool,
    prompts: bool,
) -> None:
    """Score case answers against a framework: figures and ratings per prompt, key
    question, standard, headline and overall.

    ANSWERS.csv has the columns case_id,question_id,answer (answer: yes / no / partly /
    na in any letter case, or the number of points the answer scores); any further
    column is a case attribute (e.g. setting: custody or community). Give - to read
    ANSWERS.csv from standard input.
    """
    from yjaudit.engine.scoring import score as score_answers

    framework = load(framework_ref)
    try:
        answer_file = (
            read_answers(sys.stdin.buffer.read(), "<stdin>", framework)
            if answers_path == "-"
            else read_answers_path(answers_path, framework)
        )
        judgement_file = (
            read_judgements_path(judgements_path, framework) if judgements_path else None
        )
    except InterchangeError as exc:
        raise CliError(str(exc)) from None
    by_column = {c.lower(): c for c in answer_file.attribute_columns}
    split_by: list[str] = []
    for attribute in by:
        column = by_column.get(attribute.strip().lower())
        if column is None:
            columns = ", ".join(answer_file.attribute_columns) or "none"
            raise CliError(
                f"{answer_file.file}: row 1: --by {attribute}: no such column "
                f"(case attribute columns: {columns})"
            )
        if column not in split_by:
            split_by.append(column)
    try:
        report = score_answers(
            framework,
            answer_file.answers,
            case_attributes=answer_file.case_attributes,
            judgements=judgement_file.judgements if judgement_file else (),
            by=split_by,
        )
    except EngineInputError as exc:
        raise CliError(_engine_problem(exc, answer_file, judgement_file)) from None
    notes = (*(judgement_file.warnings if judgement_file else ()), *answer_file.warnings)
    for message in dict.fromkeys((*notes, *report.result.warnings)):
        warn(message)
    if as_json:
        data = report_dict(report, framework, extra_warnings=notes)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(render_report(report, framework, prompts=prompts))


def _engine_problem(
    exc: EngineInputError, answers: AnswerFile, judgements: JudgementFile | None
) -> str:
    """Where the engine's complaint is, as file, row and column.

    The readers check everything first, so this is a second line of defence: the
    engine names the position of the answer (or judgement) and the field.
    """
    file, rows = answers.file, answers.rows
    if judgements is not None and exc.field in _JUDGEMENT_FIELDS:
        file, rows = judgements.file, judgements.rows
    where: list[str] = []
    if exc.index is not None and 0 <= exc.index < len(rows):
        where.append(f"row {rows[exc.index]}")
    if exc.field:
        where.append(f"column {_COLUMN_OF_FIELD.get(exc.field, exc.field)}")
    located = f"{file}: {', '.join(where)}" if where else file
    return f"{located}: {exc}"


# -- the readable report ---------------------------------------------------------------


def _words(label: str | None) -> str:
    """A band label in the CLI's language; --json keeps the label itself."""
    return rating_words(label, _)


def render_report(report: ScoreReport, framework: Framework, *, prompts: bool = False) -> str:
    title = _("%(name)s (%(id)s, edition %(edition)s)") % {
        "name": framework.name,
        "id": framework.id,
        "edition": framework.edition,
    }
    parts = [render_result(report.result, framework, title=title, prompts=prompts)]
    for attribute, by_value in report.splits.items():
        for value, result in by_value.items():
            heading = f"{attribute} = {value or '(none)'}"
            parts.append(render_result(result, framework, title=heading, prompts=prompts))
    return "\n\n".join(parts)


def _headers() -> list[str]:
    return [_("Id"), _("Standard / question"), _("Score"), "%", _("95% CI"), _("Rating"), _("Pts")]


_RIGHT = {2, 3, 4, 6}


def render_result(
    result: ScoreResult, framework: Framework, *, title: str, prompts: bool = False
) -> str:
    cases = ngettext("%(n)s case", "%(n)s cases", result.cases) % {"n": result.cases}
    lines = [f"{title}: {cases}", ""]
    rows: list[list[str]] = []
    for s in result.standards:
        rows.append(_standard_row(s))
        for kq in s.key_questions:
            f = kq.figure
            rows.append(
                [
                    f"  {kq.id}",
                    shorten(kq.text, 48),
                    fmt_score(f.numerator, f.denominator),
                    fmt_percent(f.percent),
                    fmt_interval(f.ci_low, f.ci_high),
                    _rating(f.rating, f.not_rated_reason, f.denominator > 0),
                    "",
                ]
            )
            if prompts:
                for p in kq.prompts:
                    pf = p.figure
                    rows.append(
                        [
                            f"    {p.id}",
                            "  " + shorten(p.text, 46),
                            fmt_score(pf.numerator, pf.denominator),
                            fmt_percent(pf.percent),
                            fmt_interval(pf.ci_low, pf.ci_high),
                            _rating(pf.rating, pf.not_rated_reason, pf.denominator > 0),
                            "",
                        ]
                    )
    lines.append(render_table(_headers(), rows, right=_RIGHT))
    note = _not_rated_note(result)
    if note:
        lines.append(note)
    groups = [(_("Section"), g) for g in result.sections]
    groups += [(_("Headline"), g) for g in result.headlines]
    if groups:
        lines.append("")
        group_rows = [
            [
                g.id,
                f"{kind}: {g.name}",
                fmt_score(g.figure.numerator, g.figure.denominator),
                fmt_percent(g.figure.percent),
                fmt_interval(g.figure.ci_low, g.figure.ci_high),
                _rating(g.figure.rating, g.figure.not_rated_reason, g.figure.denominator > 0),
                "",
            ]
            for kind, g in groups
        ]
        lines.append(render_table(_headers(), group_rows, right=_RIGHT))
    areas = _area_lines(result, framework)
    if areas:
        lines.append("")
        lines.extend(areas)
    lines.append("")
    lines.append(_overall_line(result, framework))
    return "\n".join(lines)


def _area_lines(result: ScoreResult, framework: Framework) -> list[str]:
    """Rated domains (the 2025 programme's areas): rating and band points, or why not."""
    out = []
    for domain, d in zip(framework.domains, result.domains, strict=True):
        if domain.rating is None:
            continue
        if d.rating is not None:
            rating = _("%(rating)s (%(points)s/%(max)s points)") % {
                "rating": _words(d.rating),
                "points": d.points,
                "max": d.max_points,
            }
        else:
            reason = (d.not_rated_reason or "").removeprefix("not rated").lstrip(" :")
            rating = _("not rated") + (f" ({reason})" if reason else "")
        out.append(
            _("Area %(id)s %(name)s: %(rating)s") % {"id": d.id, "name": d.name, "rating": rating}
        )
    return out


def _standard_row(s: StandardResult) -> list[str]:
    f = s.figure
    if s.rated_by == RatedBy.JUDGEMENT.value:
        score_text, percent, interval = _("judgement"), "", ""
    else:
        score_text = fmt_score(f.numerator, f.denominator)
        percent, interval = fmt_percent(f.percent), fmt_interval(f.ci_low, f.ci_high)
    not_rated = f.not_rated_reason or s.rated_by == "judgement"
    rating = _words(s.rating) or (_("not rated") if not_rated else "")
    if s.override_reason:
        rating += " " + _("(override)")
    if not s.counted:
        rating += " " + _("(not counted)")
    return [
        s.id,
        s.name,
        score_text,
        percent,
        interval,
        rating,
        "" if s.points is None else str(s.points),
    ]


def _rating(rating: str | None, reason: str | None, has_answers: bool) -> str:
    if rating:
        return _words(rating)
    return _("not rated") if reason or not has_answers else ""


def _overall_line(result: ScoreResult, framework: Framework) -> str:
    o = result.overall
    rating = _words(o.rating) or _("not rated")
    if o.not_rated_reason and not o.rating:
        reason = o.not_rated_reason.removeprefix("not rated").lstrip(" :")
        rating += f" ({reason})" if reason else ""
    method = framework.overall.method
    parts: list[str] = []
    if method in (OverallMethod.SUM_OF_STANDARD_POINTS, OverallMethod.SUM_OF_DOMAIN_POINTS):
        if o.max_points is not None:
            parts.append(_("%(points)s/%(max)s points") % {"points": o.points, "max": o.max_points})
    elif method is OverallMethod.POINTS_OVER_MAXIMUM:
        if o.numerator is not None and o.denominator is not None:
            parts.append(fmt_score(o.numerator, o.denominator))
        parts.append(fmt_percent(o.percent))
    else:
        return _("Overall: not rated by this framework")
    parts.append(rating)
    interval = fmt_interval(o.ci_low, o.ci_high)
    if interval:
        parts.append(_("(95%% CI %(interval)s)") % {"interval": interval})
    return _("Overall: ") + " ".join(p for p in parts if p)


def _not_rated_note(result: ScoreResult) -> str | None:
    reasons = [
        f"{s.id} ({s.figure.not_rated_reason})"
        for s in result.standards
        if s.rating is None and s.figure.not_rated_reason
    ]
    return _("Not rated: ") + "; ".join(reasons) if reasons else None


__all__ = ["render_report", "score"]
