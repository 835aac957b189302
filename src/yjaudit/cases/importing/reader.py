"""Bytes to a table of strings, with the file's type decided by its content."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls and other Office binaries
# An xlsx is a zip: refuse one that would expand beyond this many times the size limit.
MAX_EXPANSION = 20


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


def read_table(data: bytes, filename: str, max_bytes: int) -> Table:
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
    table = _read_xlsx(data, max_bytes) if kind == "xlsx" else _read_csv(data)
    _check_headers(table)
    return table


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _read_csv(data: bytes) -> Table:
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
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ImportFileError(
            [Problem(reader.line_num, "", _("The CSV cannot be read here: %s") % exc)]
        ) from None
    return _to_table("csv", rows)


def _read_xlsx(data: bytes, max_bytes: int) -> Table:
    from openpyxl import load_workbook  # heavy: only when an xlsx arrives

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            expanded = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(
            [Problem(None, "", _("The workbook is damaged and cannot be opened."))]
        ) from None
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            [Problem(None, "", _("The file is a zip archive, not an Excel workbook."))]
        )
    if expanded > max_bytes * MAX_EXPANSION:
        raise ImportFileError(
            [Problem(None, "", _("The workbook expands to more data than is allowed."))]
        )
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(
            [Problem(None, "", _("The workbook is damaged and cannot be opened."))]
        ) from None
    try:
        sheet = wb.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        wb.close()
    return _to_table("xlsx", rows)


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
    numbered = [(i + 1, [c.strip() for c in r]) for i, r in enumerate(rows)]
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
