"""The quarterly performance report: four formats with the selectors' figures, no child-level
data, small cells suppressed, and who may read and download it."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.indicators import Figure, Indicator, find_indicator_set, quarter_containing
from yjaudit.monitoring import presenters, selectors

from .conftest import PLANTED

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 8, 15, 10, 0, tzinfo=dt.UTC)
QUARTER = "2025-26 Q1"
PAGE = "/monitoring/DEMO/report/yjb-kpi-2023/"
FORMATS = ("html", "pdf", "docx", "xlsx")


def _download(client: Client, fmt: str) -> Any:
    return client.get(f"{PAGE}{fmt}/", {"quarter": QUARTER})


def _pdf_text(data: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "r.pdf"
        src.write_bytes(data)
        out = subprocess.run(
            [tool, "-layout", str(src), "-"], capture_output=True, check=True, text=True
        )
    return out.stdout


def _all_text(data: bytes, fmt: str) -> str:
    if fmt == "html":
        return data.decode()
    if fmt == "pdf":
        return _pdf_text(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # docx and xlsx: every XML part
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def _expected(service: Any) -> list[tuple[Indicator, Figure]]:
    """Each indicator's whole-service figure for the quarter, from the selectors."""
    indicator_set = find_indicator_set("yjb-kpi-2023")
    quarter = quarter_containing(dt.date(2025, 5, 1))
    tables = selectors.Tables(service)
    out = []
    for ind in indicator_set.indicators:
        figs = selectors.figure(tables, indicator_set, ind, quarter, today=TODAY.date())
        if figs:
            out.append((ind, figs[0]))
    return out


@time_machine.travel(TODAY, tick=True)
def test_every_format_carries_the_selectors_figures(
    client: Client, quarter_data: Any, qa: Any
) -> None:
    verified_login(client, qa)
    expected = _expected(quarter_data)
    kpi1_ind, kpi1 = next((i, f) for i, f in expected if i.id == "kpi1-accommodation")
    assert (kpi1.numerator, kpi1.denominator) == (41, 47)  # 27 + 6 + 3 + 5 of 30 + 8 + 3 + 6
    shown = [(i, f) for i, f in expected if f.value is not None]
    assert shown, "the fixture should give figures"

    from docx import Document
    from openpyxl import load_workbook

    files = {fmt: _download(client, fmt) for fmt in FORMATS}
    for fmt, r in files.items():
        assert r.status_code == 200, fmt
        assert "attachment" in r["Content-Disposition"]
    texts = {fmt: _all_text(r.content, fmt) for fmt, r in files.items()}
    page = client.get(PAGE, {"quarter": QUARTER}).content.decode()
    for ind, f in shown:
        value = presenters.value_text(ind, f.value)
        interval = presenters.interval_text(ind, f)
        for name, text in (("page", page), ("html", texts["html"]), ("pdf", texts["pdf"])):
            assert value in text and presenters.value_text(ind, f.ci_low) in text, (name, ind.id)
        assert interval  # the page shows the interval's limits in their own columns

    # Word: the summary table's row for each indicator, cell by cell.
    document = Document(io.BytesIO(files["docx"].content))
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Indicator")
    words = {row.cells[0].text: [c.text for c in row.cells] for row in summary.rows[1:]}
    # Excel: real numbers on the summary sheet (caption row 1, headers row 2).
    sheet = load_workbook(io.BytesIO(files["xlsx"].content))["summary"]
    cells = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    for ind, f in expected:
        if f.suppressed:
            assert words[ind.title][1:4] == ["", "", ""], ind.id
            continue
        if f.value is None:  # no records: 0 of 0, and why there is no value
            assert words[ind.title][1:4] == ["0", "0", ""], ind.id
            assert cells[ind.title][1:3] == (0, 0), ind.id
            continue
        assert words[ind.title][1:4] == [
            f"{f.numerator:,}",
            f"{f.denominator:,}",
            presenters.value_text(ind, f.value),
        ], ind.id
        row = cells[ind.title]
        assert (row[1], row[2]) == (f.numerator, f.denominator), ind.id
        assert row[3] == pytest.approx(f.value) and row[4] == pytest.approx(f.ci_low)
        assert row[5] == pytest.approx(f.ci_high), ind.id
    # The comparator and whether the difference is beyond chance.
    assert "England and Wales: 89.0% (no evidence of a difference)" in words[kpi1_ind.title][-1]


