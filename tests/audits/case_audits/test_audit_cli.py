"""`yjaudit answers export/import`, and the round's results equal `yjaudit score`'s."""

import json

import pytest
from click.testing import CliRunner

from audits.audit_world import build_world
from yjaudit.audits.case_audits import round_scores as results
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.audits.models import CaseAnswer
from yjaudit.cli.main import main
from yjaudit.interchange.results import report_dict

pytestmark = pytest.mark.django_db

VALUES = ["yes", "partly", "no", "yes", "yes", "na", "partly"]


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def answer_round(world, values=VALUES, submit=False):
    for i, audit in enumerate(world.audits):
        layout = audit_selectors.audit_layout(audit)
        qs = [q for s in layout for q in s.visible]
        allowed = {code for code, _ in qs[0].values}
        items = [
            AnswerInput(q.id, v if v in allowed else "no", "")
            for j, q in enumerate(qs)
            for v in [values[(i * 3 + j) % len(values)]]
        ]
        audit_services.save_answers(
            actor=world.users["auditor"], audit=audit, version=audit.version, answers=items
        )
        if submit:
            audit.refresh_from_db()
            audit_services.submit(actor=world.users["auditor"], audit=audit)


def strip(data):
    # Warnings may differ in wording by source (file vs database); figures may not.
    data.pop("warnings", None)
    for by_value in data.get("splits", {}).values():
        for result in by_value.values():
            result.pop("warnings", None)
    return data


@pytest.mark.parametrize("framework_id", ["hmip-style-local-audit", "hmip-youth-2021"])
def test_results_equal_cli_score_on_exported_answers(tmp_path, framework_id):
    world = build_world(framework_id, n=14)
    answer_round(world, submit=True)
    if framework_id == "hmip-youth-2021":
        for sid, rating in [("1.1", "Good"), ("1.2", "Outstanding"), ("1.3", "Good")]:
            audit_services.set_judgement(
                actor=world.users["qa"],
                audit_round=world.round,
                standard_id=sid,
                rating=rating,
                evidence="",
                reasons="board minutes",
            )
    answers_csv, judgements_csv = tmp_path / "answers.csv", tmp_path / "judgements.csv"
    r = run(
        "answers",
        "export",
        str(world.round.pk),
        "-o",
        str(answers_csv),
        "--judgements",
        str(judgements_csv),
    )
    assert r.exit_code == 0, r.output
    by = ["setting", "disposal_category", "team", "case_manager", "sex", "ethnicity"]
    args = [
        "score",
        str(answers_csv),
        "--framework",
        framework_id,
        "--json",
        "--judgements",
        str(judgements_csv),
    ]
    for attribute in by:
        args += ["--by", attribute]
    r = run(*args)
    assert r.exit_code == 0, r.output
    cli = json.loads(r.stdout)
    framework = world.round.framework_edition.spec()
    app = report_dict(results.round_score(world.round, by=by), framework)
    app = json.loads(json.dumps(app))
    assert strip(cli) == strip(app)
    assert app["cases"] == 14


def test_import_round_trip_and_all_or_nothing(tmp_path):
    world = build_world(n=6)
    answer_round(world)
    out = tmp_path / "a.csv"
    # Drafts: moved with --in-progress (the figures would not count them).
    export = ["answers", "export", str(world.round.pk), "--in-progress", "-o", str(out)]
    assert run(*export).exit_code == 0
    counted_only = run("answers", "export", str(world.round.pk))
    assert counted_only.exit_code == 0
    assert counted_only.stdout.splitlines()[1:] == []  # only a header: nothing submitted
    before = results.round_inputs(world.round, in_progress=True)
    CaseAnswer.objects.filter(by_rule=False).delete()
    results.bump(world.round.pk)
    r = run("answers", "import", str(out), str(world.round.pk))
    assert r.exit_code == 0, r.output
    assert results.round_inputs(world.round, in_progress=True) == before

    # A bad row: nothing written, file/row/column named, exit 2.
    lines = out.read_text().splitlines()
    first = lines[1].split(",")
    changed = (
        lines[1].replace(f",{first[2]},", ",no,", 1)
        if first[2] != "no"
        else lines[1].replace(",no,", ",yes,", 1)
    )
    bad = [lines[0], changed, *lines[2:5], "NOT-IN-ROUND" + lines[5][lines[5].index(",") :]]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(bad) + "\n")
    r = run("answers", "import", str(path), str(world.round.pk))
    assert r.exit_code == 2
    assert "bad.csv: row 6, column case_id" in r.output and "NOT-IN-ROUND" in r.output
    assert results.round_inputs(world.round, in_progress=True) == before

    path.write_text(lines[0] + "\n" + lines[1].replace(f",{first[2]},", ",maybe,", 1) + "\n")
    r = run("answers", "import", str(path), str(world.round.pk))
    assert r.exit_code == 2 and "row 2" in r.output and "maybe" in r.output


def test_ratings_typed_in_welsh_are_stored_as_the_frameworks_labels(tmp_path):
    from yjaudit.audits.models import RatingOverride

    world = build_world(n=2)
    answer_round(world)
    answers = tmp_path / "a.csv"
    assert (
        run("answers", "export", str(world.round.pk), "--in-progress", "-o", str(answers)).exit_code
        == 0
    )
    standard = results.round_framework(world.round).standards[0].id
    overrides = tmp_path / "o.csv"
    overrides.write_text(f"standard_id,rating,reason\n{standard},Rhagorol,adolygiad y bwrdd\n")
    r = run("answers", "import", str(answers), str(world.round.pk), "--overrides", str(overrides))
    assert r.exit_code == 0, r.output
    assert (
        RatingOverride.objects.get(round=world.round, standard_id=standard).rating == "Outstanding"
    )
    # A word that is no rating in either language is refused with its row and column.
    overrides.write_text(f"standard_id,rating,reason\n{standard},Gwych,adolygiad\n")
    r = run("answers", "import", str(answers), str(world.round.pk), "--overrides", str(overrides))
    assert r.exit_code == 2 and "o.csv: row 2, column rating" in r.output
