"""`yjaudit answers export` then `yjaudit answers import` into another round of the same
cases gives back exactly what went out: answers, notes, not applicable, judgements
(with evidence) and overrides; property-tested over generated answer sets. A bad row
in any of the files writes nothing and is named by file, row and column."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audits.audit_world import build_world
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audits.models import (
    AuditRound,
    CaseAnswer,
    CaseAudit,
    JudgementRating,
    RatingOverride,
    SampledCase,
)
from yjaudit.cli.main import main
from yjaudit.spec.model import RatedBy

pytestmark = pytest.mark.django_db

TRICKY = [
    "=SUM(A1)",
    "'=SUM(A1)",
    "+44 20",
    "-5",
    "@here",
    'a, "quoted", b',
    "line one\nline two",
    "Tystiolaeth: ŵŷ âêîôû ẁẃẅỳ",
]
PIECES = st.sampled_from(list("aZ09 ,;\"'=+-@\n") + list("ŵŷâ") + TRICKY)
TEXT = st.one_of(
    st.lists(PIECES, max_size=6).map(lambda p: "".join(p).strip()), st.sampled_from(TRICKY)
)
REQUIRED = TEXT.filter(bool)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def state(audit_round: AuditRound) -> dict[str, Any]:
    return {
        "answers": {
            (a.audit.case.reference, a.question_id): (a.value, a.note, a.by_rule)
            for a in CaseAnswer.objects.filter(audit__round=audit_round).select_related(
                "audit__case"
            )
        },
        "judgements": {
            j.standard_id: (j.rating, j.evidence, j.reasons)
            for j in JudgementRating.objects.filter(round=audit_round)
        },
        "overrides": {
            o.standard_id: (o.rating, o.reason)
            for o in RatingOverride.objects.filter(round=audit_round)
        },
    }


def second_round(world: Any, name: str = "Quarter 2", audits: bool = True) -> AuditRound:
    source = world.round
    other = AuditRound.objects.create(
        service=source.service,
        framework_edition=source.framework_edition,
        name=name,
        kind=source.kind,
        period_start=source.period_start,
        period_end=source.period_end,
        sample_rule=source.sample_rule,
        requested_size=source.requested_size,
        status=source.status,
    )
    for s in SampledCase.objects.filter(round=source).order_by("position"):
        SampledCase.objects.create(round=other, case=s.case, stratum=s.stratum, position=s.position)
    if audits:
        audit_services.ensure_audits(actor=world.users["qa"], audit_round=other)
    return other


@pytest.fixture
def world() -> Any:
    world = build_world("hmip-youth-2021", n=4, code="RT")
    world.extra["copy"] = second_round(world)
    return world


def fill(world: Any, data: st.DataObject) -> None:
    """Answers and notes (any subset of each case's questions), judgements, overrides."""
    for audit in world.audits:
        items = []
        for view in audit_selectors.audit_layout(audit):
            for q in view.visible:
                if data.draw(st.booleans()):
                    code = data.draw(st.sampled_from([c for c, _ in q.values]))
                    items.append(AnswerInput(q.id, code, data.draw(TEXT)))
        audit.refresh_from_db()
        audit_services.save_answers(
            actor=world.users["auditor"], audit=audit, version=audit.version, answers=items
        )
    framework = results.round_framework(world.round)
    for standard in framework.standards:
        scheme = framework.rating_scheme(standard.rating_scheme)
        if scheme is None:
            continue
        labels = [b.label for b in scheme.bands]
        if standard.rated_by is RatedBy.JUDGEMENT and data.draw(st.booleans()):
            audit_services.set_judgement(
                actor=world.users["qa"],
                audit_round=world.round,
                standard_id=standard.id,
                rating=data.draw(st.sampled_from(labels)),
                evidence=data.draw(TEXT),
                reasons=data.draw(REQUIRED),
            )
        if data.draw(st.integers(0, 4)) == 0:
            audit_services.set_override(
                actor=world.users["qa"],
                audit_round=world.round,
                standard_id=standard.id,
                rating=data.draw(st.sampled_from(labels)),
                reason=data.draw(REQUIRED),
            )


def export(audit_round: AuditRound, folder: Path) -> tuple[Path, Path, Path]:
    paths = (folder / "answers.csv", folder / "judgements.csv", folder / "overrides.csv")
    r = run(
        "answers",
        "export",
        str(audit_round.pk),
        "-o",
        str(paths[0]),
        "--judgements",
        str(paths[1]),
        "--overrides",
        str(paths[2]),
        # The generated audits are drafts; the round trip covers every answer held.
        "--in-progress",
    )
    assert r.exit_code == 0, r.output
    return paths


def load(audit_round: AuditRound, paths: tuple[Path, Path, Path]) -> Any:
    a, j, o = (str(p) for p in paths)
    return run("answers", "import", a, str(audit_round.pk), "--judgements", j, "--overrides", o)


@settings(
    max_examples=15,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(data=st.data())
def test_export_then_import_gives_back_exactly_what_went_out(
    world: Any, tmp_path_factory: Any, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("answers")
    copy = world.extra["copy"]
    with transaction.atomic():
        fill(world, data)
        paths = export(world.round, folder)
        r = load(copy, paths)
        assert r.exit_code == 0, r.output
        original, copied = state(world.round), state(copy)
        assert copied == original
        # And the copy's export is the same files, byte for byte.
        (folder / "again").mkdir()
        again = export(copy, folder / "again")
        assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("which", "bad", "where"),
    [
        (0, "RT-NOPE,{q},yes,,", "answers.csv: row {n}, column case_id"),
        (0, "{case},{q},maybe,,", "answers.csv: row {n}, column answer"),
        (1, "1.2,Good,,evidence", "judgements.csv: row {n}, column reason"),
        (2, "1.1,Great,because", "overrides.csv: row {n}, column rating"),
    ],
)
def test_a_bad_row_in_any_file_writes_nothing(
    world: Any, tmp_path: Path, which: int, bad: str, where: str
) -> None:
    audit = world.audits[0]
    q = next(q for v in audit_selectors.audit_layout(audit) for q in v.visible)
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[AnswerInput(q.id, "no", '=a note, with "quotes"\nand a line')],
    )
    audit_services.set_judgement(
        actor=world.users["qa"],
        audit_round=world.round,
        standard_id="1.1",
        rating="Good",
        evidence="minutes",
        reasons="board",
    )
    paths = export(world.round, tmp_path)
    text = paths[which].read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    row = bad.format(case=audit.case.reference, q=q.id)
    paths[which].write_text(text + row + "\n", encoding="utf-8")
    fresh = second_round(world, "Quarter 3", audits=False)
    before = state(fresh)
    r = load(fresh, paths)
    assert r.exit_code == 2, r.output
    n = len(records) + 1  # the new row, counted as a spreadsheet does (header is 1)
    assert where.format(n=n) in r.output
    assert state(fresh) == before
    assert not CaseAudit.objects.filter(round=fresh).exists()  # not even the audits
