"""Line chart of figures across rounds (quarters), with intervals and band limits.

Rounds run left to right at equal spacing. Each series has its own colour, dash
pattern and marker shape, so lines stay apart in grey print; a gap (no figure that
round) breaks the line rather than bridging it. Interval whiskers are nudged
sideways per series so they never sit on top of each other. Band limits are
horizontal dashed lines labelled in the right margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .marks import legend, marker, whisker
from .svg import chart_id, document, element, num, percent_text, text, text_width, wrap
from .types import (
    SERIES_COLOURS,
    SERIES_DASHES,
    SERIES_MARKERS,
    BandLimit,
    Chart,
    ChartLabels,
    DataTable,
    Series,
    TrendPoint,
)

TICK_SIZE = 12
LABEL_SIZE = 13


def series_style(index: int) -> tuple[str, str | None, str]:
    """(colour, dash array, marker shape) of the index-th series; cycles past the end."""
    return (
        SERIES_COLOURS[index % len(SERIES_COLOURS)],
        SERIES_DASHES[index % len(SERIES_DASHES)],
        SERIES_MARKERS[index % len(SERIES_MARKERS)],
    )


def _validate(rounds: Sequence[str], series: Sequence[Series], limits: Sequence[BandLimit]) -> None:
    if not rounds:
        raise ValueError("a trend chart needs at least one round")
    if not series:
        raise ValueError("a trend chart needs at least one series")
    for s in series:
        if len(s.points) != len(rounds):
            raise ValueError(
                f"series {s.label!r} has {len(s.points)} points for {len(rounds)} rounds"
            )
        for p in s.points:
            if p is None:
                continue
            for name in ("percent", "ci_low", "ci_high"):
                value = getattr(p, name)
                if value is not None and not 0 <= value <= 100:
                    raise ValueError(f"series {s.label!r}: {name} {value} is outside 0-100")
            if p.ci_low is not None and p.ci_high is not None and p.ci_low > p.ci_high:
                raise ValueError(f"series {s.label!r}: ci_low is above ci_high")
    for limit in limits:
        if not 0 <= limit.value <= 100:
            raise ValueError(f"band limit {limit.label!r} is outside 0-100")


@dataclass(frozen=True, slots=True)
class _Plot:
    """The plot area: its x range, top and bottom, and the spacing of rounds."""

    x0: float
    x1: float
    top: float
    bottom: float
    step: float

    def sx(self, i: int) -> float:
        return self.x0 + self.step * (i + 0.5)

    def sy(self, v: float) -> float:
        return self.bottom - (self.bottom - self.top) * v / 100


def _plot(
    rounds: Sequence[str], limits: Sequence[BandLimit], width: int, plot_height: int
) -> _Plot:
    right = 16 + max((text_width(f"{percent_text(lm.value)} {lm.label}", TICK_SIZE)
                      for lm in limits), default=0.0)  # fmt: skip
    x0, x1 = 64.0, width - max(24.0, right + 8)
    if x1 - x0 < 200:
        raise ValueError(f"width {width} is too narrow for a readable chart")
    top, bottom = 16.0, 16.0 + plot_height
    return _Plot(x0, x1, top, bottom, (x1 - x0) / len(rounds))


def _axes(rounds: Sequence[str], p: _Plot, lab: ChartLabels, out: list[str]) -> float:
    """Grid, axes, round names and axis titles; returns the y of the round axis title."""
    x0, x1, top, bottom, sy = p.x0, p.x1, p.top, p.bottom, p.sy
    for tick in range(0, 101, 20):
        out.append(
            element("line", {"x1": x0, "y1": sy(tick), "x2": x1, "y2": sy(tick),
                             "stroke": "#D0D0D0", "stroke-width": 1})
        )  # fmt: skip
        out.append(text(x0 - 8, sy(tick) + 4, f"{tick}%", size=TICK_SIZE, anchor="end"))
    out.append(
        element("path", {"d": f"M{num(x0)} {num(top)} L{num(x0)} {num(bottom)} L{num(x1)} "
                              f"{num(bottom)}", "stroke": "#000000", "stroke-width": 1,
                         "fill": "none"})
    )  # fmt: skip
    label_lines = 1
    for i, name in enumerate(rounds):
        lines = wrap(name, p.step - 6, TICK_SIZE)
        label_lines = max(label_lines, len(lines))
        for j, line in enumerate(lines):
            out.append(text(p.sx(i), bottom + 18 + 15 * j, line, size=TICK_SIZE, anchor="middle"))
    axis_y = bottom + 18 + 15 * label_lines + 4
    out.append(text((x0 + x1) / 2, axis_y, lab.round, size=TICK_SIZE, anchor="middle"))
    out.append(
        element("g", {"transform": f"translate(16 {num((top + bottom) / 2)}) rotate(-90)"},
                text(0, 0, lab.axis, size=TICK_SIZE, anchor="middle"))
    )  # fmt: skip
    return axis_y


def _band_limits(limits: Sequence[BandLimit], p: _Plot) -> list[str]:
    """Band limits with labels in the right margin, pushed apart if they would touch."""
    out: list[str] = []
    last_label_y = -1e9
    for limit in sorted(limits, key=lambda lm: -lm.value):
        y = p.sy(limit.value)
        out.append(
            element("line", {"x1": p.x0, "y1": y, "x2": p.x1, "y2": y, "stroke": "#000000",
                             "stroke-width": 1.5, "stroke-dasharray": "6 4"})
        )  # fmt: skip
        label_y = max(y + 4, last_label_y + 15)
        last_label_y = label_y
        out.append(text(p.x1 + 8, label_y, f"{percent_text(limit.value)} {limit.label}",
                        size=TICK_SIZE))  # fmt: skip
    return out


def _series_marks(s: Series, si: int, count: int, p: _Plot) -> list[str]:
    """One series: its line (broken at gaps), interval whiskers and markers."""
    sx, sy = p.sx, p.sy
    out: list[str] = []
    colour, dash, shape = series_style(si)
    nudge = (si - (count - 1) / 2) * min(8.0, p.step / (count + 1))
    segments: list[list[tuple[float, float]]] = [[]]
    for i, pt in enumerate(s.points):
        if pt is None:
            segments.append([])
            continue
        segments[-1].append((sx(i) + nudge, sy(pt.percent)))
    for seg in segments:
        if len(seg) > 1:
            d = "M" + " L".join(f"{num(x)} {num(y)}" for x, y in seg)
            out.append(
                element("path", {"d": d, "fill": "none", "stroke": colour,
                                 "stroke-width": 2.5, "stroke-dasharray": dash})
            )  # fmt: skip
    for i, pt in enumerate(s.points):
        if pt is not None and pt.ci_low is not None and pt.ci_high is not None:
            x = sx(i) + nudge
            out.append(whisker(x, x, sy(pt.ci_low), sy(pt.ci_high), 4))
    for i, pt in enumerate(s.points):
        if pt is not None:
            out.append(marker(shape, sx(i) + nudge, sy(pt.percent), 10, colour))
    return out


def _legend_entries(
    series: Sequence[Series], limits: Sequence[BandLimit], lab: ChartLabels
) -> list[tuple[str, str]]:
    """The legend's (swatch, label) entries: each series, then intervals and band limits."""
    entries: list[tuple[str, str]] = []
    for si, s in enumerate(series):
        colour, dash, shape = series_style(si)
        swatch = element("line", {"x1": 0, "y1": 8, "x2": 28, "y2": 8, "stroke": colour,
                                  "stroke-width": 2.5, "stroke-dasharray": dash})  # fmt: skip
        entries.append((swatch + marker(shape, 14, 8, 10, colour), s.label))
    if any(p is not None and p.ci_low is not None for s in series for p in s.points):
        entries.append((whisker(14, 14, 1, 15, 4), lab.interval))
    if limits:
        entries.append(
            (element("line", {"x1": 2, "y1": 8, "x2": 26, "y2": 8, "stroke": "#000000",
                              "stroke-width": 1.5, "stroke-dasharray": "6 4"}), lab.band_limit)
        )  # fmt: skip
    return entries


