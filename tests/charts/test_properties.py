"""Any valid data gives well-formed, legible, deterministic SVG."""

from hypothesis import given, settings
from hypothesis import strategies as st

from yjaudit.charts import BandLimit, Bar, Benchmark, Series, TrendPoint, bar_chart, trend_chart

from .helpers import SVG, font_sizes, parse

pct = st.floats(min_value=0, max_value=100, allow_nan=False)
label = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)


@st.composite
def bars(draw: st.DrawFn) -> Bar:
    value = draw(st.none() | pct)
    low, high = sorted((draw(pct), draw(pct)))
    with_ci = draw(st.booleans())
    bench = draw(
        st.none() | st.builds(Benchmark, st.none() | pct, st.none() | pct, st.none() | pct)
    )
    return Bar(
        draw(label),
        value,
        low if with_ci else None,
        high if with_ci else None,
        draw(st.none() | st.integers(min_value=0, max_value=500)),
        draw(st.none() | label),
        draw(st.booleans()),
        bench,
    )


limits = st.lists(st.builds(BandLimit, pct, label), max_size=4)


@settings(max_examples=25, deadline=None)
@given(st.lists(bars(), min_size=1, max_size=6), limits, st.text(max_size=40))
def test_bar_chart_always_well_formed(items: list[Bar], lims: list[BandLimit], title: str) -> None:
    chart = bar_chart(items, title=title, limits=lims)
    root = parse(chart.svg)
    assert root.get("role") == "img"
    assert min(font_sizes(root)) >= 12
    assert len(chart.table.rows) == len(items)
    assert bar_chart(items, title=title, limits=lims).svg == chart.svg
    height = float(root.get("height") or 0)
    for el in root.iter(f"{SVG}text"):
        assert 0 <= float(el.get("y") or 0) <= height


@st.composite
def trend_data(draw: st.DrawFn) -> tuple[list[str], list[Series]]:
    rounds = draw(st.lists(label, min_size=1, max_size=8))
    point = st.none() | st.builds(
        lambda p, a, b: TrendPoint(p, min(a, b), max(a, b)), pct, pct, pct
    )
    series = [
        Series(draw(label), tuple(draw(point) for _ in rounds))
        for _ in range(draw(st.integers(min_value=1, max_value=7)))
    ]
    return rounds, series


@settings(max_examples=25, deadline=None)
@given(trend_data(), limits)
def test_trend_chart_always_well_formed(
    data: tuple[list[str], list[Series]], lims: list[BandLimit]
) -> None:
    rounds, series = data
    chart = trend_chart(rounds, series, title="t", limits=lims)
    root = parse(chart.svg)
    assert min(font_sizes(root)) >= 12
    assert len(chart.table.rows) == len(series)
    assert len(chart.table.headers) == len(rounds) + 1
