"""Tiny, deterministic SVG writing: escaping, number formatting, text wrapping.

Attributes are written in the order given, numbers with at most two decimals and no
trailing zeros, so the same data always give byte-identical SVG (reports can be
compared and cached). Only SVG 1.1 presentation attributes are used: no CSS
variables, no scripts, nothing WeasyPrint or a browser would read differently.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from xml.sax.saxutils import escape

FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', sans-serif"
# Width of an average character as a share of the font size, for sans-serif. A little
# generous so estimated text never overruns the space it is given.
CHAR_WIDTH = 0.58
MIN_FONT_SIZE = 12


def num(x: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, never "-0"."""
    if not math.isfinite(x):
        raise ValueError(f"cannot draw a non-finite number: {x}")
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return,
# lone surrogates, U+FFFE and U+FFFF): dropped, since one would make the SVG unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def esc(value: str) -> str:
    """Text content, escaped and stripped of characters XML cannot hold."""
    return escape(clean(value))


def attr_text(value: str) -> str:
    return escape(clean(value), {'"': "&quot;"})


def element(name: str, attrs: Mapping[str, object], body: str | None = None) -> str:
    parts = [name]
    for key, value in attrs.items():
        if value is None:
            continue
        text = num(value) if isinstance(value, float) else str(value)
        parts.append(f'{key}="{attr_text(text)}"')
    head = " ".join(parts)
    return f"<{head}/>" if body is None else f"<{head}>{body}</{name}>"


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = 14,
    anchor: str = "start",
    weight: str | None = None,
    baseline: str | None = None,
) -> str:
    if size < MIN_FONT_SIZE:
        raise ValueError(f"text smaller than {MIN_FONT_SIZE}px is not legible in print")
    return element(
        "text",
        {
            "x": float(x),
            "y": float(y),
            "font-size": size,
            "text-anchor": anchor,
            "font-weight": weight,
            "dominant-baseline": baseline,
            "fill": "#000000",
        },
        esc(content),
    )


def text_width(content: str, size: int) -> float:
    return len(content) * size * CHAR_WIDTH


def wrap(content: str, width: float, size: int) -> list[str]:
    """Split text into lines that fit `width` pixels (by estimated character width)."""
    per_line = max(2, int(width // (size * CHAR_WIDTH)))
    words: list[str] = []
    for word in content.split():
        # A word too long for a line is cut, with a hyphen, rather than overrun the chart.
        while len(word) > per_line:
            words.append(word[: per_line - 1] + "-")
            word = word[per_line - 1 :]
        words.append(word)
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= per_line or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def chart_id(kind: str, title: str) -> str:
    """A stable id prefix, so several charts on one page never share ids."""
    digest = hashlib.sha1(f"{kind}\n{title}".encode(), usedforsecurity=False).hexdigest()
    return f"chart-{digest[:10]}"


def percent_text(value: float) -> str:
    """73 -> "73%", 73.25 -> "73.3%": whole numbers stay whole."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return f"{int(rounded)}%"
    return f"{rounded:.1f}%"


def document(
    cid: str,
    title: str,
    desc: str,
    width: float,
    height: float,
    defs: str,
    body: list[str],
    legend_svg: str,
) -> str:
    """The whole SVG: role="img", a <title> and a <desc> it is labelled by, a white
    background (so a transparent chart never prints on a coloured page), then the body."""
    head = element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": int(width),
            "height": int(height),
            "viewBox": f"0 0 {int(width)} {int(height)}",
            # Scales down on a narrow screen; at its own size (640 wide by default, an
            # A4 page's text width at 96 dpi) no text is under 12px.
            "style": "max-width: 100%; height: auto",
            "role": "img",
            # Named by the title alone; the summary is its description.
            "aria-labelledby": f"{cid}-title",
            "aria-describedby": f"{cid}-desc",
            "font-family": FONT_FAMILY,
        },
        "",
    ).removesuffix("</svg>")
    return (
        head
        + element("title", {"id": f"{cid}-title"}, esc(title))
        + element("desc", {"id": f"{cid}-desc"}, esc(desc))
        + element("defs", {}, defs)
        + element("rect", {"width": int(width), "height": int(height), "fill": "#FFFFFF"})
        + "".join(body)
        + legend_svg
        + "</svg>"
    )
