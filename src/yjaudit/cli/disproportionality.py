"""`yjaudit disproportionality COUNTS.csv --reference GROUP [--json]`.

COUNTS.csv has the columns ``stage,group,count``. The rows of the first stage are each
group's base (e.g. the population aged 10-17); each later stage's base is the same
group's count at the stage before. Stages keep the order in which the file first names
them. `--json` prints::

    {"reference": "White", "stages": [{"stage": "...", "base_stage": "...", "groups": [
        {"group", "count", "base", "rate", "rri", "ci_low", "ci_high", "flag", "reason"}]}]}

with the reference group's ``rri`` 1 and ``flag`` "reference". A group with a count of
0 (or no children at the stage before) gets no RRI (``null``), a ``reason_code``
(``zero-count``, ``no-base``, ...: `yjaudit.stats.Why`) and the ``reason`` in words, in
the CLI's language. Bad input stops with exit status 2, naming the file, row and column.
"""

from __future__ import annotations

import json

import click

from yjaudit.interchange import InterchangeError, read_csv_path
from yjaudit.stats import Reason, Why
from yjaudit.stats.stages import (
    NO_DIFFERENCE,
    OVER,
    REFERENCE,
    UNDER,
    GroupRate,
    StageCount,
    StagesError,
    staged_rri,
)

from .errors import CliError
from .i18n import _
from .tables import render_table

COLUMNS = ("stage", "group", "count")
# Counts above this are not counts of children in one area (and would be a typo).
MAX_COUNT = 10**9


@click.command(short_help="Relative rate index per stage and group, with 95% intervals.")
@click.argument("counts_path", metavar="COUNTS.csv")
@click.option(
    "--reference",
    required=True,
    metavar="GROUP",
    help="The group every other group is compared with (usually White).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def disproportionality(counts_path: str, reference: str, as_json: bool) -> None:
    """Disproportionality: each group's relative rate index (RRI) at each stage.

    RRI = (a/A) / (b/B), a group's rate over the reference group's, with the 95% interval
    exp(ln RRI +/- 1.96 sqrt(1/a - 1/A + 1/b - 1/B)). A group is over-represented when the
    whole interval is above 1, under-represented when it is below 1.
    """
    try:
        table = read_csv_path(counts_path, required=COLUMNS)
    except InterchangeError as exc:
        raise CliError(str(exc)) from None
    counts = []
    for row in table.rows:
        text = row["count"].replace(",", "")
        if not text.isdigit() or int(text) > MAX_COUNT:
            raise CliError(
                str(
                    table.error(
                        f"count must be a whole number from 0 to {MAX_COUNT:,}, "
                        f"not {row['count']!r}",
                        row=row.number,
                        column="count",
                    )
                )
            )
        counts.append(StageCount(row["stage"], row["group"], int(text)))
    try:
        stages = staged_rri(counts, reference)
    except StagesError as exc:
        row_number = table.rows[exc.index].number if exc.index is not None else None
        raise CliError(str(table.error(exc.message, row=row_number, column=exc.field))) from None
    if as_json:
        click.echo(
            json.dumps(
                {
                    "reference": reference,
                    "stages": [
                        {
                            "stage": s.stage,
                            "base_stage": s.base_stage,
                            "groups": [_group_dict(g) for g in s.groups],
                        }
                        for s in stages
                    ],
                },
                indent=2,
            )
        )
        return
    for s in stages:
        click.echo(
            "\n" + _("%(stage)s (base: %(base)s)") % {"stage": s.stage, "base": s.base_stage}
        )
        rows = [
            [
                g.group,
                f"{g.count:,}",
                f"{g.base:,}",
                "" if g.rate is None else f"{g.rate:.1%}",
                "" if g.rri is None else f"{g.rri:.2f}",
                "" if g.ci_low is None or g.ci_high is None else f"{g.ci_low:.2f}-{g.ci_high:.2f}",
                flag_words(g.flag) or reason_words(g.reason),
            ]
            for g in s.groups
        ]
        click.echo(
            render_table(
                [
                    _("Group"),
                    _("Count"),
                    _("Base"),
                    _("Rate"),
                    "RRI",
                    _("95% interval"),
                    _("Reading"),
                ],
                rows,
                right={1, 2, 3, 4, 5},
            )
        )


def _group_dict(g: GroupRate) -> dict[str, object]:
    return {
        "group": g.group,
        "count": g.count,
        "base": g.base,
        "rate": g.rate,
        "rri": g.rri,
        "ci_low": g.ci_low,
        "ci_high": g.ci_high,
        "flag": g.flag,
        "reason": reason_words(g.reason) or None,
        "reason_code": None if g.reason is None else str(g.reason.why),
    }


def flag_words(flag: str | None) -> str:
    words = {
        OVER: _("over-represented"),
        UNDER: _("under-represented"),
        NO_DIFFERENCE: _("no evidence of a difference"),
        REFERENCE: _("reference group"),
    }
    return words.get(flag or "", flag or "")


def reason_words(reason: Reason | None) -> str:
    """Why a group has no RRI, in the CLI's language (the monitoring pages word the same
    reasons with the same messages, so the two read alike)."""
    if reason is None:
        return ""
    group = reason.group or ""
    if reason.why is Why.NO_BASE:
        if reason.reference:
            return _(
                "the reference group (%(group)s) had no children at the stage before, "
                "so it has no rate"
            ) % {"group": group}
        return _("%(group)s had no children at the stage before, so it has no rate") % {
            "group": group
        }
    if reason.why is Why.ZERO_COUNT:
        if reason.reference:
            return _(
                "the reference group (%(group)s) has a count of 0 at this stage, "
                "so the RRI has no value (log of 0)"
            ) % {"group": group}
        return _("%(group)s has a count of 0 at this stage, so the RRI has no value (log of 0)") % {
            "group": group
        }
    if reason.why is Why.REFERENCE_NO_EVENTS:
        return _("the reference group has no events")
    return _("the group has no events: no interval")
