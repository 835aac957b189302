"""The report as data: what every renderer (HTML, PDF, Word, Excel) draws.

A builder turns a round's figures into a `ReportDocument`; the renderers only lay it
out, so the four formats cannot disagree. Plain frozen dataclasses: no Django.

Every number that a spreadsheet should be able to add up travels as a `Cell` with its
`value` (an int or float) beside the text shown, so Excel gets real numbers while the
HTML, PDF and Word files show "73%" or "68.5 / 86".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from yjaudit.charts import Chart


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    value: int | float | None = None  # the number behind the text, for spreadsheets

    @property
    def numeric(self) -> bool:
        return self.value is not None


def cell(value: int | float | None, text: str | None = None, *, blank: str = "") -> Cell:
    """A numeric cell: `text` defaults to the number itself; None shows `blank`."""
    if value is None:
        return Cell(blank)
    return Cell(text if text is not None else _number_text(value), value)


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return str(int(value))


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    strong: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table; the first column names the row (a row header)."""

    id: str  # stable, also the Excel sheet's key
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(
                    f"table {self.id}: a row has {len(row)} cells for {len(self.headers)} headers"
                )


@dataclass(frozen=True, slots=True)
class ChartBlock:
    """A chart with its text alternative and data table (all three are always shown)."""

    chart: Chart


@dataclass(frozen=True, slots=True)
class FindingList:
    title: str
    items: tuple[str, ...]
    empty: str  # what to say when there is nothing to list


Block = Paragraph | Table | ChartBlock | FindingList


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Cover:
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]  # (label, value): service, framework, period...


@dataclass(frozen=True, slots=True)
class ReportDocument:
    kind: str  # round | trend | practitioner | board
    title: str
    cover: Cover
    sections: tuple[Section, ...]
    generated_on: dt.date
    # "en" or "cy" ("": the language active when it is rendered, e.g. the page's).
    language: str = ""
    # Text to print on every page (e.g. "Official - sensitive"), from settings.
    marking: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    def walk(self) -> list[tuple[int, Section]]:
        """Every section with its depth (1 = top level), in reading order."""
        out: list[tuple[int, Section]] = []

        def visit(sections: tuple[Section, ...], depth: int) -> None:
            for s in sections:
                out.append((depth, s))
                visit(s.subsections, depth + 1)

        visit(self.sections, 1)
        return out

    def tables(self) -> list[Table]:
        found: list[Table] = []
        for _, s in self.walk():
            for b in s.blocks:
                if isinstance(b, Table):
                    found.append(b)
        return found

    def charts(self) -> list[Chart]:
        return [b.chart for _, s in self.walk() for b in s.blocks if isinstance(b, ChartBlock)]


LANGUAGES = ("en", "cy")


def report_language(code: str | None) -> str:
    """ "cy" for Welsh (cy, cy-GB...), else "en": the languages reports are written in."""
    return "cy" if (code or "").lower().startswith("cy") else "en"


def language_tag(language: str) -> str:
    """The BCP 47 tag Word, Excel and HTML readers (and screen readers) expect."""
    return "cy-GB" if report_language(language) == "cy" else "en-GB"
