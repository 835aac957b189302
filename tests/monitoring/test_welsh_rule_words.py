"""Indicator titles and descriptions come from the Welsh wording files on Welsh pages and
reports, and never leak into English ones (the sets are cached per language)."""

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
KPI1_CY = "DPA 1: llety addas ar ddiwedd yr ymyriad"
KPI1_EN = "KPI 1: suitable accommodation at the end of the intervention"
DETAIL = "/monitoring/DEMO/yjb-kpi-2023/kpi1-accommodation/"


def _page(client: Client, url: str, **query: str) -> str:
    page = client.get(url, {"quarter": "2025-26 Q1", **query})
    assert page.status_code == 200, url
    return page.content.decode().replace("&#x27;", "'")


@time_machine.travel(TODAY, tick=True)
def test_an_indicator_page_in_welsh_then_english(
    client: Client, quarter_data: Any, qa: Any
) -> None:
    verified_login(client, qa)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    detail = _page(client, DETAIL, by="ethnicity")
    assert KPI1_CY in detail and KPI1_EN not in detail
    dashboard = _page(client, "/monitoring/DEMO/")
    assert KPI1_CY in dashboard and KPI1_EN not in dashboard
    assert "Dangosyddion perfformiad allweddol y Bwrdd Cyfiawnder Ieuenctid" in dashboard
    # The same figures in either language: only the words differ.
    assert "4 o 5" in dashboard or "80.0%" in dashboard
    report = _page(client, "/monitoring/DEMO/report/yjb-kpi-2023/")
    assert KPI1_CY in report and "DPA 7: presenoldeb uwch bartneriaid" in report
    from openpyxl import load_workbook

    data = client.get("/monitoring/DEMO/report/yjb-kpi-2023/xlsx/", {"quarter": "2025-26 Q1"})
    book = load_workbook(io.BytesIO(data.content))
    cells = {
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
    }
    assert KPI1_CY in cells and KPI1_EN not in cells

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _page(client, DETAIL, by="ethnicity")
    assert KPI1_EN in english and KPI1_CY not in english
    assert "DPA" not in _page(client, "/monitoring/DEMO/report/yjb-kpi-2023/")
