"""Chart inputs and outputs. Plain frozen dataclasses: no Django, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

# Okabe and Ito (2008), "Color Universal Design": distinguishable with the common
# forms of colour blindness. Every chart also tells series apart by pattern, dash,
# marker shape and label, so a black-and-white print loses nothing.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
# Series order for lines: darkest and most distinct first (yellow last: faint on white).
SERIES_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
)
SERIES_DASHES: tuple[str | None, ...] = (None, "9 4", "2 3", "9 3 2 3", "14 4", "4 4", "1 6")
SERIES_MARKERS: tuple[str, ...] = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "cross",
    "down",
    "plus",
)


@dataclass(frozen=True, slots=True)
class BandLimit:
    """A rating band's lower limit, drawn as a labelled line (e.g. 80, "Outstanding")."""

    value: float
    label: str


@dataclass(frozen=True, slots=True)
class Benchmark:
    """Other services' figures for the same item: lowest, average and highest."""

    lowest: float | None = None
    average: float | None = None
    highest: float | None = None


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    percent: float | None  # None when nothing applied
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = None
    rating: str | None = None
    not_rated: bool = False  # drawn hatched and labelled "Not rated"
    benchmark: Benchmark | None = None


@dataclass(frozen=True, slots=True)
class TrendPoint:
    percent: float
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = None


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    points: tuple[TrendPoint | None, ...]  # one per round; None where there is no figure


@dataclass(frozen=True, slots=True)
class DataTable:
    """The chart's data, to print beside it: a caption, headers and rows of text."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Chart:
    svg: str
    title: str
    text_alternative: str  # a sentence summary, also the SVG's <desc>
    table: DataTable
    id: str


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """Every word the charts write themselves, so a caller can pass Welsh (or any) text."""

    percentage: str = "Percentage"
    axis: str = "Percentage of cases"
    item: str = "Standard"
    interval: str = "95% interval"
    interval_range: str = "{low} to {high}"
    cases: str = "Cases"
    cases_count: str = "{n} cases"
    one_case: str = "1 case"
    rating: str = "Rating"
    not_rated: str = "Not rated"
    no_value: str = "No figure"
    lowest: str = "Lowest"
    average: str = "Average"
    highest: str = "Highest"
    band_limit: str = "Rating band lower limit"
    bar_chart: str = "Bar chart"
    line_chart: str = "Line chart"
    round: str = "Round"
    band_limits_sentence: str = "Rating band lower limits: {limits}."
    highest_sentence: str = "Highest: {items}."
    lowest_sentence: str = "Lowest: {items}."
    trend_span: str = "{count} rounds from {first} to {last}"
    trend_change: str = "{label}: {start} in {first} to {end} in {last}"
    trend_single: str = "{label}: {value} in {round}"
    trend_none: str = "{label}: no figures"
    trend_note: str = "Percentages, with 95% intervals in brackets where known."
