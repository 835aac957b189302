"""Horizontal bar chart of standards' percentages, with rating band limits drawn.

Each row: the item's name (wrapped), a bar to its percentage on a 0-100 scale, an
optional 95% interval whisker and optional benchmark markers (lowest / average /
highest of other services), and, in a column of its own, the value in words
("73%", "Good", "15 cases"), so nothing is read off the bar's length alone. The
band limits (e.g. 50 / 65 / 80) are dashed lines, each labelled on its own row above
the plot so labels never collide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .marks import hatch_pattern, legend, marker, whisker
from .svg import chart_id, document, element, percent_text, text, wrap
from .types import OKABE_ITO, BandLimit, Bar, Chart, ChartLabels, DataTable

BAR_COLOUR = OKABE_ITO["blue"]
BENCHMARK_STYLE: dict[str, tuple[str, str]] = {
    # kind: (marker shape, colour)
    "lowest": ("down", OKABE_ITO["vermillion"]),
    "average": ("diamond", OKABE_ITO["yellow"]),
    "highest": ("triangle", OKABE_ITO["bluish_green"]),
}

LABEL_SIZE = 14
VALUE_SIZE = 13
TICK_SIZE = 12


def _check_percent(name: str, value: float | None) -> None:
    if value is not None and not 0 <= value <= 100:
        raise ValueError(f"{name} must be between 0 and 100, not {value}")


def _validate(bars: Sequence[Bar], limits: Sequence[BandLimit]) -> None:
    if not bars:
        raise ValueError("a bar chart needs at least one bar")
    for b in bars:
        _check_percent(f"{b.label}: percent", b.percent)
        _check_percent(f"{b.label}: ci_low", b.ci_low)
        _check_percent(f"{b.label}: ci_high", b.ci_high)
        if b.ci_low is not None and b.ci_high is not None and b.ci_low > b.ci_high:
            raise ValueError(f"{b.label}: ci_low is above ci_high")
        if b.benchmark:
            for kind in BENCHMARK_STYLE:
                _check_percent(f"{b.label}: {kind}", getattr(b.benchmark, kind))
    for limit in limits:
        _check_percent(f"band limit {limit.label}", limit.value)


def _cases(n: int | None, labels: ChartLabels) -> str:
    if n is None:
        return ""
    return labels.one_case if n == 1 else labels.cases_count.format(n=n)


def _interval(low: float | None, high: float | None, labels: ChartLabels) -> str:
    if low is None or high is None:
        return ""
    return labels.interval_range.format(low=percent_text(low), high=percent_text(high))


def _status(bar: Bar, labels: ChartLabels) -> str:
    if bar.not_rated:
        return labels.not_rated
    return bar.rating or ""


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where things go: the plot's x range, its top and bottom, and each bar's row."""

    x0: float
    x1: float
    top: float
    plot_bottom: float
    rows: tuple[tuple[Bar, list[str], float, float], ...]  # bar, lines, top y, height

    def sx(self, v: float) -> float:
        return self.x0 + (self.x1 - self.x0) * v / 100


BAND_ROW = 18


def _layout(bars: Sequence[Bar], limits: Sequence[BandLimit], width: int) -> _Layout:
    label_width = min(240.0, width * 0.3)
    value_width = 130.0
    x0 = label_width + 16
    x1 = width - value_width - 12
    if x1 - x0 < 200:
        raise ValueError(f"width {width} is too narrow for a readable chart")
    top = 8.0 + BAND_ROW * len(limits) + 6
    rows: list[tuple[Bar, list[str], float, float]] = []
    y = top
    for b in bars:
        lines = wrap(b.label, label_width - 8, LABEL_SIZE)
        h = max(40.0, 17.0 * len(lines) + 12)
        rows.append((b, lines, y, h))
        y += h
    return _Layout(x0, x1, top, y, tuple(rows))


def _axes(lay: _Layout, lab: ChartLabels) -> list[str]:
    """Light grid and the axis, drawn under everything else."""
    sx, x0, x1, top, plot_bottom = lay.sx, lay.x0, lay.x1, lay.top, lay.plot_bottom
    out: list[str] = []
    for tick in range(0, 101, 20):
        out.append(
            element("line", {"x1": sx(tick), "y1": float(top), "x2": sx(tick),
                             "y2": float(plot_bottom), "stroke": "#D0D0D0", "stroke-width": 1})
        )  # fmt: skip
        out.append(text(sx(tick), plot_bottom + 18, f"{tick}%", size=TICK_SIZE, anchor="middle"))
    out.append(
        element("line", {"x1": float(x0), "y1": float(plot_bottom), "x2": float(x1),
                         "y2": float(plot_bottom), "stroke": "#000000", "stroke-width": 1})
    )  # fmt: skip
    out.append(text((x0 + x1) / 2, plot_bottom + 38, lab.axis, size=TICK_SIZE, anchor="middle"))
    return out


