"""The 2025 programme's victims' sample: minimum nine, maximum 24 (HM Inspectorate of
Probation, "Andrea Brazier provides an update on our youth inspection programme")."""

import pytest

from yjaudit.sampling import load_rules


@pytest.mark.parametrize(
    ("caseload", "expected"),
    [(4, 4), (9, 9), (30, 9), (31, 12), (100, 18), (161, 24), (3000, 24)],
)
def test_hmip_victims_sizes_held_between_9_and_24(caseload, expected):
    rule = load_rules()["hmip-victims"]
    assert rule.inferred
    assert rule.size_for(caseload) == expected
