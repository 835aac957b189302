import xml.etree.ElementTree as ET

import pytest

from yjaudit.charts import (
    OKABE_ITO,
    BandLimit,
    Bar,
    Benchmark,
    Chart,
    ChartLabels,
    bar_chart,
)

from .helpers import SVG, attr, colours, dashed_lines, font_sizes, node_text, num_attr, parse, texts

LIMITS = (
    BandLimit(80, "Outstanding"),  # out of order on purpose: drawn lowest first
    BandLimit(50, "Requires improvement"),
    BandLimit(65, "Good"),
)
BARS = (
    Bar("2.1 Assessment", 73, 52.4, 87, 15, "Good", benchmark=Benchmark(40, 62, 88)),
    Bar("2.2 Planning", 47, 30, 64, 15, "Inadequate"),
    Bar("2.3 Implementation and delivery", 88, 70, 96, 15, "Outstanding"),
    Bar("2.4 Reviewing", 60, n=3, not_rated=True),
    Bar("3.4 Out-of-court disposal policy and provision", None, n=0),
)
TITLE = "Court disposals: percentage of cases done well enough"


@pytest.fixture(scope="module")
def chart() -> Chart:
    return bar_chart(BARS, title=TITLE, limits=LIMITS)


def grid_x(root: ET.Element) -> dict[int, float]:
    """x of the grid line under each axis tick label (0%, 20%, ... 100%)."""
    lines = [el for el in root.iter(f"{SVG}line") if el.get("stroke") == "#D0D0D0"]
    return {tick: num_attr(el, "x1") for tick, el in zip(range(0, 101, 20), lines, strict=True)}


