"""The board pack's children's and victims' views section (YJAUDIT_BOARD_VOICE): the
positive share per question with its Wilson interval, small numbers suppressed, and
what people wrote never printed, in any format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from yjaudit.reports.make import build_document
from yjaudit.reports.render import FORMATS, render
from yjaudit.voice import services

from .extract import text_of

PLANTED = "Quillbottom wrote this"


def test_board_pack_has_the_views_section_without_free_text(world: Any) -> None:
    r = world.round("DERBY", size=12)
    doc = build_document(r, "board")
    assert "Children's and victims' views" not in [s.title for _, s in doc.walk()]
    collection = services.open_collection(
        actor=None, service=r.service, questionnaire_id="children"
    )
    for i in range(8):
        services.enter_paper(
            actor=None,
            collection=collection,
            answers={
                "feel-safe": "yes" if i < 6 else "no",
                **({"unsafe-why": PLANTED} if i >= 6 else {}),
                "anything-else": PLANTED,
            },
            submitted_on=dt.date(2025, 5, 1 + i),
        )
    doc = build_document(r, "board")
    assert "Children's and victims' views" in [s.title for _, s in doc.walk()]
    table = next(t for t in doc.tables() if t.id == "voice-children")
    safe = next(row for row in table.rows if row[0].text == "Do you feel safe at the moment?")
    # 6 of 8: 75%, Wilson 95% 41% to 93%.
    assert [c.text for c in safe[1:]] == ["8", "75%", "41% to 93%"]
    for fmt in FORMATS:
        text = text_of(render(doc, fmt), fmt)
        assert "Quillbottom" not in text, fmt
