"""Text and dates in the plan's Excel sheet, written so they read back exactly.

- Text that a spreadsheet would take for a formula ("=SUM(A1)", "+44 ...", "@x") is
  written as a text cell marked "quote prefix" (what Excel does when you type an
  apostrophe first): it is never run, still shows as typed, and reads back as typed.
- Characters XML cannot hold (control characters pasted from other programs) are
  written as Excel writes them, ``_x000B_``; a literal ``_x000B_`` is kept by escaping
  its underscore (``_x005F_``). Reading undoes both, for our files and Excel's.
- A date cell reads as the date; shown by a format with no day ("Nov-26", "mmmm yyyy")
  it is that month, written as "November 2026".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "d mmm yyyy"  # 15 Nov 2026: no day/month order to misread in any locale
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_FORMAT_NOISE = re.compile(r'\[[^\]]*\]|"[^"]*"|\\.')


def escape(text: str) -> str:
    text = _ESCAPE.sub(r"_x005F_\1", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def put_text(cell: Any, text: str) -> None:
    """Set a cell to `text` as text, never as a formula."""
    cell.value = escape(text) if text else None
    if text:
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def put_date(cell: Any, value: dt.date | None) -> None:
    cell.value = value
    if value is not None:
        cell.number_format = DATE_FORMAT


def has_day(number_format: str) -> bool:
    return "d" in _FORMAT_NOISE.sub("", number_format).lower()


def cell_date(cell: Any) -> dt.date | None:
    value = cell.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def cell_text(cell: Any) -> str:
    """The text a person sees in the cell (dates day first), stripped."""
    value = cell.value
    if value is None:
        return ""
    day = cell_date(cell)
    if day is not None:
        if has_day(cell.number_format or ""):
            return day.strftime("%d/%m/%Y")
        return day.strftime("%B %Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unescape(str(value)).strip()
