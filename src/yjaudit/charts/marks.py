"""Shared marks: marker shapes, the hatch pattern, whiskers and legend entries."""

from __future__ import annotations

from .svg import element, num, text, text_width

HALO = "#FFFFFF"


def marker(shape: str, x: float, y: float, size: float, fill: str, *, halo: bool = False) -> str:
    """A marker centred on (x, y): distinct shapes so no meaning rests on colour.

    With `halo`, a white outline first, so the marker stands out on a dark bar too.
    """
    if halo:
        ring = _shape(shape, x, y, size, HALO, {"stroke": HALO, "stroke-width": 4})
        return ring + _shape(shape, x, y, size, fill, {"stroke": "#000000", "stroke-width": 1})
    return _shape(shape, x, y, size, fill, {"stroke": "#000000", "stroke-width": 1})


def _shape(
    shape: str, x: float, y: float, size: float, fill: str, stroke: dict[str, object]
) -> str:
    r = size / 2
    if shape == "circle":
        return element(
            "circle", {"cx": float(x), "cy": float(y), "r": float(r), "fill": fill, **stroke}
        )
    if shape == "square":
        return element(
            "rect",
            {"x": float(x - r), "y": float(y - r), "width": float(size), "height": float(size),
             "fill": fill, **stroke},
        )  # fmt: skip
    points = {
        "triangle": [(x, y - r * 1.15), (x + r * 1.15, y + r * 0.85), (x - r * 1.15, y + r * 0.85)],
        "down": [(x, y + r * 1.15), (x + r * 1.15, y - r * 0.85), (x - r * 1.15, y - r * 0.85)],
        "diamond": [(x, y - r * 1.3), (x + r * 1.1, y), (x, y + r * 1.3), (x - r * 1.1, y)],
    }
    if shape in points:
        d = "M" + " L".join(f"{num(px)} {num(py)}" for px, py in points[shape]) + " Z"
        return element("path", {"d": d, "fill": fill, **stroke})
    if shape in ("cross", "plus"):
        d = (
            f"M{num(x - r)} {num(y - r)} L{num(x + r)} {num(y + r)} "
            f"M{num(x - r)} {num(y + r)} L{num(x + r)} {num(y - r)}"
            if shape == "cross"
            else f"M{num(x - r)} {num(y)} L{num(x + r)} {num(y)} "
            f"M{num(x)} {num(y - r)} L{num(x)} {num(y + r)}"
        )
        width = 2.5 if stroke.get("stroke") != HALO else 5.5
        return element("path", {"d": d, "fill": "none", "stroke": fill, "stroke-width": width})
    raise ValueError(f"unknown marker shape {shape!r}")


def hatch_pattern(pattern_id: str, colour: str = "#000000") -> str:
    """Diagonal hatching, for "not rated": reads the same in colour and in grey."""
    line = element(
        "path", {"d": "M0 8 L8 0 M-2 2 L2 -2 M6 10 L10 6", "stroke": colour, "stroke-width": 1.5}
    )
    background = element("rect", {"width": 8, "height": 8, "fill": "#FFFFFF"})
    return element(
        "pattern",
        {"id": pattern_id, "patternUnits": "userSpaceOnUse", "width": 8, "height": 8},
        background + line,
    )


def whisker(x1: float, x2: float, y1: float, y2: float, cap: float) -> str:
    """An interval line with end caps, black over a white halo so it shows on any fill."""
    horizontal = y1 == y2
    if horizontal:
        d = (
            f"M{num(x1)} {num(y1)} L{num(x2)} {num(y2)} "
            f"M{num(x1)} {num(y1 - cap)} L{num(x1)} {num(y1 + cap)} "
            f"M{num(x2)} {num(y2 - cap)} L{num(x2)} {num(y2 + cap)}"
        )
    else:
        d = (
            f"M{num(x1)} {num(y1)} L{num(x2)} {num(y2)} "
            f"M{num(x1 - cap)} {num(y1)} L{num(x1 + cap)} {num(y1)} "
            f"M{num(x2 - cap)} {num(y2)} L{num(x2 + cap)} {num(y2)}"
        )
    halo = element("path", {"d": d, "stroke": HALO, "stroke-width": 4, "fill": "none"})
    ink = element("path", {"d": d, "stroke": "#000000", "stroke-width": 1.5, "fill": "none"})
    return halo + ink


def legend(entries: list[tuple[str, str]], x0: float, y0: float, width: float) -> tuple[str, float]:
    """Lay out (swatch svg at origin, label) entries in wrapping rows.

    Each swatch is drawn in a 28 x 16 box at the origin and translated into place.
    Returns the SVG and the height used.
    """
    size, row_height, gap = 13, 24, 22
    x, y = x0, y0
    out: list[str] = []
    for swatch, label in entries:
        needed = 34 + text_width(label, size)
        if x > x0 and x + needed > x0 + width:
            x, y = x0, y + row_height
        out.append(element("g", {"transform": f"translate({num(x)} {num(y)})"}, swatch))
        out.append(text(x + 34, y + 12, label, size=size))
        x += needed + gap
    return "".join(out), (y - y0) + row_height
