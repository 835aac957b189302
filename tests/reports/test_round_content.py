"""What the round report says, checked against the engine's figures."""

from __future__ import annotations

import re
from typing import Any

from yjaudit.audits.case_audits.round_scores import round_score
from yjaudit.engine.types import Figure
from yjaudit.narrative import describe
from yjaudit.reports.benchmarks import item_figures
from yjaudit.reports.document import FindingList, Paragraph, ReportDocument, Table
from yjaudit.reports.make import build_document


def _table(doc: ReportDocument, table_id: str) -> Table:
    return next(t for t in doc.tables() if t.id == table_id)


def _paragraphs(doc: ReportDocument) -> str:
    return "\n".join(b.text for _, s in doc.walk() for b in s.blocks if isinstance(b, Paragraph))


def test_cover_summary_and_overall(world: Any) -> None:
    r = world.round("DERBY", size=30)
    doc = build_document(r, "round")
    facts = dict(doc.cover.facts)
    assert facts["Service"] == "Derby YJS" and facts["Cases in the sample"] == "30"
    assert "edition 2021" in facts["Framework"]
    result = round_score(r).result
    summary = _table(doc, "summary")
    for row, s in zip(summary.rows, result.standards, strict=True):
        assert row[0].text.startswith(f"{s.id} {s.name}")
        if s.id == "4.1":
            assert "not counted in the overall rating" in row[0].text
    overall = result.overall
    assert f"Overall rating: {overall.rating} ({overall.points} of 36 points)." in _paragraphs(doc)


def test_authors_are_the_people_who_made_the_round(world: Any) -> None:
    from django.contrib.auth import get_user_model

    from yjaudit.audits.models import CaseAudit

    r = world.round("DERBY", size=6)
    users = get_user_model().objects
    auditor = users.create_user("aud", first_name="Robin", last_name="Reader")
    marker = users.create_user("second@derby.example")  # an e-mail, no name: left out
    CaseAudit.objects.filter(round=r).update(auditor=auditor, second_marker=marker)
    assert dict(build_document(r, "round").cover.facts)["Authors"] == "Robin Reader"


def test_small_groups_and_small_rounds_say_not_rated(world: Any) -> None:
    r = world.round("DERBY", size=4)  # below the framework's minimum of 5 cases
    doc = build_document(r, "round")
    ratings = [row[2].text for row in _table(doc, "summary").rows[4:11]]
    assert "Not rated" in ratings
    assert "not rated" in _table(doc, "summary").note


def test_headlines_benchmarks_splits_and_sample(world: Any) -> None:
    others = [
        world.round(code, "cci-2009", size=20, quality=q)
        for code, q in (("LEEDS", 0.5), ("YORK", 0.9), ("HULL", 0.7))
    ]
    r = world.round("DERBY", "cci-2009", size=40)
    doc = build_document(r, "round")
    result = round_score(r).result
    headlines = _table(doc, "headlines")
    assert [row[0].text for row in headlines.rows] == [h.name for h in result.headlines]
    figures = [item_figures(round_score(o).result) for o in others]
    for row, h in zip(headlines.rows, result.headlines, strict=True):
        values = [v for f in figures if (v := f[h.id]) is not None]
        assert row[1].value == h.figure.percent
        assert (row[3].value, row[4].value) == (min(values), max(values))
        assert row[5].value == round(sum(values) / 3, 1)
    assert "3 other services" in _table(doc, "headlines").note
    split = _table(doc, "split-setting")
    assert any("Custody" in h for h in split.headers) and any(
        "Community" in h for h in split.headers
    )
    custody = round_score(r, by=["setting"]).splits["setting"]["custody"]
    row = next(row for row in split.rows if row[0].text.startswith("1.1"))
    col = next(
        i for i, h in enumerate(split.headers) if h.startswith("Custody") and h.endswith("%")
    )
    assert row[col].value == custody.standard("1.1").figure.percent
    assert any(t.caption == "Setting" for t in doc.tables() if t.id.startswith("sample"))
    assert len(doc.charts()) == 4  # three domains and the headline scores


def test_one_other_service_is_not_a_benchmark(world: Any) -> None:
    world.round("LEEDS", size=20)
    r = world.round("DERBY", size=20)
    doc = build_document(r, "round")
    assert "No benchmarks" in _paragraphs(doc)


def test_findings_are_worded_with_their_counts(world: Any) -> None:
    r = world.round("DERBY", size=40, quality=0.7)
    doc = build_document(r, "round")
    result = round_score(r).result
    figures: dict[str, Figure] = {}
    for s in result.standards:
        for kq in s.key_questions:
            figures[kq.id] = kq.figure
            figures.update((p.id, p.figure) for p in kq.prompts)
    sentences = [
        (item, block.title)
        for _, s in doc.walk()
        for block in s.blocks
        if isinstance(block, FindingList)
        for item in block.items
    ]
    assert any(t == "Strengths" for _, t in sentences)
    assert any(t == "Areas for improvement" for _, t in sentences)
    for sentence, title in sentences:
        qid = re.search(r"yes to (\S+) “", sentence)
        assert qid, sentence
        f = figures[qid.group(1)]
        assert f.answers >= 5  # the settings' minimum number of cases
        if title == "Strengths":
            assert f.percent is not None and f.percent >= 80
        else:
            assert f.percent is not None and f.percent < 65
        # The counts behind the phrase are always there ("13 of the 15", "(11 of 15)").
        assert re.search(rf"\b(\d+|[a-z]+) of (the )?{f.answers}\b", sentence) or (
            f"all {f.answers}" in sentence
        ), sentence


def test_phrase_boundaries_reach_the_report() -> None:
    # The narrative package's wording at its boundaries, as the report prints it.
    assert describe(15, 15).text == "all 15 relevant cases"
    assert describe(14, 15).text == "all but one of the 15 relevant cases"
    assert describe(13, 15).text == "13 of the 15 relevant cases"
    assert describe(22, 30).text == "nearly three-quarters of the relevant cases (22 of 30)"
    assert describe(16, 30).text == "just over half of the relevant cases (16 of 30)"


def test_a_framework_without_ratings_has_no_rating_column(world: Any) -> None:
    r = world.round("DERBY", "sqs-2012", size=20)
    doc = build_document(r, "round")
    assert "Rating" not in _table(doc, "summary").headers
    assert "This framework gives no ratings: figures only." in _paragraphs(doc)


def test_a_round_without_answers_says_so(world: Any) -> None:
    r = world.round("DERBY", size=10, answered=False)
    doc = build_document(r, "round")
    assert "This round has no answers to score yet." in _paragraphs(doc)
