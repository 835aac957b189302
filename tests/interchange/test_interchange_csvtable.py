"""The defensive CSV reader: every way a saved spreadsheet goes wrong, named precisely."""

from __future__ import annotations

import io
import zipfile

import pytest

from yjaudit.interchange import InterchangeError, column_letter, escape_cell, read_csv
from yjaudit.interchange.csvtable import read_csv_path

REQ = ("case_id", "question_id", "answer")


def err(data: bytes) -> InterchangeError:
    with pytest.raises(InterchangeError) as info:
        read_csv(data, "a.csv", required=REQ)
    return info.value


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 2, 25, 26, 27, 701, 702)] == [
        "A", "C", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip


def test_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    table = read_csv(
        b"case_id,question_id,answer\nC1,2.1.1,yes\n\n , ,\nC2,2.1.1,no\n", "a.csv", required=REQ
    )
    assert table.columns == REQ
    # Blank rows are skipped but still counted, as a spreadsheet would show them.
    assert [(r.number, r.cells["case_id"]) for r in table.rows] == [(2, "C1"), (5, "C2")]


def test_header_names_are_trimmed_and_case_insensitive_and_cells_trimmed() -> None:
    table = read_csv(
        b" Case_ID ,QUESTION_ID,Answer,Setting\r\n C1 ,2.1.1, Yes ,custody\r\n",
        "a.csv",
        required=REQ,
    )
    assert table.columns == ("case_id", "question_id", "answer", "setting")
    assert table.rows[0].cells == {
        "case_id": "C1", "question_id": "2.1.1", "answer": "Yes", "setting": "custody",
    }  # fmt: skip


def test_utf8_bom_is_accepted() -> None:
    table = read_csv(
        "\ufeffcase_id,question_id,answer\nC1,2.1.1,yes\n".encode(), "a.csv", required=REQ
    )
    assert table.columns == REQ and len(table.rows) == 1


def test_quoted_fields_with_commas_and_newlines_count_as_one_row() -> None:
    data = b'case_id,question_id,answer,note\nC1,2.1.1,yes,"a, b\nc"\nC2,2.1.1,no,x\n'
    table = read_csv(data, "a.csv", required=REQ)
    assert [r.number for r in table.rows] == [2, 3]
    assert table.rows[0]["note"] == "a, b\nc"


def test_header_only_is_valid() -> None:
    assert read_csv(b"case_id,question_id,answer\n", "a.csv", required=REQ).rows == ()


def test_zero_byte_file() -> None:
    e = err(b"")
    assert str(e) == (
        "a.csv: the file is empty (0 bytes); it needs at least the header row "
        "case_id,question_id,answer"
    )
    assert e.row is None


def test_bom_only_file_is_empty() -> None:
    assert "the file is empty" in str(err(b"\xef\xbb\xbf"))


def test_xlsx_is_recognised_by_its_zip_signature() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    assert str(err(buffer.getvalue())) == (
        "a.csv: this is an Excel workbook (.xlsx, a ZIP file), not CSV text; "
        "save it from the spreadsheet as 'CSV UTF-8 (Comma delimited)'"
    )


def test_old_xls_and_utf16_are_recognised() -> None:
    assert "old Excel workbook (.xls)" in str(err(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50))
    assert "UTF-16" in str(err("case_id,question_id,answer\n".encode("utf-16")))


def test_not_utf8_names_row_and_column() -> None:
    data = "case_id,question_id,answer,name\nC1,2.1.1,yes,ok\nC2,2.1.1,no,Zo\u00eb\n".encode(
        "latin-1"
    )
    e = err(data)
    assert (e.row, e.column, e.column_index) == (3, "name", 3)
    assert str(e) == (
        "a.csv: row 3, column name (D): not UTF-8 text (byte 0xEB cannot be read); "
        "save it from the spreadsheet as 'CSV UTF-8 (Comma delimited)'"
    )


def test_not_utf8_after_a_quoted_field_spanning_lines() -> None:
    data = 'case_id,question_id,answer,"a, note"\nC1,2.1.1,yes,"one\ntwo, three"\nC2,2.1.1,no,'
    e = err(data.encode() + "Zo\u00eb\n".encode("latin-1"))
    # The quoted note spans two lines but is one spreadsheet row: the bad byte is on row 3.
    assert (e.row, e.column, e.column_index) == (3, "a, note", 3)


def test_nul_bytes_are_not_text() -> None:
    e = err(b"case_id,question_id,answer\nC1,2.1\x00,yes\n")
    assert (e.row, e.column) == (2, "question_id")
    assert "NUL" in e.message


def test_missing_column_names_row_1_and_the_column() -> None:
    e = err(b"case_id,question,answer\nC1,2.1.1,yes\n")
    assert str(e) == (
        "a.csv: row 1, column question_id: missing column 'question_id' "
        "(the header has: case_id, question, answer; expected case_id,question_id,answer)"
    )


def test_semicolon_separated_gets_a_hint() -> None:
    e = err(b"case_id;question_id;answer\nC1;2.1.1;yes\n")
    assert e.row == 1 and "separated by semicolons" in e.message


def test_empty_header_row() -> None:
    e = err(b"\nC1,2.1.1,yes\n")
    assert str(e) == (
        "a.csv: row 1: the first row must be the header (case_id,question_id,answer) "
        "but it is empty"
    )


def test_repeated_and_unnamed_headings() -> None:
    e = err(b"case_id,question_id,answer,Answer\n")
    assert (e.row, e.column, e.column_index) == (1, "answer", 3)
    assert "appears twice" in e.message
    e = err(b"case_id,,question_id,answer\n")
    assert str(e) == "a.csv: row 1, column (B): this column has no heading"


def test_trailing_empty_headings_are_ignored_but_not_values_under_them() -> None:
    table = read_csv(b"case_id,question_id,answer,,\nC1,2.1.1,yes,,\n", "a.csv", required=REQ)
    assert table.columns == REQ
    e = err(b"case_id,question_id,answer\nC1,2.1.1,yes\nC2,2.1.1,no,oops\n")
    assert str(e) == "a.csv: row 3, column (D): a value ('oops') under no column heading"


def test_broken_quoting() -> None:
    e = err(b'case_id,question_id,answer\nC1,2.1.1,yes\nC2,"2.1.1"x,no\n')
    assert e.row == 3 and "cannot be read as CSV" in e.message


def test_unreadable_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InterchangeError) as info:
        read_csv_path(tmp_path / "nope.csv", required=REQ)
    assert str(info.value).endswith("nope.csv: cannot read the file: No such file or directory")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+A1+A2", "'+A1+A2"),
        ("+44", "+44"),
        ("-1", "-1"),
        ("@x", "'@x"),
        ("ok", "ok"),
    ],
)
def test_formula_escaping_round_trips(text: str, escaped: str) -> None:
    assert escape_cell(text) == escaped
    data = f"case_id,question_id,answer\n{escaped},q,yes\n".encode()
    assert read_csv(data, "a.csv", required=REQ).rows[0]["case_id"] == text


def test_stream_checks_the_header_now_and_rows_as_they_come() -> None:
    from yjaudit.interchange import stream_csv

    with pytest.raises(InterchangeError) as info:
        stream_csv(b"case_id,answer\n", "a.csv", required=REQ)
    assert info.value.row == 1
    stream = stream_csv(
        b"case_id,question_id,answer\nC1,q,yes\nC2,q,no,extra\n", "a.csv", required=REQ
    )
    first = next(stream.rows)
    assert (first.number, first["case_id"], first["nope"]) == (2, "C1", "")
    with pytest.raises(InterchangeError) as info:
        next(stream.rows)
    assert (info.value.row, info.value.column_index) == (3, 3)
