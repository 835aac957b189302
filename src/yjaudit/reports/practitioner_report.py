"""Practitioner feedback: one case manager's audited cases against the whole service.

"Derby YOS, progress against HMIP areas for improvement, 9 September 2019":
"A detailed report on their own results is now routinely shared with
practitioners whose cases were audited as is detailed feedback on areas of strength
and development." Who may read it is decided in `yjaudit.organisations.permissions`
(the practitioner, their line manager and QA leads); this module only builds it.

Strengths and areas to develop use the narrative thresholds, with the minimum number
of cases lowered to `min_cases` (a practitioner has only a few audited cases).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from yjaudit.charts import Bar, Benchmark, bar_chart
from yjaudit.engine.types import ScoreResult
from yjaudit.narrative import NarrativeSettings, default_settings, select_findings
from yjaudit.spec import Framework

from .document import (
    Block,
    Cell,
    ChartBlock,
    FindingList,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    cell,
)
from .figures import chart_labels, percent_cell, result_items, standard_rating
from .round_report import RoundInfo, cover_for, limits_for, rates


@dataclass(frozen=True)
class PractitionerData:
    info: RoundInfo
    framework: Framework
    practitioner: str  # the case manager's name (staff are adults; children never named)
    case_references: tuple[str, ...]  # pseudonymous references of their audited cases
    own: ScoreResult | None
    service: ScoreResult | None
    narrative: NarrativeSettings | None = None
    min_cases: int = 1
    marking: str = ""
    generated_on: dt.date = field(default_factory=dt.date.today)


def _settings(data: PractitionerData) -> NarrativeSettings:
    base = data.narrative or default_settings()
    selection = base.selection.model_copy(
        update={"strength_min_n": data.min_cases, "improvement_min_n": data.min_cases}
    )
    return base.model_copy(update={"selection": selection})


def build_practitioner_report(data: PractitionerData) -> ReportDocument:
    fw = data.framework
    title = _("Practitioner feedback: %(name)s") % {"name": data.practitioner}
    cover = cover_for(data.info, title, data.info.service)
    cover = cover.__class__(
        cover.title,
        cover.subtitle,
        ((_("Practitioner"), data.practitioner), *cover.facts),
    )
    sections: list[Section] = []
    refs = data.case_references
    sections.append(
        Section(
            "cases",
            _("Your audited cases"),
            (
                Paragraph(
                    _("%(n)s of your cases were in this round's sample: %(refs)s.")
                    % {"n": len(refs), "refs": ", ".join(refs) if refs else "-"}
                ),
            ),
        )
    )
    if data.own is None or data.service is None or data.own.cases == 0:
        sections.append(
            Section(
                "figures",
                _("Your figures"),
                (Paragraph(_("None of your cases has been scored yet.")),),
            )
        )
    else:
        sections += _figures(fw, data)
    return ReportDocument(
        kind="practitioner",
        title=title,
        cover=cover,
        sections=tuple(sections),
        generated_on=data.generated_on,
        marking=data.marking,
    )


def _figures(fw: Framework, data: PractitionerData) -> list[Section]:
    assert data.own is not None and data.service is not None
    rated = rates(fw)
    headers = [_("Standard"), _("Your cases: %"), _("Your cases: number")]
    headers += [_("Service: %"), _("Service: cases")]
    if rated:
        headers.append(_("Service rating"))
    rows = []
    bars = []
    for s in data.own.standards:
        if s.rated_by != "cases":
            continue
        svc = data.service.standard(s.id)
        row = [
            Cell(f"{s.id} {s.name}"),
            percent_cell(s.figure),
            cell(s.figure.cases),
            percent_cell(svc.figure),
            cell(svc.figure.cases),
        ]
        if rated:
            row.append(Cell(standard_rating(svc, rated)))
        rows.append(tuple(row))
        if s.figure.percent is not None:
            bars.append(
                Bar(
                    f"{s.id} {s.name}",
                    s.figure.percent,
                    s.figure.ci_low,
                    s.figure.ci_high,
                    s.figure.cases,
                    benchmark=Benchmark(average=svc.figure.percent)
                    if svc.figure.percent is not None
                    else None,
                )
            )
    blocks: list[Block] = [
        Paragraph(
            _(
                "Your figures rest on few cases, so their intervals are wide: read them "
                "as feedback, not as a rating. Ratings are given for the service only."
            )
        ),
        Table("practitioner", _("Your cases against the service"), tuple(headers), tuple(rows)),
    ]
    if bars:
        labels = chart_labels(average=_("Service"))
        limits = (
            limits_for(
                fw,
                [data.service.standard(s.id) for s in data.own.standards if s.rated_by == "cases"],
            )
            if rated
            else ()
        )
        blocks.append(
            ChartBlock(
                bar_chart(
                    bars, title=_("Your cases against the service"), limits=limits, labels=labels
                )
            )
        )
    settings = _settings(data)
    subs = []
    for s in data.own.standards:
        if s.rated_by != "cases" or not s.figure.answers:
            continue
        sel = select_findings(result_items(s), settings=settings)
        subs.append(
            Section(
                f"develop-{s.id}",
                f"{s.id} {s.name}",
                (
                    FindingList(
                        _("Strengths"), tuple(f.sentence for f in sel.strengths), _("None listed.")
                    ),
                    FindingList(
                        _("Areas to develop"),
                        tuple(f.sentence for f in sel.improvements),
                        _("None listed."),
                    ),
                ),
            )
        )
    return [
        Section("figures", _("Your figures against the service"), tuple(blocks)),
        Section("develop", _("Strengths and areas to develop"), (), tuple(subs)),
    ]