def _bar_row(
    b: Bar, lines: list[str], ry: float, h: float, lay: _Layout, lab: ChartLabels, pattern_id: str
) -> list[str]:
    """One bar's row: its name, bar, whisker, benchmark markers and value in words."""
    sx, x0, x1 = lay.sx, lay.x0, lay.x1
    out: list[str] = []
    cy = ry + h / 2
    # Name, wrapped, right-aligned against the plot.
    first = cy - (len(lines) - 1) * 17 / 2 + 5
    for i, line in enumerate(lines):
        out.append(text(x0 - 10, first + i * 17, line, size=LABEL_SIZE, anchor="end"))
    if b.percent is not None:
        fill = f"url(#{pattern_id})" if b.not_rated else BAR_COLOUR
        out.append(
            element("rect", {"x": float(x0), "y": cy - 10, "width": sx(b.percent) - x0,
                             "height": 20.0, "fill": fill, "stroke": "#000000",
                             "stroke-width": 1})
        )  # fmt: skip
    if b.ci_low is not None and b.ci_high is not None:
        out.append(whisker(sx(b.ci_low), sx(b.ci_high), cy, cy, 6))
    if b.benchmark:
        for kind, (shape, colour) in BENCHMARK_STYLE.items():
            value = getattr(b.benchmark, kind)
            if value is not None:
                out.append(marker(shape, sx(value), cy, 11, colour, halo=True))
    value_lines = [percent_text(b.percent) if b.percent is not None else lab.no_value]
    status = _status(b, lab)
    if status:
        value_lines[0] += f" {status}"
    if b.n is not None:
        value_lines.append(_cases(b.n, lab))
    vy = cy - (len(value_lines) - 1) * 16 / 2 + 5
    for i, line in enumerate(value_lines):
        out.append(
            text(x1 + 12, vy + i * 16, line, size=VALUE_SIZE, weight="bold" if i == 0 else None)
        )
    return out


def _band_limits(limits: Sequence[BandLimit], lay: _Layout, width: int) -> list[str]:
    """Dashed band limit lines, each captioned on its own row above the plot."""
    out: list[str] = []
    for i, limit in enumerate(limits):
        x = lay.sx(limit.value)
        out.append(
            element("line", {"x1": x, "y1": float(8 + BAND_ROW * i + 14), "x2": x,
                             "y2": float(lay.plot_bottom), "stroke": "#000000",
                             "stroke-width": 1.5, "stroke-dasharray": "6 4"})
        )  # fmt: skip
        caption = f"{percent_text(limit.value)} {limit.label}"
        anchor = "start" if x + 4 + len(caption) * TICK_SIZE * 0.58 <= width - 4 else "end"
        out.append(
            text(x + 4 if anchor == "start" else x - 4, 8 + BAND_ROW * i + 12, caption,
                 size=TICK_SIZE, anchor=anchor)
        )  # fmt: skip
    return out


