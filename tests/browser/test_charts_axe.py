"""The charts, set in a page beside their data tables, pass axe (WCAG 2.2 A and AA).

Uses the shared browser fixture on Debian's Chromium with `set_content` (no live server
is needed for a static page). Skips without a browser, unless YJAUDIT_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

import pytest

from yjaudit.charts import (
    BandLimit,
    Bar,
    Benchmark,
    Chart,
    Series,
    TrendPoint,
    bar_chart,
    trend_chart,
)

pytestmark = pytest.mark.browser

LIMITS = (
    BandLimit(50, "Requires improvement"),
    BandLimit(65, "Good"),
    BandLimit(80, "Outstanding"),
)


def table_html(chart: Chart) -> str:
    t = chart.table
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in t.headers)
    rows = "".join(
        "<tr>"
        + f'<th scope="row">{escape(r[0])}</th>'
        + "".join(f"<td>{escape(c)}</td>" for c in r[1:])
        + "</tr>"
        for r in t.rows
    )
    return (
        f"<table><caption>{escape(t.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A blank page in the shared browser (tests/browser/conftest.py): one Playwright per run."""
    page = browser.new_page()
    yield page
    page.close()


def test_charts_pass_axe(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    bar = bar_chart(
        [
            Bar("2.1 Assessment", 73, 52, 87, 15, "Good", benchmark=Benchmark(40, 62, 88)),
            Bar("2.2 Planning", 47, n=3, not_rated=True),
        ],
        title="Court disposals",
        limits=LIMITS,
    )
    trend = trend_chart(
        ["Q1 2024", "Q2 2024"],
        [Series("2.1 Assessment", (TrendPoint(60, 45, 73), TrendPoint(70)))],
        title="Court disposals across 2024",
        limits=LIMITS,
    )
    figures = "".join(
        f"<figure>{c.svg}<figcaption>{escape(c.title)}</figcaption></figure>{table_html(c)}"
        for c in (bar, trend)
    )
    page.set_content(
        f'<!DOCTYPE html><html lang="en"><head><title>Charts</title></head>'
        f"<body><main><h1>Charts</h1>{figures}</main></body></html>"
    )
    img = page.get_by_role("img", name="Court disposals", exact=True)
    assert img.count() == 1
    assert img.get_attribute("aria-describedby") is not None
    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
            }
        },
    )
    violations = results.response["violations"]
    assert violations == [], [v["id"] for v in violations]
