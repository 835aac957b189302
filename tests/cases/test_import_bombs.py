"""Spreadsheet and CSV bombs are refused fast and small (issue 10.4): the reader bounds
rows and columns by what it finds, not by what the file declares."""

import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from yjaudit.cases.importing.reader import ImportFileError, ImportLimits, read_table

LIMITS = ImportLimits()
SECOND = 1.0  # CPU seconds: well under a second each, whatever else the machine is doing
MB = 1024 * 1024


def _workbook(rows=(("Reference", "Disposal"), ("R1", "YRO"))) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _replace_parts(xlsx: bytes, parts: dict[str, bytes | str], write=None) -> bytes:
    """The workbook with some parts replaced (or added); ``write`` adds streamed parts."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info, src.read(info.filename))
        for name, body in parts.items():
            dst.writestr(name, body)
        if write:
            write(dst)
    return out.getvalue()


def _sheet(dimension: str, rows: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def _refused(data: bytes, name: str, memory: bool = True) -> tuple[str, float, int]:
    """The refusal's message, the CPU seconds to reach it, and the peak bytes allocated
    (measured on a second run: tracing allocations slows the first several times)."""
    started = time.process_time()
    with pytest.raises(ImportFileError) as error:
        read_table(data, name, LIMITS)
    seconds = time.process_time() - started
    if not memory:
        return str(error.value), seconds, 0
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError):
            read_table(data, name, LIMITS)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(error.value), seconds, peak


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_a_declared_dimension_of_the_whole_sheet_with_one_far_cell():
    rows = f'<row r="1">{_cell("A1", "Reference")}</row>'
    rows += f'<row r="1048576">{_cell("XFD1048576", "x")}</row>'
    bomb = _replace_parts(_workbook(), {"xl/worksheets/sheet1.xml": _sheet("A1:XFD1048576", rows)})
    assert len(bomb) < 8000
    message, seconds, peak = _refused(bomb, "bomb.xlsx")
    assert "more than 100,000 rows" in message
    assert seconds < SECOND and peak < 200 * MB, (seconds, peak)


def test_a_row_wider_than_the_column_limit():
    rows = f'<row r="1">{_cell("A1", "Reference")}{_cell("GS1", "x")}</row>'
    bomb = _replace_parts(_workbook(), {"xl/worksheets/sheet1.xml": _sheet("A1:GS1", rows)})
    message, seconds, peak = _refused(bomb, "wide.xlsx")
    assert "more than 200 columns" in message
    assert seconds < SECOND and peak < 200 * MB


def test_a_far_cell_in_every_row_costs_no_more_than_the_column_limit():
    """Only the first 201 columns are ever read, so XFD cells cost nothing: they have no
    header within the limit, so they could not be imported anyway."""
    rows = "".join(
        f'<row r="{n}">{_cell(f"A{n}", "Reference" if n == 1 else f"R{n}")}'
        f'<c r="XFD{n}" s="0"/>{_cell(f"XFC{n}", "far")}</row>'
        for n in range(1, 5_001)
    )
    data = _replace_parts(_workbook(), {"xl/worksheets/sheet1.xml": _sheet("A1:XFD1", rows)})
    started = time.process_time()
    table = read_table(data, "far.xlsx", LIMITS)
    assert time.process_time() - started < SECOND
    assert table.headers == ["Reference"] and len(table.rows) == 4_999


def test_a_declared_small_dimension_does_not_hide_real_rows():
    """The reader reads what is there: rows past a lying <dimension> are still read."""
    rows = "".join(
        f'<row r="{n}">{_cell(f"A{n}", "Reference" if n == 1 else f"R{n}")}</row>'
        for n in range(1, 6)
    )
    data = _replace_parts(_workbook(), {"xl/worksheets/sheet1.xml": _sheet("A1:A1", rows)})
    table = read_table(data, "x.xlsx", LIMITS)
    assert [r[1][0] for r in table.rows] == ["R2", "R3", "R4", "R5"]


def test_a_zip_bomb_sheet():
    row = "".join(_cell(f"A{n}", "0" * 60) for n in range(1, 2))

    def write(dst):
        with dst.open("xl/worksheets/sheet2.xml", "w") as part:
            chunk = (f'<row r="2">{row}</row>' * 1000).encode()
            for _ in range((LIMITS.max_expanded_bytes + MB) // len(chunk) + 1):
                part.write(chunk)

    bomb = _replace_parts(_workbook(), {}, write)
    assert len(bomb) < 2 * MB
    message, seconds, peak = _refused(bomb, "zip.xlsx")
    assert "expands to more data than is allowed" in message
    assert seconds < SECOND and peak < 200 * MB


def test_huge_shared_strings():
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>' + "A" * (LIMITS.max_loaded_part_bytes + 1) + "</t></si></sst>"
    )
    bomb = _replace_parts(_workbook(), {"xl/sharedStrings.xml": strings})
    message, seconds, peak = _refused(bomb, "strings.xlsx")
    assert "expands to more data than is allowed" in message
    assert seconds < SECOND and peak < 200 * MB


def test_a_zip_whose_parts_are_larger_than_declared_is_damaged():
    """zipfile stops at a part's declared size: a lying header cannot expand further."""
    data = bytearray(_workbook())
    src = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = src.getinfo("xl/worksheets/sheet1.xml")
    real = info.file_size
    # Patch the declared size in both the local header and the central directory.
    old = real.to_bytes(4, "little")
    new = (real // 4).to_bytes(4, "little")
    assert bytes(data).count(old) == 2  # exactly the two headers
    patched = bytes(data).replace(old, new)
    lying = zipfile.ZipFile(io.BytesIO(patched))
    with pytest.raises(zipfile.BadZipFile, match="CRC"):
        lying.read("xl/worksheets/sheet1.xml")
    message, _seconds, _peak = _refused(patched, "lying.xlsx")
    assert "damaged" in message


def test_a_csv_that_is_one_enormous_line_of_short_fields():
    bomb = b"Reference," + b"ab," * (3 * MB)
    message, seconds, peak = _refused(bomb, "line.csv")
    assert "Line 1 is longer than 1,000,000 characters" in message
    assert seconds < SECOND and peak < 200 * MB, (seconds, peak)


def test_a_csv_with_an_enormous_field():
    bomb = b'Reference,Notes\nR1,"' + b"x" * (8 * MB) + b'"\n'
    message, seconds, peak = _refused(bomb, "field.csv")
    assert "Line 2 is longer than 1,000,000 characters" in message
    assert seconds < SECOND and peak < 200 * MB
    bomb = b'Reference,Notes\nR1,"' + b"x" * 200_000 + b'"\n'
    message, seconds, peak = _refused(bomb, "field.csv")
    assert "A cell on row 2 has more than 32,767 characters" in message
    assert seconds < SECOND and peak < 200 * MB


def test_a_csv_with_a_long_field_split_over_many_short_lines():
    bomb = b'Reference,Notes\nR1,"' + b"x\n" * 40_000 + b'"\n'
    message, _seconds, _peak = _refused(bomb, "lines.csv", memory=False)
    assert "more than 32,767 characters" in message


def test_a_csv_with_too_many_rows_or_columns():
    rows = b"Reference\n" + b"R\n" * LIMITS.max_rows
    message, seconds, _peak = _refused(rows, "rows.csv", memory=False)
    assert "more than 100,000 rows" in message and seconds < SECOND
    wide = b",".join(b"c%d" % i for i in range(201)) + b"\n"
    message, _seconds, _peak = _refused(wide, "wide.csv", memory=False)
    assert "more than 200 columns" in message


def test_limits_are_settings(settings):
    from yjaudit.cases.services import import_limits, read_upload

    settings.YJAUDIT_IMPORT_MAX_ROWS = 3
    assert import_limits().max_rows == 3
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        read_upload(b"Reference\nA\nB\nC\n", "x.csv")
    assert len(read_upload(b"Reference\nA\nB\n", "x.csv").rows) == 2


def _with_shared_strings(count: int) -> bytes:
    body = "".join(f"<si><t>{i}</t></si>" for i in range(count))
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + body + "</sst>"
    )
    base = _workbook()
    types = zipfile.ZipFile(io.BytesIO(base)).read("[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    return _replace_parts(base, {"xl/sharedStrings.xml": strings, "[Content_Types].xml": types})


def test_many_small_shared_strings_within_the_size_limit():
    """A 1 MB file of tiny shared strings: counted and refused before openpyxl makes an
    object of each (which took 44 CPU seconds and 200 MB for 700,000 of them)."""
    bomb = _with_shared_strings(LIMITS.max_shared_strings + 1)
    assert len(bomb) < 2 * MB
    message, seconds, peak = _refused(bomb, "strings.xlsx")
    assert "expands to more data than is allowed" in message
    assert seconds < SECOND and peak < 200 * MB, (seconds, peak)


def test_many_cell_formats():
    styles = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<cellXfs count="70000">' + '<xf numFmtId="0"/>' * 70_000 + "</cellXfs></styleSheet>"
    )
    bomb = _replace_parts(_workbook(), {"xl/styles.xml": styles})
    message, seconds, peak = _refused(bomb, "styles.xlsx")
    assert "expands to more data than is allowed" in message
    assert seconds < SECOND and peak < 200 * MB, (seconds, peak)


def test_a_workbook_with_some_shared_strings_is_read():
    table = read_table(_with_shared_strings(1000), "ok.xlsx", LIMITS)
    assert table.headers == ["Reference", "Disposal"]
