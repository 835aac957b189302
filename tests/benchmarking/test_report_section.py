"""The published ratings section of a round's report and board pack, through the
YJAUDIT_REPORT_EXTRA_SECTIONS plug-in; absent while no published rating is held."""

from __future__ import annotations

from typing import Any

import pytest

from yjaudit.audits.case_audits.round_scores import round_score
from yjaudit.audits.disclosure import FULL, Disclosure
from yjaudit.benchmarking import services
from yjaudit.reports.make import build_document
from yjaudit.reports.render import render

from .conftest import STARTER, make_round

pytestmark = pytest.mark.django_db


def _section(doc: Any) -> Any:
    found = [s for s in doc.sections if s.id == "published-ratings"]
    return found[0] if found else None


def test_no_section_while_no_published_rating_is_held(editions: Any, service: Any) -> None:
    r = make_round(service, editions["hmip-youth-2021"], size=10)
    assert _section(build_document(r, "round")) is None


def test_round_report_and_board_pack_carry_the_comparison(editions: Any, service: Any) -> None:
    services.import_published(actor=None, filename=STARTER.name, data=STARTER.read_bytes())
    r = make_round(service, editions["hmip-youth-2021"])
    s22 = round_score(r).result.standard("2.2")
    doc = build_document(r, "round", shown=FULL)
    (table,) = [b for b in _section(doc).blocks if hasattr(b, "rows")]
    rows = {row[0].text: row for row in table.rows}
    planning = rows["2.2 Planning"]
    assert planning[1].value == s22.figure.percent and planning[2].text == s22.rating
    # East Sussex 2024, the one published 2021 inspection: planning Inadequate.
    assert [c.value for c in planning[3:]] == [0, 0, 0, 1, 1]
    assert [c.value for c in rows["Overall"][3:]] == [0, 1, 0, 0, 1]
    for fmt in ("html", "xlsx", "docx"):
        assert render(doc, fmt)
    board = build_document(r, "board", shown=Disclosure(case_detail=False, minimum=5))
    assert _section(board) is not None and board.sections[-1].id == "published-ratings"
