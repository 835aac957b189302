"""Bytes to a table of strings, with the file's type decided by its content."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from ..exporting import restore

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls and other Office binaries


@dataclass(frozen=True)
class ImportLimits:
    """How much a file may hold; every limit is checked against what is actually read,
    never against what the file declares (an xlsx's <dimension>, a zip's sizes).

    Defaults are the documented ones (docs/register-and-sampling.md); each can be set by
    a YJAUDIT_IMPORT_* setting (``cases.services.import_limits``)."""

    max_bytes: int = 10 * 1024 * 1024  # the uploaded file
    max_rows: int = 100_000  # file rows, header included (a service's caseload is < 10,000)
    max_columns: int = 200
    # Excel's own limit for one cell (Microsoft, "Excel specifications and limits").
    max_cell_chars: int = 32_767
    max_line_chars: int = 1_000_000  # one physical line of a CSV
    # An xlsx is a zip: the sizes its parts expand to. zipfile stops at a part's
    # declared size (a larger stream fails its CRC), so the declared sums bound the work.
    max_expanded_bytes: int = 80 * 1024 * 1024
    # Parts openpyxl loads whole into memory (shared strings, styles, workbook).
    max_loaded_part_bytes: int = 16 * 1024 * 1024
    # openpyxl makes an object per shared string and per cell format before reading a
    # row: 700,000 tiny strings (a 1.9 MB file) took 44 CPU s and 200 MB. Counted first.
    max_shared_strings: int = 200_000
    max_cell_formats: int = 65_490  # Excel's own limit (Excel specifications and limits)


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as the CLI prints it: file:row:column: message."""

    row: int | None  # spreadsheet row, header = 1; None for the whole file
    column: str  # column header as in the file, or "" for the whole row / file
    message: str

    def format(self, filename: str) -> str:
        parts = [filename]
        if self.row is not None:
            parts.append(str(self.row))
            parts.append(self.column or "-")
        return ":".join(parts) + f": {self.message}"

    def as_dict(self, filename: str) -> dict[str, Any]:
        """For a job's page: file, row, field, message (JSON-ready)."""
        return {"file": filename, "row": self.row, "field": self.column, "message": self.message}


