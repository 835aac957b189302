"""Indicator set files: the bundled ones load; mistakes name file, line and field."""

from __future__ import annotations

import subprocess
import sys

import pytest

from yjaudit.indicators import bundled_indicator_sets, parse_indicator_set_text
from yjaudit.spec import FrameworkFileError

GOOD = """id: local
name: Local indicators
indicators:
  - id: kpi-local
    title: Local
    kind: proportion
    records: interventions
    anchor: end_date
    denominator: {}
    numerator:
      where: [{field: ete_suitable_end, equals: true}]
"""


def test_bundled_sets_load_and_every_indicator_has_a_source_or_is_inferred() -> None:
    sets = {s.id: s for s in bundled_indicator_sets()}
    assert set(sets) == {"area-context", "yjb-kpi-2023", "yjb-national-indicators"}
    assert len(sets["yjb-kpi-2023"].indicators) >= 10
    for s in sets.values():
        for ind in s.indicators:
            assert ind.source or ind.inferred, ind.id


def test_a_local_set_parses() -> None:
    parsed = parse_indicator_set_text(GOOD, "local.yaml")
    assert parsed.indicators[0].numerator.where[0].field == "ete_suitable_end"


@pytest.mark.parametrize(
    ("change", "line", "field", "message"),
    [
        (
            ("ete_suitable_end, equals", "ete_typo, equals"),
            11,
            "numerator.where[1].field",
            "no field 'ete_typo'",
        ),
        (
            ("kind: proportion", "kind: percent"),
            6,
            "kind",
            "not an allowed value",
        ),
        (
            ("anchor: end_date", "anchor: sex"),
            8,
            "anchor",
            "not a date field",
        ),
        (
            ("records: interventions", "records: pupils"),
            7,
            "records",
            "unknown records",
        ),
        (
            ("    anchor: end_date\n", "    anchor: end_date\n    anchor: start_date\n"),
            9,
            "anchor",
            "duplicate key",
        ),
    ],
)
def test_mistakes_name_file_line_and_field(
    change: tuple[str, str], line: int, field: str, message: str
) -> None:
    with pytest.raises(FrameworkFileError) as caught:
        parse_indicator_set_text(GOOD.replace(*change), "local.yaml")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("local.yaml", line), problem
    assert problem.field == f"indicators[kpi-local].{field}", problem
    assert message in problem.message, problem


def test_imports_without_django() -> None:
    code = (
        "import sys, yjaudit.indicators; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