def test_svg_is_xml_with_title_and_desc(chart: Chart) -> None:
    root = parse(chart.svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == TITLE
    assert desc is not None and desc.text == chart.text_alternative
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert title.get("id", "").startswith(chart.id)


def test_band_lines_at_their_limits(chart: Chart) -> None:
    root = parse(chart.svg)
    grid = grid_x(root)
    x0, x100 = grid[0], grid[100]
    # The band lines run the plot's height; the legend swatch is a short one.
    lines = [el for el in dashed_lines(root) if num_attr(el, "y2") - num_attr(el, "y1") > 20]
    assert [num_attr(el, "x1") for el in lines] == pytest.approx(
        [x0 + (x100 - x0) * v for v in (0.5, 0.65, 0.8)], abs=0.01
    )
    assert all(el.get("x1") == el.get("x2") for el in lines)
    labels = texts(root)
    for caption in ("50% Requires improvement", "65% Good", "80% Outstanding"):
        assert caption in labels


def test_bars_end_at_their_percentages(chart: Chart) -> None:
    root = parse(chart.svg)
    grid = grid_x(root)
    x0, x100 = grid[0], grid[100]
    bars = [el for el in root.iter(f"{SVG}rect") if el.get("height") == "20"]
    widths = [num_attr(el, "width") for el in bars]
    assert widths == pytest.approx([(x100 - x0) * p / 100 for p in (73, 47, 88, 60)], abs=0.01)
    assert [el.get("fill") for el in bars[:3]] == [OKABE_ITO["blue"]] * 3
    assert bars[3].get("fill") == f"url(#{chart.id}-hatch)"
    assert root.find(f".//{SVG}pattern[@id='{chart.id}-hatch']") is not None


def test_whiskers_span_the_interval(chart: Chart) -> None:
    root = parse(chart.svg)
    grid = grid_x(root)
    x0, x100 = grid[0], grid[100]
    # Top-level black paths are the whiskers (the legend's sits in a <g>, the hatch in <defs>).
    inks = [
        el
        for el in root.findall(f"{SVG}path")
        if el.get("stroke") == "#000000" and el.get("stroke-width") == "1.5"
    ]
    assert len(inks) == 3
    start = float(attr(inks[0], "d").split()[0][1:])
    end = float(attr(inks[0], "d").split()[2][1:])
    assert (start, end) == pytest.approx(
        (x0 + (x100 - x0) * 0.524, x0 + (x100 - x0) * 0.87), abs=0.01
    )


def test_values_labelled_in_words(chart: Chart) -> None:
    labels = texts(parse(chart.svg))
    for expected in (
        "73% Good",
        "47% Inadequate",
        "88% Outstanding",
        "60% Not rated",
        "No figure",
        "15 cases",
        "3 cases",
        "0 cases",
        "2.1 Assessment",
        "Lowest",
        "Average",
        "Highest",
        "Rating band lower limit",
    ):
        assert expected in labels


def test_long_labels_wrap(chart: Chart) -> None:
    labels = texts(parse(chart.svg))
    assert "3.4 Out-of-court disposal policy and provision" not in labels
    assert any(t.startswith("3.4 Out-of-court") for t in labels)


def test_palette_and_legibility(chart: Chart) -> None:
    allowed = {c.upper() for c in OKABE_ITO.values()} | {"#FFFFFF", "#D0D0D0"}
    assert colours(chart.svg) <= allowed
    assert {OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"]} <= colours(
        chart.svg
    )
    assert min(font_sizes(parse(chart.svg))) >= 12
    for forbidden in ("var(", "<script", "onload", "@import", "<foreignObject"):
        assert forbidden not in chart.svg
    assert "sans-serif" in chart.svg


def test_deterministic_and_unique_ids() -> None:
    a = bar_chart(BARS, title=TITLE, limits=LIMITS)
    b = bar_chart(BARS, title=TITLE, limits=LIMITS)
    c = bar_chart(BARS, title="Out-of-court disposals", limits=LIMITS)
    assert a.svg == b.svg
    assert a.id != c.id
    assert bar_chart(BARS, title=TITLE, id="d2").id == "d2"


def test_text_alternative(chart: Chart) -> None:
    alt = chart.text_alternative
    assert alt.startswith(f"Bar chart: {TITLE}. 2.1 Assessment: 73% (Good, 95% interval ")
    assert "52.4% to 87%, 15 cases, lowest 40%, average 62%, highest 88%)" in alt
    assert "2.4 Reviewing: 60% (Not rated, 3 cases)" in alt
    assert "Highest: 2.3 Implementation and delivery (88%)." in alt
    assert "Lowest: 2.2 Planning (47%)." in alt
    assert alt.endswith(
        "Rating band lower limits: 50% Requires improvement, 65% Good, 80% Outstanding."
    )


def test_data_table(chart: Chart) -> None:
    t = chart.table
    assert t.caption == TITLE
    assert t.headers == (
        "Standard",
        "Percentage",
        "95% interval",
        "Cases",
        "Rating",
        "Lowest",
        "Average",
        "Highest",
    )
    assert t.rows[0] == ("2.1 Assessment", "73%", "52.4% to 87%", "15", "Good", "40%", "62%", "88%")
    assert t.rows[3] == ("2.4 Reviewing", "60%", "", "3", "Not rated", "", "", "")
    assert t.rows[4][1] == "No figure"


def test_minimal_chart_has_no_optional_parts() -> None:
    chart = bar_chart([Bar("A", 50), Bar("B", 50)], title="Plain")
    root = parse(chart.svg)
    assert dashed_lines(root) == []
    assert chart.table.headers == ("Standard", "Percentage", "Cases", "Rating")
    assert "Highest:" not in chart.text_alternative  # equal values: no extremes to name
    assert "Lowest" not in texts(root) and "95% interval" not in texts(root)


def test_labels_can_be_translated() -> None:
    welsh = ChartLabels(not_rated="Heb ei raddio", item="Safon", bar_chart="Siart bar")
    chart = bar_chart([Bar("2.4", 60, not_rated=True)], title="Teitl", labels=welsh)
    assert "60% Heb ei raddio" in texts(parse(chart.svg))
    assert chart.table.headers[0] == "Safon"
    assert chart.text_alternative.startswith("Siart bar: Teitl.")


def test_text_is_escaped() -> None:
    chart = bar_chart([Bar('Risk <& "harm">', 40)], title="A & B <c>")
    root = parse(chart.svg)
    assert 'Risk <& "harm">' in texts(root)
    assert node_text(root.find(f"{SVG}title")) == "A & B <c>"


def test_band_label_near_right_edge_is_anchored_end() -> None:
    chart = bar_chart([Bar("A", 50)], title="t", limits=[BandLimit(99, "A very long band name")])
    root = parse(chart.svg)
    caption = next(t for t in root.iter(f"{SVG}text") if t.text == "99% A very long band name")
    assert caption.get("text-anchor") == "end"


@pytest.mark.parametrize(
    ("bars", "limits", "message"),
    [
        ([], [], "at least one bar"),
        ([Bar("A", 101)], [], "between 0 and 100"),
        ([Bar("A", 50, ci_low=-1, ci_high=60)], [], "ci_low must be between"),
        ([Bar("A", 50, ci_low=60, ci_high=40)], [], "ci_low is above ci_high"),
        ([Bar("A", 50, benchmark=Benchmark(highest=120))], [], "highest"),
        ([Bar("A", 50)], [BandLimit(150, "X")], "band limit X"),
    ],
)
def test_bad_input(bars: list[Bar], limits: list[BandLimit], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bar_chart(bars, title="t", limits=limits)


def test_too_narrow() -> None:
    with pytest.raises(ValueError, match="too narrow"):
        bar_chart([Bar("A", 50)], title="t", width=300)


def test_benchmark_markers_have_white_halo(chart: Chart) -> None:
    root = parse(chart.svg)
    # One bar has three benchmarks: each marker is a white ring under a coloured shape.
    rings = [
        el
        for el in root.findall(f"{SVG}path")
        if el.get("fill") == "#FFFFFF" and el.get("stroke-width") == "4"
    ]
    assert len(rings) == 3
    shapes = [el for el in root.findall(f"{SVG}path") if el.get("fill") == OKABE_ITO["yellow"]]
    assert len(shapes) == 1


def test_characters_xml_cannot_hold_are_dropped() -> None:
    chart = bar_chart([Bar("A\x01B", 40)], title="T\x1fitle\ufffe")
    root = parse(chart.svg)
    assert "AB" in texts(root)
    assert node_text(root.find(f"{SVG}title")) == "Title"