@time_machine.travel(TODAY, tick=True)
def test_no_reference_or_name_in_any_format(client: Client, quarter_data: Any, qa: Any) -> None:
    verified_login(client, qa)
    page = client.get(PAGE, {"quarter": QUARTER}).content.decode()
    texts = [page] + [_all_text(_download(client, fmt).content, fmt) for fmt in FORMATS]
    for text in texts:
        assert PLANTED not in text and "Plantedname" not in text and "Planted Road" not in text
    assert "87.2%" in page  # the figures are there: the absence is not an empty file


def _breakdown_row(text: str, label: str) -> str:
    """The cells' text after a row header, tags left out."""
    found = re.search(rf"<th[^>]*>{re.escape(label)}</th>(.*?)</tr>", text, re.S)
    assert found, label
    return re.sub(r"<[^>]+>", "|", found.group(1))


@time_machine.travel(TODAY, tick=True)
def test_small_cells_show_no_number_in_any_format(
    client: Client, quarter_data: Any, service: Any
) -> None:
    board = make_user("board@demo.example", service=service, roles=["board_member"])
    client.force_login(board)  # board members need no two-factor
    page = client.get(PAGE, {"quarter": QUARTER}).content.decode()
    # KPI 1 by ethnicity: Asian children are 3, below the minimum of 5.
    section = page.split("KPI 1: suitable accommodation")[-1]
    asian = _breakdown_row(section, "Asian or Asian British")
    assert "Too few to show" in asian and not re.search(r"\d", asian)
    black = _breakdown_row(section, "Black, Black British, Caribbean or African")
    assert "|6|" in black and "|8|" in black  # 6 of 8: shown
    # Secondary suppression: the next smallest cell (not known, 6 children) is hidden
    # too, or the total of 47 minus white's 30 and black's 8 would give Asian's 3.
    unknown = _breakdown_row(section, "Not known or not stated")
    assert "smaller group cannot be worked out" in unknown and not re.search(r"\d", unknown)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_download(client, "xlsx").content))
    by_ethnicity = next(
        book[name]
        for name in book.sheetnames
        if str(book[name]["A1"].value).startswith("KPI 1") and "ethnicity" in name
    )
    rows = {r[0]: r for r in by_ethnicity.iter_rows(min_row=3, values_only=True) if r[0]}
    assert rows["Asian or Asian British"][1:6] == (None,) * 5
    assert rows["Black, Black British, Caribbean or African"][1:3] == (6, 8)
    assert rows["Not known or not stated"][1:6] == (None,) * 5
    # The drill-down page hides the same cell.
    detail = client.get(
        "/monitoring/DEMO/yjb-kpi-2023/kpi1-accommodation/",
        {"quarter": QUARTER, "by": "ethnicity"},
    ).content.decode()
    asian = _breakdown_row(detail, "Asian or Asian British")
    assert "Too few to show" in asian and not re.search(r"\d", asian)
    unknown = _breakdown_row(detail, "Not known or not stated")
    assert "smaller group cannot be worked out" in unknown and not re.search(r"\d", unknown)


@time_machine.travel(TODAY, tick=True)
def test_area_context_counts_children_aged_10_to_17(
    client: Client, quarter_data: Any, qa: Any
) -> None:
    verified_login(client, qa)
    page = client.get(PAGE, {"quarter": QUARTER}).content.decode()
    # 8 ages x (400 + 380 + 30 + 28 + 50 + 52) = 7,520; ages 9 and 18 are left out.
    assert "Children aged 10 to 17 living in the area in 2025: 7,520." in page
    white = _breakdown_row(page.split("Area context")[-1], "White")
    assert "6,240" in white and "83.0%" in white


@time_machine.travel(TODAY, tick=True)
def test_dashboard_links_to_the_report(client: Client, quarter_data: Any, qa: Any) -> None:
    verified_login(client, qa)
    page = client.get("/monitoring/DEMO/").content.decode()
    assert f'href="{PAGE}?quarter=2025-26%20Q1"' in page


@time_machine.travel(TODAY, tick=True)
def test_board_member_reads_and_downloads(client: Client, quarter_data: Any, service: Any) -> None:
    board = make_user("board@demo.example", service=service, roles=["board_member"])
    client.force_login(board)
    assert client.get(PAGE).status_code == 200
    assert _download(client, "pdf").status_code == 200


