"""Read a CSV file defensively: a table of rows numbered as a spreadsheet shows them.

Everything that can go wrong with a file a person saved from a spreadsheet is caught
here and reported once, with the file, row (the header is row 1) and column: an empty
file, an Excel workbook passed as CSV, text that is not UTF-8, broken quoting, missing
or repeated columns, values under no heading. A UTF-8 byte-order mark is accepted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InterchangeError

_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF8_BOM = b"\xef\xbb\xbf"
_SAVE_AS = "save it from the spreadsheet as 'CSV UTF-8 (Comma delimited)'"
# Characters a spreadsheet treats as the start of a formula. Writers prefix such text
# (and text of apostrophes then such a character) with an apostrophe so opening an
# export cannot run a formula; readers take exactly one apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class CsvRow:
    number: int  # as a spreadsheet shows it: the header is row 1
    values: tuple[str, ...]  # one per column, whitespace stripped ("" when absent)
    columns: tuple[str, ...]

    def __getitem__(self, column: str) -> str:
        try:
            return self.values[self.columns.index(column)]
        except ValueError:
            return ""

    @property
    def cells(self) -> dict[str, str]:
        return dict(zip(self.columns, self.values, strict=True))


class _Located:
    __slots__ = ()
    file: str
    columns: tuple[str, ...]

    def error(
        self, message: str, *, row: int | None = None, column: str | None = None
    ) -> InterchangeError:
        """A problem at a row and column of this file (column by header name)."""
        index = self.columns.index(column) if column in self.columns else None
        return InterchangeError(self.file, message, row=row, column=column, column_index=index)


@dataclass(frozen=True, slots=True)
class CsvTable(_Located):
    file: str
    columns: tuple[str, ...]  # header names, lower-cased, in file order
    rows: tuple[CsvRow, ...]  # data rows; wholly blank rows are left out


@dataclass(frozen=True, slots=True)
class CsvStream(_Located):
    """A CSV file whose header is checked and whose rows are read once, as they come.

    A large file is then never held twice: each row can be dropped once used.
    """

    file: str
    columns: tuple[str, ...]
    rows: Iterator[CsvRow]


def read_csv_path(
    path: str | Path, *, required: Sequence[str], name: str | None = None
) -> CsvTable:
    """Read a CSV file from disk; see `read_csv`."""
    shown = name or str(path)
    return read_csv(read_bytes(path, shown), shown, required=required)


def read_bytes(path: str | Path, shown: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InterchangeError(shown, f"cannot read the file: {exc.strerror or exc}") from None


def read_csv(data: bytes, file: str, *, required: Sequence[str]) -> CsvTable:
    """Parse CSV bytes into a table with the `required` columns (others are kept too)."""
    stream = stream_csv(data, file, required=required)
    return CsvTable(stream.file, stream.columns, tuple(stream.rows))


def stream_csv(data: bytes, file: str, *, required: Sequence[str]) -> CsvStream:
    """Check the file and its header now; read its rows as they are iterated.

    Problems with the file or header raise here; problems in a row raise when that
    row is reached.
    """
    expected = ",".join(required)
    text = _decode(data, file, expected)
    records = _records(text, file)
    header = next(records, None)
    if header is None or not any(cell.strip() for cell in header):
        raise InterchangeError(
            file, f"the first row must be the header ({expected}) but it is empty", row=1
        )
    columns = _header(header, file)
    missing = [c for c in required if c not in columns]
    if missing:
        raise InterchangeError(
            file,
            f"missing column {missing[0]!r} (the header has: {', '.join(columns)}; "
            f"expected {expected}){_separator_hint(columns)}",
            row=1,
            column=missing[0],
        )
    # Undo formula escapes only where a file has an apostrophe at all (most have none).
    return CsvStream(file, columns, _rows(records, file, columns, escaped="'" in text))


def _rows(
    records: Iterator[list[str]], file: str, columns: tuple[str, ...], *, escaped: bool
) -> Iterator[CsvRow]:
    width = len(columns)
    padding = ("",) * width
    strip = str.strip
    for number, record in enumerate(records, start=2):
        cells = tuple(map(strip, record))
        if not any(cells):
            continue  # blank rows (often trailing ones from a spreadsheet) mean nothing
        if len(cells) != width:
            for index in range(width, len(cells)):
                if cells[index]:
                    raise InterchangeError(
                        file,
                        f"a value ({cells[index]!r}) under no column heading",
                        row=number,
                        column_index=index,
                    )
            cells = (cells + padding)[:width]
        if escaped:
            cells = tuple(_unescape(c) for c in cells)
        yield CsvRow(number, cells, columns)


def _decode(data: bytes, file: str, expected: str) -> str:
    if not data:
        raise InterchangeError(
            file, f"the file is empty (0 bytes); it needs at least the header row {expected}"
        )
    if data.startswith(_ZIP_SIGNATURES):
        raise InterchangeError(
            file,
            "this is an Excel workbook (.xlsx, a ZIP file), not CSV text; " + _SAVE_AS,
        )
    if data.startswith(_OLE2_SIGNATURE):
        raise InterchangeError(
            file, "this is an old Excel workbook (.xls), not CSV text; " + _SAVE_AS
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InterchangeError(file, "this is UTF-16 text, not UTF-8; " + _SAVE_AS)
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        if not data.strip():
            raise InterchangeError(
                file, f"the file is empty; it needs at least the header row {expected}"
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row, col_index, col_name = _locate(data, exc.start)
        raise InterchangeError(
            file,
            f"not UTF-8 text (byte 0x{data[exc.start]:02X} cannot be read); " + _SAVE_AS,
            row=row,
            column=col_name,
            column_index=col_index,
        ) from None
    if "\x00" in text:
        row, col_index, col_name = _locate(data, data.index(b"\x00"))
        raise InterchangeError(
            file,
            "contains NUL bytes: this is not a text file; " + _SAVE_AS,
            row=row,
            column=col_name,
            column_index=col_index,
        )
    return text


def _locate(data: bytes, offset: int) -> tuple[int, int, str | None]:
    """Row, column index and header name of the record holding a byte offset."""
    prefix = data[:offset].decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        records = list(csv.reader(io.StringIO(prefix, newline="")))
    except csv.Error:  # cannot parse what precedes: count physical lines instead
        line_start = data.rfind(b"\n", 0, offset) + 1
        records = [[""]] * data.count(b"\n", 0, offset) + [
            [""] * (data.count(b",", line_start, offset) + 1)
        ]
    if not records or prefix.endswith(("\n", "\r")):
        row, col_index = len(records) + 1, 0
    else:
        row, col_index = len(records), max(len(records[-1]) - 1, 0)
    header_text = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")
    names = [h.strip().lower() for h in next(csv.reader([header_text]), [])]
    name = names[col_index] if row > 1 and col_index < len(names) and names[col_index] else None
    return row, col_index, name


def _records(text: str, file: str) -> Iterator[list[str]]:
    """The file's records one at a time (a large file is never held twice)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    count = 0
    try:
        for record in reader:
            count += 1
            yield record
    except csv.Error as exc:
        raise InterchangeError(
            file, f"cannot be read as CSV ({exc}); check its quotes", row=count + 1
        ) from None


def _header(record: list[str], file: str) -> tuple[str, ...]:
    names = [c.strip().lower() for c in record]
    while names and not names[-1]:
        names.pop()  # trailing empty headings: spreadsheets add them
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            raise InterchangeError(file, "this column has no heading", row=1, column_index=index)
        if name in seen:
            raise InterchangeError(
                file,
                f"column {name!r} appears twice (also column {seen[name] + 1})",
                row=1,
                column=name,
                column_index=index,
            )
        seen[name] = index
    return tuple(names)


def _separator_hint(columns: Sequence[str]) -> str:
    if len(columns) == 1:
        for sep, label in ((";", "semicolons"), ("\t", "tabs")):
            if sep in columns[0]:
                return f"; the values seem separated by {label}: save it with commas"
    return ""


def _unescape(cell: str) -> str:
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def escape_cell(value: str) -> str:
    """Text safe to open in a spreadsheet: a leading formula character gets an apostrophe.

    Text that already starts with apostrophes before such a character ("'=x") gets one
    more, so reading undoes exactly what writing did: every text comes back as written.
    """
    if value.lstrip("'").startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