def _legend_entries(
    bars: Sequence[Bar],
    limits: Sequence[BandLimit],
    lab: ChartLabels,
    pattern_id: str,
    has_interval: bool,
    has_benchmarks: bool,
) -> list[tuple[str, str]]:
    """The legend's (swatch, label) entries, only for marks the chart draws."""
    entries = [
        (element("rect", {"x": 2, "y": 2, "width": 24, "height": 12, "fill": BAR_COLOUR,
                          "stroke": "#000000", "stroke-width": 1}), lab.percentage),
    ]  # fmt: skip
    if any(b.not_rated for b in bars):
        entries.append(
            (element("rect", {"x": 2, "y": 2, "width": 24, "height": 12,
                              "fill": f"url(#{pattern_id})", "stroke": "#000000",
                              "stroke-width": 1}), lab.not_rated)
        )  # fmt: skip
    if has_interval:
        entries.append((whisker(3, 25, 8, 8, 5), lab.interval))
    if has_benchmarks:
        for kind, (shape, colour) in BENCHMARK_STYLE.items():
            if any(b.benchmark and getattr(b.benchmark, kind) is not None for b in bars):
                entries.append((marker(shape, 14, 8, 11, colour), getattr(lab, kind)))
    if limits:
        entries.append(
            (element("line", {"x1": 2, "y1": 8, "x2": 26, "y2": 8, "stroke": "#000000",
                              "stroke-width": 1.5, "stroke-dasharray": "6 4"}), lab.band_limit)
        )  # fmt: skip
    return entries


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    limits: Sequence[BandLimit] = (),
    labels: ChartLabels | None = None,
    width: int = 640,
    id: str | None = None,
) -> Chart:
    """An accessible SVG bar chart, its text alternative and its data table."""
    lab = labels or ChartLabels()
    _validate(bars, limits)
    cid = id or chart_id("bar", title)
    limits = sorted(limits, key=lambda lm: lm.value)
    has_interval = any(b.ci_low is not None and b.ci_high is not None for b in bars)
    has_benchmarks = any(b.benchmark for b in bars)
    lay = _layout(bars, limits, width)
    pattern_id = f"{cid}-hatch"
    out = _axes(lay, lab)
    for b, lines, ry, h in lay.rows:
        out.extend(_bar_row(b, lines, ry, h, lay, lab, pattern_id))
    # Band limits last, so they sit on top of the bars.
    out.extend(_band_limits(limits, lay, width))
    entries = _legend_entries(bars, limits, lab, pattern_id, has_interval, has_benchmarks)
    legend_svg, legend_height = legend(entries, 8, lay.plot_bottom + 52, width - 16)
    height = lay.plot_bottom + 52 + legend_height + 8

    alt = _text_alternative(bars, limits, title, lab)
    table = _table(bars, title, lab, has_interval, has_benchmarks)
    svg = document(cid, title, alt, width, height, hatch_pattern(pattern_id), out, legend_svg)
    return Chart(svg=svg, title=title, text_alternative=alt, table=table, id=cid)


def _join(items: list[str]) -> str:
    return "; ".join(items)


def _describe(b: Bar, lab: ChartLabels) -> str:
    parts = [percent_text(b.percent) if b.percent is not None else lab.no_value.lower()]
    status = _status(b, lab)
    if status:
        parts.append(status)
    interval = _interval(b.ci_low, b.ci_high, lab)
    if interval:
        parts.append(f"{lab.interval} {interval}")
    if b.n is not None:
        parts.append(_cases(b.n, lab))
    if b.benchmark:
        for kind in BENCHMARK_STYLE:
            value = getattr(b.benchmark, kind)
            if value is not None:
                parts.append(f"{getattr(lab, kind).lower()} {percent_text(value)}")
    return f"{b.label}: {parts[0]}" + (f" ({', '.join(parts[1:])})" if parts[1:] else "")


def _text_alternative(
    bars: Sequence[Bar], limits: Sequence[BandLimit], title: str, lab: ChartLabels
) -> str:
    sentences = [f"{lab.bar_chart}: {title}. {_join([_describe(b, lab) for b in bars])}."]
    valued = [b for b in bars if b.percent is not None]
    if len(valued) > 1:
        top = max(b.percent or 0 for b in valued)
        bottom = min(b.percent or 0 for b in valued)
        if top != bottom:
            best = ", ".join(f"{b.label} ({percent_text(top)})" for b in valued if b.percent == top)
            worst = ", ".join(
                f"{b.label} ({percent_text(bottom)})" for b in valued if b.percent == bottom
            )
            sentences.append(lab.highest_sentence.format(items=best))
            sentences.append(lab.lowest_sentence.format(items=worst))
    if limits:
        listed = ", ".join(f"{percent_text(lm.value)} {lm.label}" for lm in limits)
        sentences.append(lab.band_limits_sentence.format(limits=listed))
    return " ".join(sentences)


def _table(
    bars: Sequence[Bar], title: str, lab: ChartLabels, has_interval: bool, has_benchmarks: bool
) -> DataTable:
    headers = [lab.item, lab.percentage]
    if has_interval:
        headers.append(lab.interval)
    headers += [lab.cases, lab.rating]
    if has_benchmarks:
        headers += [lab.lowest, lab.average, lab.highest]
    rows = []
    for b in bars:
        row = [b.label, percent_text(b.percent) if b.percent is not None else lab.no_value]
        if has_interval:
            row.append(_interval(b.ci_low, b.ci_high, lab))
        row += ["" if b.n is None else str(b.n), _status(b, lab)]
        if has_benchmarks:
            for kind in BENCHMARK_STYLE:
                value = getattr(b.benchmark, kind) if b.benchmark else None
                row.append("" if value is None else percent_text(value))
        rows.append(tuple(row))
    return DataTable(caption=title, headers=tuple(headers), rows=tuple(rows))
