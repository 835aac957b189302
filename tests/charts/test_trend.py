import xml.etree.ElementTree as ET

import pytest

from yjaudit.charts import (
    OKABE_ITO,
    BandLimit,
    Chart,
    Series,
    TrendPoint,
    series_style,
    trend_chart,
)

from .helpers import SVG, attr, colours, dashed_lines, font_sizes, node_text, num_attr, parse, texts

ROUNDS = ("Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024")
LIMITS = (
    BandLimit(50, "Requires improvement"),
    BandLimit(65, "Good"),
    BandLimit(80, "Outstanding"),
)
SERIES = (
    Series(
        "2.1 Assessment",
        (TrendPoint(60, 45, 73, 20), TrendPoint(65, 50, 78, 20), None, TrendPoint(78, 60, 89, 22)),
    ),
    Series("2.2 Planning", tuple(TrendPoint(v) for v in (50, 55, 62, 70))),
    Series("2.3 Implementation", (None, None, None, None)),
    Series("2.4 Reviewing", (None, TrendPoint(40), None, None)),
)
TITLE = "Court disposals across 2024"


@pytest.fixture(scope="module")
def chart() -> Chart:
    return trend_chart(ROUNDS, SERIES, title=TITLE, limits=LIMITS)


def grid_y(root: ET.Element) -> dict[int, float]:
    lines = [el for el in root.iter(f"{SVG}line") if el.get("stroke") == "#D0D0D0"]
    return {tick: num_attr(el, "y1") for tick, el in zip(range(0, 101, 20), lines, strict=True)}


def test_xml_title_desc(chart: Chart) -> None:
    root = parse(chart.svg)
    assert root.get("role") == "img"
    assert node_text(root.find(f"{SVG}title")) == TITLE
    assert node_text(root.find(f"{SVG}desc")) == chart.text_alternative


def test_band_lines_horizontal_at_limits(chart: Chart) -> None:
    root = parse(chart.svg)
    grid = grid_y(root)
    y0, y100 = grid[0], grid[100]
    ys = sorted(num_attr(el, "y1") for el in dashed_lines(root) if el.get("y1") == el.get("y2"))
    # Legend swatch excluded: it is the only dashed line shorter than the plot.
    plot = [el for el in dashed_lines(root) if num_attr(el, "x2") - num_attr(el, "x1") > 100]
    assert sorted(num_attr(el, "y1") for el in plot) == pytest.approx(
        sorted(y0 + (y100 - y0) * v for v in (0.5, 0.65, 0.8)), abs=0.01
    )
    assert len(ys) == 4
    for caption in ("50% Requires improvement", "65% Good", "80% Outstanding"):
        assert caption in texts(root)


def test_gaps_break_lines_and_markers_sit_on_values(chart: Chart) -> None:
    root = parse(chart.svg)
    grid = grid_y(root)
    y0, y100 = grid[0], grid[100]
    colour, _, _ = series_style(0)
    paths = [
        el
        for el in root.iter(f"{SVG}path")
        if el.get("stroke") == colour and el.get("fill") == "none"
    ]
    # Series 1: Q1-Q2 is one segment; Q4 stands alone (no line), plus its legend swatch
    # is a <line>, not a path.
    assert len(paths) == 1
    points = attr(paths[0], "d").replace("M", "").split(" L")
    ys = [float(p.split()[1]) for p in points]
    assert ys == pytest.approx([y0 + (y100 - y0) * 0.60, y0 + (y100 - y0) * 0.65], abs=0.01)
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 3 + 1  # three values and the legend marker


def test_series_styles_distinct() -> None:
    styles = [series_style(i) for i in range(7)]
    assert len({s[0] for s in styles}) == 7
    assert len({s[1] for s in styles}) == 7
    assert len({s[2] for s in styles}) == 7
    assert series_style(7) == series_style(0)


def test_palette_sizes_determinism(chart: Chart) -> None:
    allowed = {c.upper() for c in OKABE_ITO.values()} | {"#FFFFFF", "#D0D0D0"}
    assert colours(chart.svg) <= allowed
    assert min(font_sizes(parse(chart.svg))) >= 12
    assert trend_chart(ROUNDS, SERIES, title=TITLE, limits=LIMITS).svg == chart.svg


def test_text_alternative(chart: Chart) -> None:
    assert chart.text_alternative == (
        "Line chart: Court disposals across 2024, 4 rounds from Q1 2024 to Q4 2024. "
        "2.1 Assessment: 60% in Q1 2024 to 78% in Q4 2024; "
        "2.2 Planning: 50% in Q1 2024 to 70% in Q4 2024; "
        "2.3 Implementation: no figures; 2.4 Reviewing: 40% in Q2 2024. "
        "Rating band lower limits: 50% Requires improvement, 65% Good, 80% Outstanding."
    )


def test_data_table(chart: Chart) -> None:
    t = chart.table
    assert t.headers == ("Standard", *ROUNDS)
    assert t.rows[0] == (
        "2.1 Assessment",
        "60% (45% to 73%)",
        "65% (50% to 78%)",
        "No figure",
        "78% (60% to 89%)",
    )
    assert t.rows[1][1:] == ("50%", "55%", "62%", "70%")
    assert t.note.startswith("Percentages")


def test_close_band_labels_pushed_apart() -> None:
    chart = trend_chart(
        ["R1"],
        [Series("A", (TrendPoint(50),))],
        title="t",
        limits=[BandLimit(47, "Substantial"), BandLimit(48, "Moderate")],
    )
    root = parse(chart.svg)
    ys = [
        num_attr(t, "y")
        for t in root.iter(f"{SVG}text")
        if t.text in ("47% Substantial", "48% Moderate")
    ]
    assert abs(ys[0] - ys[1]) >= 15


def test_long_round_names_wrap() -> None:
    rounds = [f"Quarter {i} of the year 2024" for i in range(1, 9)]
    chart = trend_chart(rounds, [Series("A", tuple(TrendPoint(50) for _ in rounds))], title="t")
    assert "Quarter 1 of the year 2024" not in texts(parse(chart.svg))


@pytest.mark.parametrize(
    ("rounds", "series", "message"),
    [
        ([], [Series("A", ())], "at least one round"),
        (["R1"], [], "at least one series"),
        (["R1", "R2"], [Series("A", (TrendPoint(5),))], "1 points for 2 rounds"),
        (["R1"], [Series("A", (TrendPoint(105),))], "outside 0-100"),
        (["R1"], [Series("A", (TrendPoint(50, 60, 40),))], "ci_low is above"),
    ],
)
def test_bad_input(rounds: list[str], series: list[Series], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        trend_chart(rounds, series, title="t")


def test_bad_limit_and_width() -> None:
    with pytest.raises(ValueError, match="outside 0-100"):
        trend_chart(["R"], [Series("A", (None,))], title="t", limits=[BandLimit(-5, "x")])
    with pytest.raises(ValueError, match="too narrow"):
        trend_chart(["R"], [Series("A", (None,))], title="t", width=250)


def test_every_marker_shape_draws() -> None:
    series = [Series(f"S{i}", (TrendPoint(10 * i),)) for i in range(7)]
    root = parse(trend_chart(["R"], series, title="all shapes").svg)
    assert len(texts(root)) > 7


def test_unknown_marker_rejected() -> None:
    from yjaudit.charts.marks import marker

    with pytest.raises(ValueError, match="unknown marker"):
        marker("star", 0, 0, 10, "#000000")
