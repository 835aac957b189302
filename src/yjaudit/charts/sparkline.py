"""A sparkline: a small line of a figure across periods, beside the figure itself.

It is decorative (`aria-hidden`): the page states the values in words and a table, so
a screen reader hears them once. Gaps (periods with no figure) break the line.
"""

from __future__ import annotations

from collections.abc import Sequence

from .svg import element, num


def sparkline(
    values: Sequence[float | None], *, width: int = 120, height: int = 32, colour: str = "#0072B2"
) -> str:
    """An inline SVG; an empty string when fewer than two periods have a figure."""
    known = [v for v in values if v is not None]
    if len(values) < 2 or len(known) < 2:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    pad = 3.0
    step = (width - 2 * pad) / (len(values) - 1)

    def point(i: int, v: float) -> str:
        y = height - pad - (v - low) / span * (height - 2 * pad)
        return f"{num(pad + i * step)} {num(y)}"

    paths: list[str] = []
    run: list[str] = []
    for i, v in enumerate(values):
        if v is None:
            if len(run) > 1:
                paths.append("M" + " L".join(run))
            run = []
            continue
        run.append(point(i, v))
    if len(run) > 1:
        paths.append("M" + " L".join(run))
    last_i = max(i for i, v in enumerate(values) if v is not None)
    last = values[last_i]
    assert last is not None
    x, y = point(last_i, last).split()
    body = "".join(
        element("path", {"d": d, "fill": "none", "stroke": colour, "stroke-width": 2})
        for d in paths
    ) + element("circle", {"cx": x, "cy": y, "r": 3, "fill": colour})
    return element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": width,
            "height": height,
            "viewBox": f"0 0 {width} {height}",
            "aria-hidden": "true",
            "focusable": "false",
        },
        body,
    )
