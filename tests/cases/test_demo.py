import io
from collections import Counter

import pytest
from django.core.management import call_command

from yjaudit.cases.codes import codes
from yjaudit.cases.demo import synthetic_cases
from yjaudit.cases.models import Case


def test_synthetic_mix_is_realistic_and_deterministic():
    rows = synthetic_cases([], seed=2025)
    assert rows == synthetic_cases([], seed=2025)
    assert len(rows) == 300
    category = Counter(codes().disposal_types.get(r["disposal_type"]).category for r in rows)
    assert 0.53 <= category["court"] / 300 <= 0.67
    court = [r for r in rows if codes().disposal_types.get(r["disposal_type"]).category == "court"]
    custody = sum(
        codes().disposal_types.get(r["disposal_type"]).setting == "custody" for r in court
    )
    assert 0.03 <= custody / len(court) <= 0.18
    assert 0.78 <= Counter(r["sex"] for r in rows)["male"] / 300 <= 0.92
    rosh = Counter(r["rosh"] for r in rows)
    assert (rosh["low"] + rosh["medium"]) / 300 >= 0.8
    assert len({r["ethnicity"] for r in rows}) >= 5


@pytest.mark.django_db
def test_seed_demo_adds_300_cases_and_40_victims_once():
    call_command("seed_demo", stdout=io.StringIO())
    children = Case.objects.filter(service__code="DEMO", kind="children")
    assert children.count() == 300
    assert children.filter(case_manager__isnull=False).count() == 300
    victims = Case.objects.filter(service__code="DEMO", kind="victims")
    assert victims.count() == 40
    assert all(v.victim.linked_case.kind == "children" for v in victims)
    call_command("seed_demo", stdout=io.StringIO())
    assert Case.objects.filter(service__code="DEMO").count() == 340
