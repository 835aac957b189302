"""Accessible SVG charts as strings: no plotting library, no JavaScript, no CSS variables.

Every chart comes with a text alternative and a data table to print beside it, uses
the Okabe-Ito palette plus patterns, dashes, marker shapes and labels (legible in
black and white), writes no text under 12px and renders the same in browsers and
WeasyPrint. Pure Python: no Django.
"""

from .bar import bar_chart
from .limits import band_limits
from .sparkline import sparkline
from .trend import series_style, trend_chart
from .types import (
    OKABE_ITO,
    BandLimit,
    Bar,
    Benchmark,
    Chart,
    ChartLabels,
    DataTable,
    Series,
    TrendPoint,
)

__all__ = [
    "OKABE_ITO",
    "BandLimit",
    "Bar",
    "Benchmark",
    "Chart",
    "ChartLabels",
    "DataTable",
    "Series",
    "TrendPoint",
    "band_limits",
    "bar_chart",
    "series_style",
    "sparkline",
    "trend_chart",
]
