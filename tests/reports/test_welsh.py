"""Reports in Welsh: made in the language of the person who asks (page, job, CLI), with
Welsh section titles, table headers and sheet names, and none of the English ones."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse

from cases.factories import make_user, sign_in
from yjaudit.cli.main import main
from yjaudit.jobs.models import Job, JobStatus
from yjaudit.organisations.models import Role
from yjaudit.reports.make import build_document
from yjaudit.reports.render import render

# English words of the round report's own headings and headers (not framework text).
ENGLISH = (
    "Summary of standards",
    "Strengths and areas for improvement",
    "Data appendix",
    "Every key question and prompt",
    "Headline score",
    "Section scores",
    "95% interval from",
    "95% interval to",
    "Out of",
    "Rating points",
    "Cases in the sample",
    "Produced",
    "Audit round report",
)
WELSH = ("Crynodeb o'r safonau", "Atodiad data", "Cryfderau a meysydd i'w gwella")


@pytest.fixture
def derby(world: Any) -> Any:
    return world.round("DERBY", size=16)


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&#39;", "'")


def test_a_welsh_round_report_in_html_has_welsh_titles_and_headers(derby: Any) -> None:
    doc = build_document(derby, "round", language="cy")
    assert doc.language == "cy"
    titles = [s.title for _d, s in doc.walk()]
    assert "Crynodeb" in titles and "Summary" not in titles
    headers = {h for t in doc.tables() for h in t.headers}
    assert {"Gradd", "Allan o"} <= headers
    html = render(doc, "html").decode()
    assert '<html lang="cy">' in html
    text = _text(html)
    for words in WELSH:
        assert words in text
    for words in ENGLISH:
        assert words not in text, words
    # The narrative speaks Welsh too.
    assert "O ran " in text and "relevant case" not in text
    # English is unchanged.
    english = build_document(derby, "round", language="en")
    assert english.language == "en" and "Summary of standards" in _text(
        render(english, "html").decode()
    )


def test_a_welsh_round_report_in_excel_has_welsh_sheets_and_headers(derby: Any) -> None:
    from openpyxl import load_workbook

    data = render(build_document(derby, "round", language="cy"), "xlsx")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:3] == ["Clawr", "Cynnwys", "Testun"]
    assert book.properties.language == "cy-GB"
    cells = {
        str(c)
        for ws in book.worksheets
        for row in ws.iter_rows(max_row=2, values_only=True)
        for c in row
        if c is not None
    }
    assert {"Crynodeb o'r safonau", "Gradd", "Dalen", "Tabl", "Adran"} <= cells
    text = {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row}
    assert "Cynhyrchwyd" in text
    for words in (*ENGLISH, "Cover", "Contents", "Sheet", "Rating", "Summary"):
        assert words not in text, words


def test_a_welsh_word_file_says_its_language(derby: Any) -> None:
    data = render(build_document(derby, "round", language="cy"), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = z.read("word/styles.xml").decode()
        core = z.read("docProps/core.xml").decode()
        body = z.read("word/document.xml").decode()
    assert 'w:val="cy-GB"' in styles and "cy-GB" in core
    assert "Crynodeb o&apos;r safonau" in body or "Crynodeb o'r safonau" in body


def test_the_page_and_its_job_use_the_askers_language(
    derby: Any, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from openpyxl import load_workbook

    settings.YJAUDIT_JOB_RESULTS_DIR = tmp_path
    qa = make_user("qa", derby.service, Role.QA_LEAD)
    client = sign_in(Client(), qa)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.get(reverse("reports:round", kwargs={"pk": derby.pk})).content.decode()
    assert "Crynodeb o&#x27;r safonau" in page and "Summary of standards" not in page
    url = reverse("reports:request_file", kwargs={"pk": derby.pk, "kind": "round"})
    with django_capture_on_commit_callbacks(execute=False) as sent:
        client.post(url, {"fmt": "xlsx"})
    job = Job.objects.get()
    assert job.parameters["language"] == "cy"
    sent[0]()  # the worker has no language of its own: the job's is used
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    book = load_workbook(
        io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/download").streaming_content))
    )
    assert book.sheetnames[0] == "Clawr"


def test_the_cli_writes_welsh_when_asked(derby: Any, tmp_path: Path, monkeypatch: Any) -> None:
    out = tmp_path / "adroddiad.html"
    monkeypatch.delenv("YJAUDIT_LANGUAGE", raising=False)
    result = CliRunner().invoke(
        main, ["report", str(derby.pk), "--output", str(out), "--language", "cy"]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="cy">' in html and "Atodiad data" in html
    monkeypatch.setenv("YJAUDIT_LANGUAGE", "cy")
    out2 = tmp_path / "adroddiad2.html"
    assert CliRunner().invoke(main, ["report", str(derby.pk), "--output", str(out2)]).exit_code == 0
    assert "Atodiad data" in out2.read_text(encoding="utf-8")
