"""The printable case audit and its PDF (issue 16, item 9): every standard and question,
answers in words never codes, notes, moderation outcome, who did what and when; a print
stylesheet; permissions through organisations.permissions."""

import re

import pytest
import time_machine
from django.urls import reverse

from audits.audit_world import build_world
from cases.factories import sign_in
from yjaudit.audits.case_audits import selectors as audit_selectors
from yjaudit.audits.case_audits import services as audit_services
from yjaudit.audits.case_audits.services import AnswerInput
from yjaudit.organisations import permissions
from yjaudit.reports.case_audit_report import build_case_audit_report
from yjaudit.reports.render import render

pytestmark = pytest.mark.django_db

CODES = ("yes", "partly", "no", "na")
WORDS = {"Yes", "Partly", "No", "Not applicable"}


def _answer(world, audit, note_prefix="seen in"):
    layout = audit_selectors.audit_layout(audit)
    visible = [q for s in layout for q in s.visible]
    audit_services.save_answers(
        actor=world.users["auditor"],
        audit=audit,
        version=audit.version,
        answers=[
            AnswerInput(q.id, CODES[i % 4], f"{note_prefix} {q.id}") for i, q in enumerate(visible)
        ],
        summary="Strong assessment",
    )
    audit.refresh_from_db()
    return visible


@pytest.fixture
def world():
    with time_machine.travel("2025-03-03 10:00Z", tick=False):
        w = build_world(n=4)
        audit = w.audits[0]
        audit.auditor = w.users["auditor"]
        audit.save()
        _answer(w, audit)
        audit_services.submit(actor=w.users["auditor"], audit=audit)
        audit_services.select_for_moderation(
            actor=w.users["qa"], audit_round=w.round, audit_ids=[audit.pk]
        )
        audit.refresh_from_db()
        layout = audit_selectors.audit_layout(audit)
        first = next(q for s in layout for q in s.visible)
        # The second marker disagrees on one question; the QA lead settles it.
        audit_services.save_second_marks(
            actor=w.users["second"],
            audit=audit,
            marks=[
                AnswerInput(q.id, "no" if q.id == first.id else q.answer.value, "")
                for s in layout
                for q in s.visible
            ],
        )
        audit_services.finish_second_marking(actor=w.users["second"], audit=audit)
        audit.refresh_from_db()
        audit_services.resolve_difference(
            actor=w.users["qa"], audit=audit, question_id=first.id, value="partly", note="agreed"
        )
        audit.refresh_from_db()
        audit_services.complete_moderation(actor=w.users["qa"], audit=audit)
        audit.refresh_from_db()
        audit_services.sign_off(actor=w.users["manager"], audit=audit)
        audit.refresh_from_db()
    w.printed = audit
    w.first_question = first
    return w


def _cells(html: str, column: int) -> list[str]:
    """The text of one column of every answers table (column 0 is the row header)."""
    out = []
    for table in re.findall(r'<table[^>]*id="table-case-standard-.*?</table>', html, flags=re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
            if len(cells) > column and "<" not in cells[column]:
                out.append(cells[column].strip())
    return out


def test_qa_lead_prints_every_standard_in_words(client, world):
    audit = world.printed
    sign_in(client, world.users["qa"])
    r = client.get(reverse("reports:case_audit", args=[audit.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    layout = audit_selectors.audit_layout(audit)
    for s in layout:
        assert f'id="case-standard-{s.id.replace(".", "-")}"' in html
        for q in s.questions:
            assert q.id in html
    answers = _cells(html, 1)[1:]  # the first row is the header
    answers = [a for a in answers if a != "Answer"]
    assert answers and set(answers) <= WORDS | {"Does not apply to this case"}
    assert {"Yes", "Partly", "No", "Not applicable"} <= set(answers)
    assert not set(answers) & set(CODES)
    # Evidence and the auditor's feedback, who did what and when.
    assert f"seen in {world.first_question.id}" in html
    assert "Strong assessment" in html
    assert audit.case.reference in html
    for label in ("Audited by", "Second marked by", "Signed off by", "Moderated"):
        assert label in html
    assert "3 March 2025" in html
    # Moderation: both markers' answers and the resolution in words.
    diff = re.search(r'id="table-case-audit-differences".*?</table>', html, flags=re.S)[0]
    assert "Partly" in diff and "No" in diff and "agreed" in diff
    assert ">partly<" not in diff and ">no<" not in diff
    assert "Marked as moderated by" in html
    # The print stylesheet and the PDF link.
    assert 'href="/static/reports/case-audit-print.css" media="print"' in html
    assert reverse("reports:case_audit_pdf", args=[audit.pk]) in html


def test_print_stylesheet_is_a4_without_navigation_with_page_breaks():
    from pathlib import Path

    import yjaudit.reports

    css = (
        Path(yjaudit.reports.__file__).parent / "static/reports/case-audit-print.css"
    ).read_text()
    assert "size: A4" in css
    assert ".govuk-service-navigation" in css and ".govuk-footer" in css
    assert 'section[id^="case-standard-"] { break-before: page' in css


def test_case_audit_page_links_to_the_printable_one(client, world):
    sign_in(client, world.users["qa"])
    html = client.get(reverse("audits:detail", args=[world.printed.pk])).content.decode()
    assert "Print this case audit" in html
    assert reverse("reports:case_audit", args=[world.printed.pk]) in html


def test_pdf_download(client, world):
    sign_in(client, world.users["manager"])
    r = client.get(reverse("reports:case_audit_pdf", args=[world.printed.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    # The file name carries the audit's number, never the case reference.
    assert world.printed.case.reference not in r["Content-Disposition"]


def test_who_may_print(client, world):
    audit = world.printed
    url = reverse("reports:case_audit", args=[audit.pk])
    for role in ("qa", "auditor", "manager"):
        sign_in(client, world.users[role])
        assert client.get(url).status_code == 200, role
    # Board members see aggregates only; practitioners read their own feedback page.
    for role in ("board", "practitioner"):
        sign_in(client, world.users[role])
        assert client.get(url).status_code in (403, 404), role
        html = client.get(reverse("reports:case_audit_pdf", args=[audit.pk]))
        assert html.status_code in (403, 404), role


def test_blind_second_marker_may_not_print(client, world):
    other = world.audits[1]
    _answer(world, other)
    audit_services.submit(actor=world.users["auditor"], audit=other)
    audit_services.select_for_moderation(
        actor=world.users["qa"], audit_round=world.round, audit_ids=[other.pk]
    )
    other.refresh_from_db()
    assert permissions.is_blind(world.users["second"], other)
    assert not permissions.may_print_case_audit(world.users["second"], other)
    sign_in(client, world.users["second"])
    assert client.get(reverse("reports:case_audit", args=[other.pk])).status_code == 403
    detail = client.get(reverse("audits:detail", args=[world.printed.pk])).content.decode()
    assert "Print this case audit" in detail  # finished marking: no longer blind


def test_reference_only_for_who_may_see_it(world):
    audit = world.printed
    assert permissions.may_see_case_reference(world.users["qa"], audit)
    assert not permissions.may_see_case_reference(world.users["board"], audit)
    hidden = render(build_case_audit_report(audit, show_reference=False), "html").decode()
    assert audit.case.reference not in hidden
    shown = render(build_case_audit_report(audit, show_reference=True), "html").decode()
    assert audit.case.reference in shown