class ImportFileError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass
class Table:
    file_format: str  # "csv" or "xlsx"
    headers: list[str]
    # (row number in the file, header = 1; cells as text, "" when empty)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def sniff_format(data: bytes) -> str:
    """'xlsx', 'xls' (refused) or 'csv', from the bytes alone."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        return "xls"
    return "csv"


def read_table(data: bytes, filename: str, limits: ImportLimits | int) -> Table:
    """Bytes to a table, refusing (ImportFileError) anything beyond ``limits``; an int is
    taken as the byte limit with the other limits at their defaults."""
    if isinstance(limits, int):
        limits = ImportLimits(max_bytes=limits)
    max_bytes = limits.max_bytes
    if len(data) > max_bytes:
        raise ImportFileError(
            [
                Problem(
                    None,
                    "",
                    _("The file is %(size)s MB; the limit is %(limit)s MB.")
                    % {"size": _mb(len(data)), "limit": _mb(max_bytes)},
                )
            ]
        )
    if not data.strip():
        raise ImportFileError([Problem(None, "", _("The file is empty."))])
    suffix = PurePath(filename).suffix.lower()
    kind = sniff_format(data)
    if suffix not in {".csv", ".xlsx"}:
        raise ImportFileError(
            [Problem(None, "", _("The file must be a CSV (.csv) or Excel workbook (.xlsx)."))]
        )
    if kind == "xls":
        raise ImportFileError(
            [
                Problem(
                    None, "", _("This is an old-style Excel file (.xls). Save it as .xlsx or CSV.")
                )
            ]
        )
    if suffix == ".csv" and kind == "xlsx":
        raise ImportFileError(
            [
                Problem(
                    None,
                    "",
                    _(
                        "The file is named .csv but its content is an Excel workbook. "
                        "Rename it to .xlsx, or save it from Excel as CSV."
                    ),
                )
            ]
        )
    if suffix == ".xlsx" and kind != "xlsx":
        raise ImportFileError(
            [
                Problem(
                    None,
                    "",
                    _(
                        "The file is named .xlsx but its content is not an Excel workbook. "
                        "If it is CSV, rename it to .csv."
                    ),
                )
            ]
        )
    table = _read_xlsx(data, limits) if kind == "xlsx" else _read_csv(data, limits)
    _check_headers(table)
    return table


def _refuse(message: str, row: int | None = None) -> ImportFileError:
    return ImportFileError([Problem(row, "", message)])


class _Bounds:
    """Counts rows as they are read and checks each against the limits."""

    def __init__(self, limits: ImportLimits):
        self.limits = limits

    def row(self, number: int, cells: list[str]) -> list[str]:
        lim = self.limits
        if number > lim.max_rows:
            raise _refuse(
                _(
                    "The file has more than %(max)s rows (including rows that look empty). "
                    "Split it, or remove the rows below the data."
                )
                % {"max": f"{lim.max_rows:,}"}
            )
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > lim.max_columns:
            raise _refuse(
                _("Row %(row)s has more than %(max)s columns.")
                % {"row": number, "max": lim.max_columns},
                number,
            )
        for cell in cells:
            if len(cell) > lim.max_cell_chars:
                raise _refuse(
                    _("A cell on row %(row)s has more than %(max)s characters.")
                    % {"row": number, "max": f"{lim.max_cell_chars:,}"},
                    number,
                )
        return cells


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _read_csv(data: bytes, limits: ImportLimits) -> Table:
    if b"\x00" in data[:65536]:
        raise ImportFileError(
            [Problem(None, "", _("The file is not text, so it cannot be read as CSV."))]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page.
        text = data.decode("cp1252", errors="replace")
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    del data

    def lines() -> Iterator[str]:
        # Checked before the csv module splits a line, so one enormous line of short
        # fields never becomes millions of strings.
        for number, line in enumerate(io.StringIO(text, newline=""), 1):
            if len(line) > limits.max_line_chars:
                raise _refuse(
                    _("Line %(line)s is longer than %(max)s characters.")
                    % {"line": number, "max": f"{limits.max_line_chars:,}"},
                    number,
                )
            yield line

    bounds = _Bounds(limits)
    reader = csv.reader(lines(), dialect)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(bounds.row(len(rows) + 1, row))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _refuse(
                _("A cell on row %(row)s has more than %(max)s characters.")
                % {"row": len(rows) + 1, "max": f"{limits.max_cell_chars:,}"},
                len(rows) + 1,
            ) from None
        raise ImportFileError(
            [Problem(reader.line_num, "", _("The CSV cannot be read here: %s") % exc)]
        ) from None
    return _to_table("csv", rows)


def _read_xlsx(data: bytes, limits: ImportLimits) -> Table:
    from openpyxl import load_workbook  # heavy: only when an xlsx arrives

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
    except zipfile.BadZipFile:
        raise ImportFileError(
            [Problem(None, "", _("The workbook is damaged and cannot be opened."))]
        ) from None
    names = {i.filename for i in parts}
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            [Problem(None, "", _("The file is a zip archive, not an Excel workbook."))]
        )
    too_big = _("The workbook expands to more data than is allowed.")
    if sum(i.file_size for i in parts) > limits.max_expanded_bytes:
        raise _refuse(too_big)
    if any(
        i.file_size > limits.max_loaded_part_bytes
        for i in parts
        if not i.filename.startswith("xl/worksheets/")
    ):
        raise _refuse(too_big)
    _count_loaded_items(data, parts, limits, too_big)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(
            [Problem(None, "", _("The workbook is damaged and cannot be opened."))]
        ) from None
    bounds = _Bounds(limits)
    rows: list[list[str]] = []
    try:
        sheet = wb.worksheets[0]
        # Never trust the declared <dimension>: read the rows that are there, and only as
        # many columns as could be allowed (one more, to see that there are too many).
        sheet.reset_dimensions()
        blank = (None,) * (limits.max_columns + 1)
        width: int | None = None  # the header's, once found
        for number, values in enumerate(
            sheet.iter_rows(max_col=limits.max_columns + 1, values_only=True), 1
        ):
            if values == blank:  # a missing row (openpyxl repeats one tuple): quickly
                rows.append(bounds.row(number, []))
                continue
            if width is not None:  # cells right of the header are never read (_to_table)
                values = values[:width]
            cells = bounds.row(number, [_cell_text(v) for v in values])
            if width is None and any(c.strip() for c in cells):
                width = len(cells)
            rows.append(cells)
    except ImportFileError:
        raise
    except Exception:  # a damaged sheet part
        raise ImportFileError(
            [Problem(None, "", _("The workbook is damaged and cannot be opened."))]
        ) from None
    finally:
        wb.close()
    return _to_table("xlsx", rows)


PREFIXED_TAG = {name: re.compile(rb"<[\w.-]+:" + name + rb"[\s/>]") for name in (b"si", b"xf")}


def _count_tags(body: bytes, name: bytes, limit: int) -> int:
    """Elements called ``name`` (any namespace prefix), counting no further than limit+1."""
    count = sum(body.count(b"<" + name + end) for end in (b">", b" ", b"/", b"\t", b"\n", b"\r"))
    if count <= limit:
        found = PREFIXED_TAG[name].finditer(body)
        count += sum(1 for _ in itertools.islice(found, limit + 1 - count))
    return count


def _count_loaded_items(
    data: bytes, parts: list[zipfile.ZipInfo], limits: ImportLimits, message: str
) -> None:
    """Count shared strings and cell formats in every part openpyxl loads whole (each
    already bounded in size), whatever the part is called, before openpyxl sees them."""
    strings = formats = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in parts:
                if info.filename.startswith("xl/worksheets/") or info.is_dir():
                    continue
                body = zf.read(info)
                strings += _count_tags(body, b"si", limits.max_shared_strings)
                formats += _count_tags(body, b"xf", limits.max_cell_formats)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise ImportFileError(
            [Problem(None, "", _("The workbook is damaged and cannot be opened."))]
        ) from None
    if strings > limits.max_shared_strings or formats > limits.max_cell_formats:
        raise _refuse(message)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _to_table(kind: str, rows: list[list[str]]) -> Table:
    # The header is the first non-blank row; numbering keeps the file's own rows.
    # ``restore`` undoes the apostrophe our own export puts before formula-like text.
    numbered = [(i + 1, [restore(c.strip()) for c in r]) for i, r in enumerate(rows)]
    numbered = [(n, r) for n, r in numbered if any(r)]
    if not numbered:
        raise ImportFileError([Problem(None, "", _("The file has no rows."))])
    (_first, headers), body = numbered[0], numbered[1:]
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    headers = headers[:width]
    body = [(n, (r + [""] * width)[:width]) for n, r in body]
    return Table(file_format=kind, headers=headers, rows=body)


def _check_headers(table: Table) -> None:
    problems: list[Problem] = []
    seen: set[str] = set()
    for header in table.headers:
        key = header.lower()
        if header and key in seen:
            problems.append(Problem(1, header, _("Column “%s” appears more than once.") % header))
        seen.add(key)
    if problems:
        raise ImportFileError(problems)
