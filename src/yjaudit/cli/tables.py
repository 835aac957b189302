"""Plain-text tables with aligned columns, and number formats for figures."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction


def render_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Collection[int] = ()
) -> str:
    """Columns padded to their widest cell, two spaces apart; `right` columns right-aligned."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def fmt_number(value: Fraction | int | None) -> str:
    """68.5, 86, 0.333: exact where it can be, never more than three decimals."""
    if value is None:
        return ""
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    text = f"{float(value):.3f}".rstrip("0").rstrip(".")
    return text if Fraction(text) == value else f"~{text}"


def fmt_score(numerator: Fraction, denominator: Fraction) -> str:
    return f"{fmt_number(numerator)}/{fmt_number(denominator)}" if denominator else "-"


def fmt_percent(percent: int | None) -> str:
    return "" if percent is None else f"{percent}%"


def fmt_interval(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f"{low:.1f}-{high:.1f}"


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."
