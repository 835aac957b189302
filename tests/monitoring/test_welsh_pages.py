"""Performance monitoring in Welsh: the dashboard, the import page and the quarterly
report (page and Excel) have Welsh headings and none of the English ones."""

from __future__ import annotations

import datetime as dt
import io
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
