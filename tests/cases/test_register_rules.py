"""The register's rules live in data/register-rules.yaml: validated with file, line and
field, and what the file says is what imports and the services do."""

import datetime as dt

import pytest

from yjaudit.cases import services
from yjaudit.cases.importing import rows
from yjaudit.cases.importing.fields import suggest_mapping
from yjaudit.cases.importing.reader import read_table
from yjaudit.cases.importing.rows import Lookups, parse_rows
from yjaudit.cases.register_rules import (
    RULES_FILE,
    parse_register_rules,
    register_rules,
)
from yjaudit.spec import FrameworkFileError

from .factories import make_service, make_user

GOOD = RULES_FILE.read_text(encoding="utf-8")
LIMIT = 1024 * 1024


def test_the_bundled_rules_and_their_sources():
    rules = register_rules()
    assert (rules.age_at_start.lowest, rules.age_at_start.highest) == (10, 18)
    assert "Children and Young Persons Act 1933" in rules.age_at_start.source
    assert rules.resettlement.settings == ("custody",)
    assert rules.resettlement.inferred


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


@pytest.mark.parametrize(
    ("change", "starts", "field", "message"),
    [
        (("highest: 18", "highest: 9"), "  highest:", "age_at_start.highest", "at least"),
        (("lowest: 10", "lowest: ten"), "  lowest:", "age_at_start.lowest", "integer"),
        (
            ("settings: [custody]", "settings: [prison]"),
            "  settings:",
            "resettlement.settings[1]",
            "prison",
        ),
        (("  inferred: true\n", ""), "resettlement:", "resettlement.source", "source"),
        (
            ("  lowest: 10\n", "  lowest: 10\n  oldest: 30\n"),
            "  oldest:",
            "age_at_start.oldest",
            "unknown field",
        ),
    ],
)
def test_mistakes_name_file_line_and_field(change, starts, field, message):
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(FrameworkFileError) as caught:
        parse_register_rules(text, "register-rules.yaml")
    problem = caught.value.problems[0]
    assert problem.file == "register-rules.yaml", problem
    assert (problem.line, problem.field) == (_line_of(text, starts), field), problem
    assert message in problem.message, problem


def _changed(monkeypatch, old: str, new: str):
    """Imports and services read the rules from `text` with `old` replaced by `new`."""
    changed = parse_register_rules(GOOD.replace(old, new), "changed.yaml")
    monkeypatch.setattr(rows, "register_rules", lambda: changed)
    monkeypatch.setattr(services, "register_rules", lambda: changed)


def _import(text: bytes):
    table = read_table(text, "x.csv", LIMIT)
    return parse_rows(table, suggest_mapping(table.headers), Lookups())


CSV = b"Ref,Disposal,Start date,Setting,Age\nA1,YRO,01/01/2024,Community,11\n"


def test_the_age_range_is_the_files(monkeypatch):
    assert _import(CSV)[0].ok
    _changed(monkeypatch, "lowest: 10", "lowest: 12")
    (outcome,) = _import(CSV)
    assert not outcome.ok
    assert "from 12 to 18" in outcome.problems[0].message


def test_the_settings_that_mean_resettlement_are_the_files(monkeypatch):
    assert _import(CSV)[0].values["resettlement"] is False
    _changed(monkeypatch, "settings: [custody]", "settings: [community]")
    assert _import(CSV)[0].values["resettlement"] is True


@pytest.mark.django_db
def test_a_new_case_takes_resettlement_from_the_rule(monkeypatch):
    derby = make_service()
    user = make_user("qa", derby)
    data = {"disposal_type": "yro", "start_date": dt.date(2024, 3, 1)}
    first = services.create_case(actor=user, service=derby, data={"reference": "A1", **data})
    assert (first.setting, first.resettlement) == ("community", False)
    _changed(monkeypatch, "settings: [custody]", "settings: [community]")
    second = services.create_case(actor=user, service=derby, data={"reference": "A2", **data})
    assert second.resettlement is True