def trend_chart(
    rounds: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    limits: Sequence[BandLimit] = (),
    labels: ChartLabels | None = None,
    width: int = 640,
    plot_height: int = 280,
    id: str | None = None,
) -> Chart:
    """An accessible SVG line chart across rounds, its text alternative and data table."""
    lab = labels or ChartLabels()
    _validate(rounds, series, limits)
    cid = id or chart_id("trend", title)
    limits = sorted(limits, key=lambda lm: lm.value)
    plot = _plot(rounds, limits, width, plot_height)
    out: list[str] = []
    axis_y = _axes(rounds, plot, lab, out)
    out.extend(_band_limits(limits, plot))
    for si, s in enumerate(series):
        out.extend(_series_marks(s, si, len(series), plot))
    legend_top = axis_y + 14
    legend_svg, legend_height = legend(_legend_entries(series, limits, lab), 8, legend_top,
                                       width - 16)  # fmt: skip
    height = legend_top + legend_height + 8

    alt = _text_alternative(rounds, series, limits, title, lab)
    table = _table(rounds, series, title, lab)
    svg = document(cid, title, alt, width, height, "", out, legend_svg)
    return Chart(svg=svg, title=title, text_alternative=alt, table=table, id=cid)


def _cell(p: TrendPoint | None, lab: ChartLabels) -> str:
    if p is None:
        return lab.no_value
    value = percent_text(p.percent)
    if p.ci_low is not None and p.ci_high is not None:
        interval = lab.interval_range.format(
            low=percent_text(p.ci_low), high=percent_text(p.ci_high)
        )
        value += f" ({interval})"
    return value


def _text_alternative(
    rounds: Sequence[str],
    series: Sequence[Series],
    limits: Sequence[BandLimit],
    title: str,
    lab: ChartLabels,
) -> str:
    span = lab.trend_span.format(count=len(rounds), first=rounds[0], last=rounds[-1])
    parts = []
    for s in series:
        known = [(rounds[i], p) for i, p in enumerate(s.points) if p is not None]
        if not known:
            parts.append(lab.trend_none.format(label=s.label))
        elif len(known) == 1:
            parts.append(
                lab.trend_single.format(
                    label=s.label, value=percent_text(known[0][1].percent), round=known[0][0]
                )
            )
        else:
            (first, start), (last, end) = known[0], known[-1]
            parts.append(
                lab.trend_change.format(
                    label=s.label,
                    start=percent_text(start.percent),
                    first=first,
                    end=percent_text(end.percent),
                    last=last,
                )
            )
    text_alt = f"{lab.line_chart}: {title}, {span}. {'; '.join(parts)}."
    if limits:
        listed = ", ".join(f"{percent_text(lm.value)} {lm.label}" for lm in limits)
        text_alt += " " + lab.band_limits_sentence.format(limits=listed)
    return text_alt


def _table(
    rounds: Sequence[str], series: Sequence[Series], title: str, lab: ChartLabels
) -> DataTable:
    rows = tuple((s.label, *(_cell(p, lab) for p in s.points)) for s in series)
    return DataTable(caption=title, headers=(lab.item, *rounds), rows=rows, note=lab.trend_note)
