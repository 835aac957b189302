"""Disproportionality from the records: stages, hand-computed RRI, small counts hidden."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
import time_machine
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.indicators import quarter_containing
from yjaudit.monitoring import selectors, services

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 8, 15, 10, 0, tzinfo=dt.UTC)
Q1 = quarter_containing(dt.date(2025, 5, 1))


def _csv(header: str, rows: list[str]) -> bytes:
    return (header + "\n" + "\n".join(rows) + "\n").encode()


def _world(service: Any, qa: Any) -> None:
    people = ["year,sex,ethnicity,age,count", "2025,male,white,15,4000", "2025,male,black,15,500"]
    services.import_records(
        actor=qa,
        service=service,
        record_set="population",
        filename="p.csv",
        data=_csv(people[0], people[1:]),
    )
    rows = []
    # 40 White children start (10 at court, 2 in custody); 20 Black (8 at court, 3 custody).
    for i in range(40):
        court = i < 10
        rows.append(
            f"W{i},2025-01-0{1 + i % 9},{'court' if court else 'out-of-court'},male,white,15,"
            f"{'yes' if court and i < 2 else 'no'}"
        )
    for i in range(20):
        court = i < 8
        rows.append(
            f"B{i},2025-02-0{1 + i % 9},{'court' if court else 'out-of-court'},male,black,15,"
            f"{'yes' if court and i < 3 else 'no'}"
        )
    rows.append("W99,2023-01-01,court,male,white,15,yes")  # outside the 12 months
    header = "reference,start_date,intervention_type,sex,ethnicity,age,custodial_sentence"
    services.import_records(
        actor=qa,
        service=service,
        record_set="interventions",
        filename="i.csv",
        data=_csv(header, rows),
    )


def test_stages_by_hand(service: Any, qa: Any) -> None:
    _world(service, qa)
    start, court, custody = selectors.disproportionality(service, Q1, "ethnicity")
    black = {g.group: g for g in start.groups}["black"]
    # Starting: 20 of 500 Black (4%) against 40 of 4,000 White (1%): RRI 4.
    assert (black.count, black.base, black.rri) == (20, 500, pytest.approx(4.0))
    half = 1.96 * math.sqrt(1 / 20 - 1 / 500 + 1 / 40 - 1 / 4000)
    assert black.ci_low == pytest.approx(4 * math.exp(-half))
    assert black.flag == "over-represented"
    # Court: 8 of 20 against 10 of 40: RRI 1.6. Custody: 3 of 8 against 2 of 10: 1.875.
    assert {g.group: g.rri for g in court.groups}["black"] == pytest.approx(1.6)
    assert {g.group: (g.count, g.base) for g in custody.groups}["black"] == (3, 8)
    assert {g.group: g.rri for g in custody.groups}["black"] == pytest.approx(1.875)


@time_machine.travel(TODAY, tick=True)
def test_page_shows_figures_and_hides_small_counts_from_the_board(
    client: Client, service: Any, qa: Any
) -> None:
    _world(service, qa)
    url = "/monitoring/DEMO/disproportionality/?by=ethnicity&quarter=2025-26+Q1"
    verified_login(client, qa)
    page = client.get(url).content.decode()
    assert "4.00" in page and "Over-represented" in page and "1.88" in page
    board = make_user("board@demo.example", service=service, roles=["board_member"])
    client.force_login(board)
    page = client.get(url).content.decode()
    assert "4.00" in page  # 20 of 500: shown
    assert "1.88" not in page and "Not shown: fewer than 5 cases." in page  # 3 in custody
