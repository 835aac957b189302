"""`yjaudit answers export ROUND_ID` and `yjaudit answers import FILE ROUND_ID`.

The file is the answers CSV `yjaudit score` reads (case_id,question_id,answer,note, then
case attribute columns), so a round can be scored outside the app, and a round done
on paper or in a spreadsheet can be loaded. `--judgements` and `--overrides` name the
round's judgements (standard_id,rating,reason,evidence) and rating overrides
(standard_id,rating,reason) files, both ways: export then import gives back the
answers, their notes, not-applicable answers, judgements and overrides exactly.
An import checks every file first and writes nothing on any problem (message with
file, row and column; exit status 2).
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

import click

from .django import setup_django
from .errors import CliError, warn
from .i18n import _

# Attribute columns written on export, in this order (then any service-defined ones).
ATTRIBUTE_COLUMNS = (
    "setting",
    "disposal_category",
    "disposal_type",
    "resettlement",
    "rosh",
    "safety_wellbeing",
    "likelihood_reoffending",
    "sex",
    "ethnicity",
    "age_at_start",
    "looked_after",
    "team",
    "case_manager",
)


@click.group(short_help="Export or import a round's case answers (CSV).")
def answers() -> None:
    """Export or import the case answers of an audit round as CSV."""


def _round(round_id: int) -> Any:
    from yjaudit.audits.models import AuditRound

    audit_round = (
        AuditRound.objects.filter(pk=round_id)
        .select_related("service", "framework_edition")
        .first()
    )
    if audit_round is None:
        raise CliError(_("no audit round %(id)s") % {"id": round_id})
    return audit_round


@answers.command("export")
@click.argument("round_id", type=int)
@click.option("--output", "-o", metavar="FILE.csv", help="Write here instead of stdout.")
@click.option(
    "--judgements",
    "judgements_path",
    metavar="FILE.csv",
    help="Also write the round's judgements (for `yjaudit score --judgements`).",
)
@click.option(
    "--overrides",
    "overrides_path",
    metavar="FILE.csv",
    help="Also write the round's rating overrides (for `yjaudit answers import --overrides`).",
)
@click.option(
    "--in-progress",
    is_flag=True,
    help="Also write case audits in draft or returned, which the round's figures do not count.",
)
def export(
    round_id: int,
    output: str | None,
    judgements_path: str | None,
    overrides_path: str | None,
    in_progress: bool,
) -> None:
    """Write ROUND_ID's answers as the CSV `yjaudit score` reads: the submitted (and
    later) case audits the round's figures count, so `yjaudit score` gives the same."""
    setup_django()
    from yjaudit.audits.case_audits.round_scores import round_inputs
    from yjaudit.audits.models import CaseAnswer, JudgementRating, SampleStatus
    from yjaudit.interchange import write_answers, write_judgements, write_overrides

    audit_round = _round(round_id)
    answer_list, attributes, judgements, overrides = round_inputs(
        audit_round, in_progress=in_progress
    )
    notes = {
        (ref, qid): note
        for ref, qid, note in CaseAnswer.objects.filter(
            audit__round=audit_round, audit__sampled_case__status=SampleStatus.ACTIVE
        )
        .exclude(note="")
        .values_list("audit__case__reference", "question_id", "note")
    }
    extra = sorted({k for a in attributes.values() for k in a} - set(ATTRIBUTE_COLUMNS))
    columns = [*ATTRIBUTE_COLUMNS, *extra]

    def write(stream: TextIO) -> int:
        return write_answers(
            stream, answer_list, case_attributes=attributes, attribute_columns=columns, notes=notes
        )

    try:
        if output:
            with open(output, "w", newline="", encoding="utf-8") as stream:
                n = write(stream)
        else:
            n = write(sys.stdout)
        if judgements_path:
            evidence = dict(
                JudgementRating.objects.filter(round=audit_round).values_list(
                    "standard_id", "evidence"
                )
            )
            with open(judgements_path, "w", newline="", encoding="utf-8") as stream:
                write_judgements(stream, judgements, evidence)
        if overrides_path:
            with open(overrides_path, "w", newline="", encoding="utf-8") as stream:
                write_overrides(stream, overrides)
    except OSError as exc:
        raise CliError(
            _("%(file)s: cannot write the file: %(error)s")
            % {"file": exc.filename, "error": exc.strerror}
        ) from None
    if overrides and not overrides_path:
        warn(
            _(
                "round %(id)s has %(n)s rating override(s), which the answers "
                "file does not carry (use --overrides FILE.csv): `yjaudit score` shows the "
                "computed ratings"
            )
            % {"id": round_id, "n": len(overrides)}
        )
    click.echo(
        _("Round %(id)s: %(n)s answers from %(cases)s cases (%(framework)s).")
        % {
            "id": round_id,
            "n": n,
            "cases": len(attributes),
            "framework": audit_round.framework_edition.framework_id,
        },
        err=True,
    )


@answers.command("import")
@click.argument("path", metavar="FILE.csv")
@click.argument("round_id", type=int)
@click.option("--judgements", "judgements_path", metavar="FILE.csv", help="Judgements to load.")
@click.option("--overrides", "overrides_path", metavar="FILE.csv", help="Overrides to load.")
def import_(
    path: str, round_id: int, judgements_path: str | None, overrides_path: str | None
) -> None:
    """Load FILE.csv's answers into ROUND_ID's case audits (all or nothing)."""
    setup_django()
    from yjaudit.audits.case_audits import services as audit_services
    from yjaudit.interchange import (
        InterchangeError,
        read_answers,
        read_answers_path,
        read_judgements_path,
        read_overrides_path,
    )
    from yjaudit.web.ratings import label_from_words

    audit_round = _round(round_id)
    framework = audit_round.framework_edition.spec()
    try:
        answer_file = (
            read_answers(sys.stdin.buffer.read(), "<stdin>", framework)
            if path == "-"
            else read_answers_path(path, framework)
        )
        # Ratings may be typed in Welsh ("Da"); they are stored as the framework's labels.
        judgement_file = (
            read_judgements_path(judgements_path, framework, words=label_from_words)
            if judgements_path
            else None
        )
        override_file = (
            read_overrides_path(overrides_path, framework, words=label_from_words)
            if overrides_path
            else None
        )
    except InterchangeError as exc:
        raise CliError(str(exc)) from None
    for message in (*answer_file.warnings, *(judgement_file.warnings if judgement_file else ())):
        warn(message)
    try:
        summary = audit_services.import_answers(
            actor=None,
            audit_round=audit_round,
            answer_file=answer_file,
            judgement_file=judgement_file,
            override_file=override_file,
        )
    except audit_services.AuditError as exc:
        raise CliError(str(exc)) from None
    click.echo(
        _(
            "Round %(id)s: %(answers)s answers for %(cases)s cases read, "
            "%(changed)s changed; %(judgements)s judgements and "
            "%(overrides)s overrides changed."
        )
        % {"id": round_id, **summary}
    )
