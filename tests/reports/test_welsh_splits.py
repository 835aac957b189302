"""Splits, the sample against caseload and "not rated" reasons in Welsh: the round
report, the board pack (pages and files), the live results and the published ratings
beside a round read the register's words and the reasons in Welsh; no English code
label ("Court disposal", "Not known or not stated"), no code ("unknown") and no
engine phrase ("not rated: domain 1 not rated") is left on a Welsh page or file."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

import yjaudit.benchmarking
from cases.factories import make_user, sign_in
from yjaudit.audits.case_audits.round_scores import clear_cache, round_score
from yjaudit.audits.models import JudgementRating
from yjaudit.benchmarking import services as benchmarking
from yjaudit.cases.codes import codes
from yjaudit.cases.models import Case
from yjaudit.jobs.models import Job, JobStatus
from yjaudit.organisations.models import Role
from yjaudit.reports.document import ReportDocument
from yjaudit.reports.make import build_document
from yjaudit.reports.render import render
from yjaudit.web.reasons import why_not_rated

from .extract import text_of

STARTER = Path(yjaudit.benchmarking.__file__).parent / "data" / "hmip-published-ratings.csv"

# The engine's fixed English for a figure without a rating.
ENGINE = re.compile(r"not rated:|fewer than the minimum|\bnot rated\b")


def _english_labels() -> set[str]:
    """The register's labels whose Welsh differs (the words a Welsh reader must not see)."""
    c = codes()
    lists = (c.settings, c.disposal_categories, c.sexes, c.ethnicities, c.levels)
    labels = {x.label for code_list in lists for x in code_list.codes}
    with translation.override("cy"):
        return {label for label in labels if translation.gettext(label) != label}


@pytest.fixture
def derby(world: Any) -> Any:
    """A round whose sample holds cases of unknown ethnicity and unrecorded sex, with no
    judgement given (so area 1, and the overall, are not rated), beside the published
    inspection ratings."""
    world.service("DERBY", "Derby YJS")
    world.caseload("DERBY", 2024)
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    Case.objects.filter(pk__in=ids[::3]).update(ethnicity="not-known", sex="")
    r = world.round("DERBY", size=16)
    JudgementRating.objects.filter(round=r).delete()
    clear_cache()
    benchmarking.import_published(actor=None, filename=STARTER.name, data=STARTER.read_bytes())
    return r


def _overall_reason(audit_round: Any, language: str) -> str:
    """Why the round has no overall rating, as a reader is told it (no judgement is
    given: "not rated: standards 1.1, ... not rated" from the engine)."""
    reason = round_score(audit_round).result.overall.not_rated_reason or ""
    assert reason.startswith("not rated:"), reason
    with translation.override(language):
        return why_not_rated(reason)


def _text(markup: str) -> str:
    markup = re.sub(r"<svg.*?</svg>", " ", markup, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", markup)
    return text.replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&")


def _visible(data: bytes, fmt: str) -> str:
    """The words a reader sees in a file (not the styles' names Word carries)."""
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            body = z.read("word/document.xml").decode()
        return " ".join(html.unescape(t) for t in re.findall(r"<w:t[^>]*>([^<]*)</w:t>", body))
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        return " ".join(
            str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
        )
    text = text_of(data, fmt)
    return _text(text) if fmt == "html" else text


def _cells(doc: ReportDocument, prefix: str) -> set[str]:
    return {c.text for t in doc.tables() if t.id.startswith(prefix) for row in t.rows for c in row}


def _assert_no_english(text: str, where: str) -> None:
    for label in sorted(_english_labels()):
        assert not re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text), (where, label)
    assert not ENGINE.search(text), (where, ENGINE.search(text))


@pytest.mark.parametrize(("kind", "prefix"), [("round", ""), ("board", "latest-")])
def test_welsh_splits_and_sample_read_the_registers_words(
    derby: Any, kind: str, prefix: str
) -> None:
    doc = build_document(derby, kind, language="cy")
    by_id = {t.id: t for t in doc.tables()}
    court = by_id[f"{prefix}split-disposal_category"].headers
    assert {"Gwarediad llys: %", "Gwarediad llys: achosion", "Gwarediad llys: gradd"} <= set(
        court
    ), court
    assert "Gwarediad y tu allan i'r llys: %" in court
    setting = by_id[f"{prefix}split-setting"].headers
    assert {"Cymuned: %", "Dalfa: %"} <= set(setting), setting
    for headers in (court, setting):
        assert not any(
            h.split(":")[0] in {"Court disposal", "Out-of-court disposal", "Community", "Custody"}
            for h in headers
        ), headers
    sample = _cells(doc, f"{prefix}sample-")
    assert {"Ddim yn hysbys neu heb ei nodi", "Heb ei gofnodi", "Gwarediad llys"} <= sample
    assert not sample & _english_labels(), sample & _english_labels()
    # The published ratings beside the round: the reason in Welsh, not the engine's.
    published = by_id["published-ratings"]
    overall = next(row for row in published.rows if row[0].text == "Cyffredinol")
    assert overall[2].text == _overall_reason(derby, "cy"), overall[2].text
    assert overall[2].text.startswith("Nid oes gradd gan safonau 1.1")
    # Each standard without a rating says why in a sentence of its own.
    summary = by_id[f"{prefix}summary"].note
    assert summary.startswith("1.1: heb radd. Nid oes barn wedi'i chofnodi eto."), summary
    assert ".." not in summary and ", Nid" not in summary, summary
    every = " ".join(
        [c.text for t in doc.tables() for row in t.rows for c in row]
        + [h for t in doc.tables() for h in t.headers]
        + [t.note for t in doc.tables()]
    )
    _assert_no_english(every, kind)
    assert "01/10/2024 i 28/12/2024" in dict(doc.cover.facts).values()


