"""Importing published ratings: all or nothing, updates keep the old values in the trail,
and the national distribution counts the real published ratings."""

from __future__ import annotations

from typing import Any

import pytest

from yjaudit.audittrail.models import AuditEvent
from yjaudit.benchmarking import selectors, services
from yjaudit.benchmarking.models import BenchmarkImport, PublishedInspection
from yjaudit.cases.importing.reader import ImportFileError

from .conftest import STARTER

pytestmark = pytest.mark.django_db


def test_the_starter_file_imports_and_every_row_is_in_the_trail(editions: Any, qa: Any) -> None:
    batch = services.import_published(actor=qa, filename=STARTER.name, data=STARTER.read_bytes())
    assert (batch.created, batch.updated, batch.unchanged) == (6, 0, 0)
    assert PublishedInspection.objects.count() == 6
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("benchmark.inspection_add") == 6 and "benchmark.import" in actions
    again = services.import_published(actor=qa, filename=STARTER.name, data=STARTER.read_bytes())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


def test_a_corrected_row_updates_and_the_trail_keeps_what_it_said(editions: Any, qa: Any) -> None:
    services.import_published(actor=qa, filename=STARTER.name, data=STARTER.read_bytes())
    fixed = STARTER.read_text().replace(
        "South Tees,2025,hmip-youth-2025,2025,,,,,,,,,,,,,,,,Good,",
        "South Tees,2025,hmip-youth-2025,2025,,,,,,,,,,,,,,,,Outstanding,",
    )
    assert fixed != STARTER.read_text()
    batch = services.import_published(actor=qa, filename="fixed.csv", data=fixed.encode())
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 5)
    event = AuditEvent.objects.get(action="benchmark.inspection_update")
    assert event.before["ratings"] == {"overall": "Good"}
    assert event.after["ratings"] == {"overall": "Outstanding"}


def test_one_bad_row_writes_nothing(editions: Any, qa: Any) -> None:
    bad = STARTER.read_text() + "Nowhere,2025,hmip-youth-2025,2025" + ",Splendid" * 15 + ",,\n"
    with pytest.raises(ImportFileError) as exc:
        services.import_published(actor=qa, filename="bad.csv", data=bad.encode())
    assert exc.value.problems and all(p.row == 8 for p in exc.value.problems)
    assert not PublishedInspection.objects.exists() and not BenchmarkImport.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="benchmark.").exists()


def test_the_distribution_counts_the_published_2025_ratings(editions: Any) -> None:
    services.import_published(actor=None, filename=STARTER.name, data=STARTER.read_bytes())
    fw = editions["hmip-youth-2025-children-victims"].spec()
    found = {
        d.item.id: dict(d.counts) for d in selectors.distribution(fw, selectors.inspections(fw.id))
    }
    o, g, ri, i = "Outstanding", "Good", "Requires improvement", "Inadequate"
    # Lambeth G, Derby O (Wakefield's assessing is not recorded).
    assert found["2.1"] == {o: 1, g: 1, ri: 0, i: 0}
    # Delivery: Lambeth, Derby and Wakefield all Outstanding.
    assert found["2.3"] == {o: 3, g: 0, ri: 0, i: 0}
    # Victims: Derby O, Wakefield G, Lambeth RI.
    assert found["V"] == {o: 1, g: 1, ri: 1, i: 0}
    assert found["overall"] == {o: 1, g: 2, ri: 0, i: 0}
    assert found["V1.1"] == {o: 0, g: 0, ri: 0, i: 0}  # published as the victims area only


def test_the_demo_seeds_the_starter_file_once(editions: Any) -> None:
    from yjaudit.benchmarking import demo

    logged: list[str] = []

    class Context:
        def log(self, line: str) -> None:
            logged.append(line)

    demo.seed(Context())
    demo.seed(Context())
    assert PublishedInspection.objects.count() == 6
    assert logged == ["Imported 6 published inspection ratings."]
