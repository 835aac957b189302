"""Performance monitoring in Welsh: the dashboard, the import page and the quarterly
report (page and Excel) have Welsh headings and none of the English ones."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from yjaudit.accounts.testing import verified_login

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 8, 15, 10, 0, tzinfo=dt.UTC)


@time_machine.travel(TODAY, tick=True)
def test_monitoring_pages_speak_welsh(client: Client, quarter_data: Any, qa: Any) -> None:
    verified_login(client, qa)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    pages = {
        "/monitoring/DEMO/": (
            ["Chwarter", "Mewnforio cofnodion"],
            ["Performance monitoring", "Import records", "Break down by", "Disproportionality"],
        ),
        "/monitoring/DEMO/import/": (
            ["Mewnforio cofnodion monitro", "Beth sydd yn y ffeil"],
            ["Import monitoring records", "What the file holds", "Upload a file"],
        ),
        "/monitoring/DEMO/report/yjb-kpi-2023/": (
            ["Crynodeb", "Y dangosyddion yn fanwl", "Am y ffigurau hyn"],
            ["Indicators in detail", "About these figures", "Out of", "Counted"],
        ),
    }
    for url, (welsh, english) in pages.items():
        page = client.get(url, {"quarter": "2025-26 Q1"})
        assert page.status_code == 200, url
        html = page.content.decode().replace("&#x27;", "'")
        for words in welsh:
            assert words in html, (url, words)
        for words in english:
            assert words not in html, (url, words)
    from openpyxl import load_workbook

    data = client.get("/monitoring/DEMO/report/yjb-kpi-2023/xlsx/", {"quarter": "2025-26 Q1"})
    book = load_workbook(io.BytesIO(data.content))
    assert book.sheetnames[0] == "Clawr" and book.properties.language == "cy-GB"
    text = {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row}
    assert {"Crynodeb", "Allan o", "Gwerth"} <= text
    assert not {"Summary", "Out of", "Value", "Cover", "Produced"} & text


# An interval as the pages write it: "64.6% to 100%" in English, "64.6% i 100%" in Welsh.
ENGLISH_INTERVAL = re.compile(r"\d%? to \d")
WELSH_INTERVAL = re.compile(r"\d+(\.\d)?% \(\d+(\.\d)?% i \d+(\.\d)?%\)")


def _welsh(client: Client, qa: Any) -> Client:
    verified_login(client, qa)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


@time_machine.travel(TODAY, tick=True)
def test_the_quarterly_report_gives_intervals_and_gaps_in_welsh(
    client: Client, quarter_data: Any, qa: Any
) -> None:
    """The trend charts' tables and text alternatives, in the page and in the file: the
    interval is "x% i y%", a quarter without a figure "Dim ffigur", the ages "10 i 17"."""
    _welsh(client, qa)
    page = client.get("/monitoring/DEMO/report/yjb-kpi-2023/", {"quarter": "2025-26 Q1"})
    text = html.unescape(page.content.decode())
    assert WELSH_INTERVAL.search(text), "a value with its interval in Welsh"
    assert "Dim ffigur" in text and "Siart llinell" in text and "Plant 10 i 17 oed" in text
    for english in ("No figure", "Line chart", "Percentages, with 95% intervals", "10 to 17"):
        assert english not in text, english
    assert not ENGLISH_INTERVAL.search(text), ENGLISH_INTERVAL.search(text)
    from openpyxl import load_workbook

    data = client.get("/monitoring/DEMO/report/yjb-kpi-2023/xlsx/", {"quarter": "2025-26 Q1"})
    book = load_workbook(io.BytesIO(data.content))
    cells = [
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
    ]
    # The file gives a chart as its text alternative (its table is the figures' table).
    assert any("Siart llinell" in c for c in cells)
    english = ("No figure", "Line chart", " in 20", "10 to 17")
    assert not [c for c in cells if ENGLISH_INTERVAL.search(c) or any(w in c for w in english)]
    dashboard = client.get("/monitoring/DEMO/", {"quarter": "2025-26 Q1"}).content.decode()
    assert "Plant 10 i 17 oed" in html.unescape(dashboard)


@time_machine.travel(TODAY, tick=True)
def test_the_quarterly_report_in_english_is_unchanged(
    client: Client, quarter_data: Any, qa: Any
) -> None:
    verified_login(client, qa)
    page = client.get("/monitoring/DEMO/report/yjb-kpi-2023/", {"quarter": "2025-26 Q1"})
    text = html.unescape(page.content.decode())
    assert re.search(r"\d+(\.\d)?% \(\d+(\.\d)?% to \d+(\.\d)?%\)", text)
    assert "No figure" in text and "Line chart" in text and "aged 10 to 17" in text


def _stages_world(service: Any) -> None:
    """White and Black children at every stage; Asian children start an intervention but
    none goes to court (a count of 0: no RRI), so none can be in custody (no base)."""
    from yjaudit.monitoring import services

    people = "year,sex,ethnicity,age,count\n" + "".join(
        f"2025,male,{e},15,{n}\n" for e, n in (("white", 4000), ("black", 500), ("asian", 300))
    )
    services.import_records(
        actor=None, service=service, record_set="population", filename="p.csv", data=people.encode()
    )
    rows = ["reference,start_date,intervention_type,sex,ethnicity,age,custodial_sentence"]
    for group, n, court, custody in (("white", 40, 10, 2), ("black", 20, 8, 3), ("asian", 6, 0, 0)):
        for i in range(n):
            kind = "court" if i < court else "out-of-court"
            rows.append(
                f"{group[0]}{i},2025-02-0{1 + i % 9},{kind},male,{group},15,"
                f"{'yes' if i < custody else 'no'}"
            )
    services.import_records(
        actor=None,
        service=service,
        record_set="interventions",
        filename="i.csv",
        data=("\n".join(rows) + "\n").encode(),
    )


DISPROPORTIONALITY = "/monitoring/DEMO/disproportionality/?by=ethnicity&quarter=2025-26+Q1"


@time_machine.travel(TODAY, tick=True)
def test_disproportionality_in_welsh(client: Client, service: Any, qa: Any) -> None:
    """Stages, intervals and why a group has no RRI in Welsh; the figures as in English."""
    _stages_world(service)
    english = html.unescape(verified_login(client, qa).get(DISPROPORTIONALITY).content.decode())
    assert "has a count of 0 at this stage, so the RRI has no value (log of 0)" in english
    assert "had no children at the stage before" in english
    text = html.unescape(_welsh(client, qa).get(DISPROPORTIONALITY).content.decode())
    asian = "Asiaidd neu Asiaidd Prydeinig"
    assert f"{asian}: cyfrif o 0 yn y cam hwn, felly nid oes gwerth i'r RRI (log o 0)" in text
    assert f"{asian}: dim plant yn y cam blaenorol, felly nid oes cyfradd" in text
    assert "Plant sy'n dechrau ymyriad" in text and "(o'r boblogaeth 10 i 17 oed)" in text
    assert "Dedfrydau o garchar" in text and "(o'r gwarediadau llys)" in text
    assert re.search(r"\d\.\d\d i \d\.\d\d", text)
    for words in ("has a count of 0", "no children at the stage before", "log of 0",
                  "population aged", "Children starting", "Custodial sentences"):  # fmt: skip
        assert words not in text, words
    assert not ENGLISH_INTERVAL.search(text), ENGLISH_INTERVAL.search(text)
    # The same figures in both languages: counts, rates, RRIs and interval limits.
    figures = re.compile(r">\s*(\d[\d,.]*%?)\s*<|(\d+\.\d\d) (?:to|i) (\d+\.\d\d)")
    assert figures.findall(english) == figures.findall(text)


@time_machine.travel(TODAY, tick=True)
def test_population_below_the_records_is_said_in_the_readers_language(
    client: Client, service: Any, qa: Any
) -> None:
    """Population figures with fewer Black children than the records hold: the page says
    so (no counts: a small one is not for every reader), in English and in Welsh."""
    from yjaudit.monitoring import services

    people = "year,sex,ethnicity,age,count\n2025,male,white,15,4000\n2025,male,black,15,3\n"
    services.import_records(
        actor=None, service=service, record_set="population", filename="p.csv", data=people.encode()
    )
    rows = ["reference,start_date,intervention_type,sex,ethnicity,age,custodial_sentence"]
    rows += [
        f"{g}{i},2025-02-01,court,male,{g},15,no" for g in ("black", "white") for i in range(6)
    ]
    services.import_records(
        actor=None,
        service=service,
        record_set="interventions",
        filename="i.csv",
        data=("\n".join(rows) + "\n").encode(),
    )
    english = verified_login(client, qa).get(DISPROPORTIONALITY)
    assert english.status_code == 200
    text = html.unescape(english.content.decode())
    assert (
        "Black, Black British, Caribbean or African: more children at "
        "“Children starting an intervention” than at the stage before "
        "(“Population aged 10 to 17”)"
    ) in text
    welsh = _welsh(client, qa).get(DISPROPORTIONALITY)
    assert welsh.status_code == 200
    text = html.unescape(welsh.content.decode())
    assert "mwy o blant yn “Plant sy'n dechrau ymyriad” nag yn y cam blaenorol" in text
    assert "more children" not in text and ">6<" not in text and ">3<" not in text
