"""The board pack's compliance section (the YJAUDIT_BOARD_COMPLIANCE plug-in)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import override_settings

from yjaudit.config.plugins import plugin
from yjaudit.practice import report

from .conftest import Register

pytestmark = pytest.mark.django_db


def test_board_tables_suppress_small_cells(loaded: Register) -> None:
    tables = report.board_tables(loaded.service, today=dt.date(2025, 4, 15), hide_below=5)
    figures, forums = tables
    assert "March 2025" in figures.caption
    texts = [[c.text for c in row] for row in figures.rows]
    assert texts and all(row[1:] == ["suppressed"] * 5 for row in texts)  # 1 or 2 due each
    assert [c.text for c in forums.rows[-1]] == ["2025-03", *["suppressed"] * 3]
    shown, forums = report.board_tables(loaded.service, today=dt.date(2025, 4, 15), hide_below=0)
    # 31 March 2025: P-1 (High) held by IPC, P-2 (Medium) by no forum.
    assert [c.text for c in forums.rows[-1]] == ["2025-03", "2", "1", "50%"]
    ro = next(r for r in shown.rows if "referral orders" in r[0].text and "Assessment" in r[0].text)
    assert [c.text for c in ro[1:]] == ["2", "1", "1", "0", "50%"]


def test_no_events_no_section(register: Register) -> None:
    assert report.board_tables(register.service, today=dt.date(2025, 4, 15), hide_below=5) == ()


@override_settings(YJAUDIT_DISCLOSURE_MIN_CASES=5)
def test_plugin_setting_names_the_section(loaded: Register) -> None:
    found = plugin("YJAUDIT_BOARD_COMPLIANCE")(SimpleNamespace(service=loaded.service))
    assert [t.id for t in found] == ["board-compliance", "board-forums"]
