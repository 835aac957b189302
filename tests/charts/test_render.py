"""The charts render in WeasyPrint (PDF) with their text intact, and band limits come
from a framework's rating scheme."""

import shutil
import subprocess
from pathlib import Path

import pytest

from yjaudit.charts import Bar, Series, TrendPoint, band_limits, bar_chart, trend_chart
from yjaudit.charts.svg import num, percent_text, wrap
from yjaudit.spec.model import RatingScheme


def scheme(basis: str = "rounded-percent") -> RatingScheme:
    return RatingScheme.model_validate(
        {
            "id": "hmip-2021",
            "basis": basis,
            "bands": [
                {"lower": 80, "label": "Outstanding", "points": 3},
                {"lower": 65, "label": "Good", "points": 2},
                {"lower": 50, "label": "Requires improvement", "points": 1},
                {"lower": 0, "label": "Inadequate", "points": 0},
            ],
        }
    )


def test_band_limits_from_scheme() -> None:
    limits = band_limits(scheme())
    assert [(lm.value, lm.label) for lm in limits] == [
        (50.0, "Requires improvement"),
        (65.0, "Good"),
        (80.0, "Outstanding"),
    ]
    with pytest.raises(ValueError, match="bands points"):
        band_limits(scheme("points"))


def test_weasyprint_renders_both_charts(tmp_path: Path) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    limits = band_limits(scheme())
    bar = bar_chart(
        [
            Bar("2.1 Assessment", 73, 52, 87, 15, "Good"),
            Bar("2.2 Planning", 47, n=3, not_rated=True),
        ],
        title="Court",
        limits=limits,
    )
    trend = trend_chart(
        ["Q1", "Q2"], [Series("2.1 Assessment", (TrendPoint(60, 45, 73), TrendPoint(70)))],
        title="Trend", limits=limits,
    )  # fmt: skip
    html = f"<html><body><figure>{bar.svg}</figure><figure>{trend.svg}</figure></body></html>"
    pdf = tmp_path / "charts.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for expected in ("73% Good", "80% Outstanding", "Not rated", "Q2", "95% interval"):
            assert expected in out


@pytest.mark.parametrize(
    ("x", "text"), [(1.0, "1"), (1.5, "1.5"), (1.234, "1.23"), (-0.001, "0"), (100.0, "100")]
)
def test_num(x: float, text: str) -> None:
    assert num(x) == text


def test_num_rejects_nan() -> None:
    with pytest.raises(ValueError):
        num(float("nan"))


@pytest.mark.parametrize(("v", "text"), [(73, "73%"), (73.0, "73%"), (52.44, "52.4%"), (0, "0%")])
def test_percent_text(v: float, text: str) -> None:
    assert percent_text(v) == text


def test_wrap() -> None:
    assert wrap("a b c", 1000, 14) == ["a b c"]
    assert wrap("", 100, 14) == [""]
    lines = wrap("Out-of-court disposal policy and provision", 120, 14)
    assert " ".join(lines) == "Out-of-court disposal policy and provision"
    assert len(lines) > 1


def test_wrap_cuts_overlong_words() -> None:
    lines = wrap("Supercalifragilisticexpialidocious assessment", 70, 14)
    per_line = int(70 // (14 * 0.58))
    assert all(len(line) <= per_line for line in lines)
    assert "".join(lines).replace("-", "") == "Supercalifragilisticexpialidociousassessment"