@pytest.mark.parametrize("kind", ["round", "board"])
@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx", "pdf"])
def test_welsh_report_files_hold_no_english_labels_or_engine_reasons(
    derby: Any, kind: str, fmt: str
) -> None:
    text = _visible(render(build_document(derby, kind, language="cy"), fmt), fmt)
    flat = re.sub(r"\s+", " ", text)
    for words in ("Gwarediad llys", "Ddim yn hysbys neu heb ei nodi", "Cymuned"):
        assert words in flat, (fmt, words)
    if fmt != "pdf":  # the PDF may break the sentence across lines in a narrow cell
        assert _overall_reason(derby, "cy") in flat, fmt
    assert " to 28/12/2024" not in flat
    _assert_no_english(flat, f"{kind} {fmt}")


def test_welsh_report_pages_read_the_registers_words(derby: Any, settings: Any, world: Any) -> None:
    client = sign_in(Client(), make_user("qa", derby.service, Role.QA_LEAD))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    urls = [
        reverse("reports:round", kwargs={"pk": derby.pk}),
        reverse("reports:round_kind", kwargs={"pk": derby.pk, "kind": "board"}),
    ]
    for url in urls:
        page = client.get(url)
        assert page.status_code == 200, url
        text = _text(page.content.decode())
        assert "Gwarediad llys: %" in text and "Ddim yn hysbys neu heb ei nodi" in text, url
        assert _overall_reason(derby, "cy") in text, url
        _assert_no_english(text, url)


def test_a_welsh_file_made_by_a_job_reads_the_registers_words(
    derby: Any, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """The worker has no language of its own: the words follow the one asked in."""
    settings.YJAUDIT_JOB_RESULTS_DIR = tmp_path
    client = sign_in(Client(), make_user("qa", derby.service, Role.QA_LEAD))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    url = reverse("reports:request_file", kwargs={"pk": derby.pk, "kind": "board"})
    with django_capture_on_commit_callbacks(execute=False) as sent:
        client.post(url, {"fmt": "xlsx"})
    with translation.override("en"):
        sent[0]()
    job = Job.objects.get()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    data = b"".join(client.get(f"/jobs/{job.pk}/download").streaming_content)
    text = _visible(data, "xlsx")
    assert "Gwarediad llys: %" in text and "Ddim yn hysbys neu heb ei nodi" in text
    _assert_no_english(text, "job")


def test_welsh_live_results_and_published_comparison(derby: Any, settings: Any) -> None:
    client = sign_in(Client(), make_user("qa", derby.service, Role.QA_LEAD))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    url = reverse("audits:results", kwargs={"round_pk": derby.pk}) + "?show=splits"
    page = client.get(url).content.decode()
    splits = _text(page[page.index('id="split-setting"') :])
    for words in ("Gwarediad llys", "Cymuned", "Heb ei gofnodi", "Gwyn"):
        assert words in splits, words
    # The engine's group of cases without a value is no code on the page.
    assert not re.search(r"\bunknown\b", splits)
    _assert_no_english(splits, "results")
    page = client.get(reverse("benchmarking:round", kwargs={"pk": derby.pk})).content.decode()
    text = _text(page)
    assert _overall_reason(derby, "cy") in text
    assert not ENGINE.search(text), ENGINE.search(text)


def test_english_reads_the_registers_labels_and_reasons(derby: Any) -> None:
    doc = build_document(derby, "round", language="en")
    headers = {t.id: t.headers for t in doc.tables()}
    assert "Court disposal: %" in headers["split-disposal_category"]
    assert "Not known or not stated" in _cells(doc, "sample-")
    published = next(t for t in doc.tables() if t.id == "published-ratings")
    overall = next(row for row in published.rows if row[0].text == "Overall")
    assert overall[2].text == _overall_reason(derby, "en")
    assert overall[2].text.startswith("Standards 1.1, 1.2")