@pytest.mark.parametrize("role", ["practitioner", "auditor"])
def test_roles_without_monitoring_are_refused(client: Client, service: Any, role: str) -> None:
    user = make_user(f"{role}@demo.example", service=service, roles=[role])
    verified_login(client, user)
    assert client.get(PAGE).status_code == 403
    assert _download(client, "xlsx").status_code == 403


def test_another_service_is_a_404(
    client: Client, service: Any, other_service: Any, qa: Any
) -> None:
    verified_login(client, qa)
    assert client.get("/monitoring/OTHER/report/yjb-kpi-2023/").status_code == 404
    assert client.get("/monitoring/OTHER/report/yjb-kpi-2023/pdf/").status_code == 404


def test_unknown_set_or_format_is_a_404(client: Client, service: Any, qa: Any) -> None:
    verified_login(client, qa)
    assert client.get("/monitoring/DEMO/report/nope/").status_code == 404
    assert client.get(f"{PAGE}exe/").status_code == 404


@time_machine.travel(TODAY, tick=True)
def test_board_pack_table_is_the_summary(quarter_data: Any) -> None:
    from yjaudit.monitoring.report import board_tables

    indicator_set = find_indicator_set("yjb-kpi-2023")
    quarter = quarter_containing(dt.date(2025, 5, 1))
    (table,) = board_tables(quarter_data, indicator_set, quarter, today=TODAY.date())
    rows = {r[0].text: r for r in table.rows}
    kpi1 = rows[indicator_set.get("kpi1-accommodation").title]
    assert (kpi1[1].value, kpi1[2].value, kpi1[3].text) == (41, 47, "87.2%")
    assert "England and Wales: 89.0%" in kpi1[-1].text


def _offences(service: Any) -> None:
    """40 court disposals of children aged 15, each for 2 offences, in the 12 months to
    the end of 2025-26 Q1; and England and Wales' figure to compare with."""
    from yjaudit.monitoring import services

    rows = ["Reference,Start date,Intervention type,Sex,Ethnicity,Age,Offences"]
    rows += [f"OFF-{n:03d},01/03/2025,court,male,white,15,2" for n in range(40)]
    rows += ["OFF-900,01/03/2025,court,female,asian,15,3"]  # 3 offences: a small cell
    services.import_records(
        actor=None,
        service=service,
        record_set="interventions",
        filename="offences.csv",
        data=("\n".join(rows) + "\n").encode(),
    )
    services.set_comparator(
        actor=None,
        indicator_id="offences-per-1000",
        period=QUARTER,
        name="England and Wales",
        value=38.0,
    )


@time_machine.travel(TODAY, tick=True)
def test_area_context_shows_offences_per_1000_beside_the_indicators(
    client: Client, quarter_data: Any, service: Any, qa: Any
) -> None:
    _offences(service)
    verified_login(client, qa)
    # 83 offences over 7,520 children aged 10-17: 11.0 per 1,000 (Byar: 8.8 to 13.7).
    page = client.get(PAGE, {"quarter": QUARTER}).content.decode()
    area = page.split("Area context")[-1]
    whole = _breakdown_row(area, "Whole area")
    assert "|83|" in whole and "|7,520|" in whole and "11.0 per 1,000" in whole
    assert "8.8 per 1,000" in whole and "13.7 per 1,000" in whole
    assert "England and Wales: 38.0 per 1,000 (better, beyond chance)" in whole
    # By sex, the girls' 3 offences are hidden, and so the boys' 80 (secondary).
    girls = _breakdown_row(area.split("by sex")[-1], "Female")
    assert "Too few to show" in girls and not re.search(r"\d", girls)
    boys = _breakdown_row(area.split("by sex")[-1], "Male")
    assert "smaller group cannot be worked out" in boys and not re.search(r"\d", boys)
    # The dashboard shows it beside the indicators.
    dashboard = client.get("/monitoring/DEMO/", {"quarter": QUARTER}).content.decode()
    tail = dashboard.split('id="area-context"')[-1]
    assert "Children aged 10 to 17 living in the area in 2025: 7,520." in tail
    assert "11.0 per 1,000" in tail and "83 of 7520" in tail.replace(",", "")
