"""Reading and validating export files, without the database."""

import io

import pytest
from openpyxl import Workbook

from yjaudit.cases.importing.fields import suggest_mapping
from yjaudit.cases.importing.reader import ImportFileError, read_table
from yjaudit.cases.importing.rows import Lookups, Person, parse_date, parse_rows

LIMIT = 10 * 1024 * 1024
HEADER = "YOT Number,Team,Case Worker,Outcome Type,Order Start,Order End,RoSH,Gender,Ethnicity\n"


def xlsx_bytes(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_uk_and_iso_dates():
    assert parse_date("03/04/2024").isoformat() == "2024-04-03"
    assert parse_date("2024-04-03").isoformat() == "2024-04-03"
    for bad in ("31/02/2024", "2024/04/03", "3/4/24", "tomorrow"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_childview_headers_are_mapped_and_names_never_are():
    headers = [
        "YOT Number",
        "Forename",
        "Surname",
        "Team",
        "Case Worker",
        "Outcome Type",
        "Order Start",
        "RoSH",
        "Gender",
        "Ethnicity",
        "LAC Status",
    ]
    mapping = suggest_mapping(headers)
    assert mapping["reference"] == "YOT Number"
    assert mapping["case_manager"] == "Case Worker"
    assert mapping["disposal_type"] == "Outcome Type"
    assert mapping["start_date"] == "Order Start"
    assert mapping["sex"] == "Gender"
    assert mapping["looked_after"] == "LAC Status"
    assert "Forename" not in mapping.values() and "Surname" not in mapping.values()


def test_remembered_mapping_wins_when_its_column_is_present():
    mapping = suggest_mapping(["Ref", "Child ID"], remembered={"reference": "Child ID"})
    assert mapping["reference"] == "Child ID"


def test_xlsx_renamed_csv_is_detected_by_content():
    data = xlsx_bytes([["Reference"], ["A1"]])
    with pytest.raises(ImportFileError, match=r"named \.csv but its content is an Excel"):
        read_table(data, "export.csv", LIMIT)


def test_csv_named_xlsx_is_detected_by_content():
    with pytest.raises(ImportFileError, match=r"named \.xlsx but its content is not"):
        read_table(HEADER.encode(), "export.xlsx", LIMIT)


def test_oversized_file_refused_before_reading():
    data = HEADER.encode() + b"x" * (50 * 1024 * 1024)
    with pytest.raises(ImportFileError, match="limit is 10 MB"):
        read_table(data, "big.csv", LIMIT)


def test_other_types_refused():
    with pytest.raises(ImportFileError, match="CSV"):
        read_table(b"hello", "export.pdf", LIMIT)
    with pytest.raises(ImportFileError, match="not text"):
        read_table(b"a,b\n\x00\x01", "export.csv", LIMIT)


def test_duplicate_header_refused():
    with pytest.raises(ImportFileError, match="more than once") as exc:
        read_table(b"Ref,Ref\n1,2\n", "x.csv", LIMIT)
    assert (
        exc.value.problems[0].format("x.csv") == "x.csv:1:Ref: Column “Ref” appears more than once."
    )


def test_xlsx_and_csv_read_the_same():
    rows = [["Ref", "Start"], ["A1", "03/04/2024"], [None, None], ["A2", "2024-05-01"]]
    from_xlsx = read_table(xlsx_bytes(rows), "x.xlsx", LIMIT)
    from_csv = read_table(b"Ref,Start\nA1,03/04/2024\n,\nA2,2024-05-01\n", "x.csv", LIMIT)
    assert from_xlsx.headers == from_csv.headers == ["Ref", "Start"]
    assert from_xlsx.rows == from_csv.rows == [(2, ["A1", "03/04/2024"]), (4, ["A2", "2024-05-01"])]


def test_semicolon_csv_and_windows_encoding():
    table = read_table("Ref;Team\nA1;Bré\n".encode("cp1252"), "x.csv", LIMIT)
    assert table.rows == [(2, ["A1", "Bré"])]


def test_row_errors_name_row_and_column():
    data = (
        HEADER
        + "Y1,North,Alex Morgan,Referral Order,03/04/2024,,Medium,M,White British\n"
        + "Y2,Nowhere,Alex Morgan,YRO,31/02/2024,,Severe,Boy,Martian\n"
        + "Y1,North,Nobody,Caution plus,2024-01-01,2023-01-01,L,F,Asian\n"
        + ",North,Alex Morgan,DTO,,,H,M,Black\n"
    ).encode()
    table = read_table(data, "x.csv", LIMIT)
    lookups = Lookups(teams={"north": 1}, staff={"alexmorgan": Person(7, 1)})
    out = parse_rows(table, suggest_mapping(table.headers), lookups)
    assert out[0].ok, out[0].problems
    assert out[0].values["disposal_category"] == "court"
    assert out[0].values["case_manager_id"] == 7
    assert out[0].values["ethnicity"] == "white"
    msgs = {(p.row, p.column): p.message for o in out for p in o.problems}
    assert "no team “Nowhere”" in msgs[(3, "Team")]
    assert "not a real date" in msgs[(3, "Order Start")]
    assert "unknown RoSH level “Severe”" in msgs[(3, "RoSH")]
    assert "unknown ethnic group" in msgs[(3, "Ethnicity")]
    assert "also on row 2" in msgs[(4, "YOT Number")]
    assert "no case manager “Nobody”" in msgs[(4, "Case Worker")]
    assert "unknown disposal type" in msgs[(4, "Outcome Type")]
    assert "before the start date" in msgs[(4, "Order End")]
    assert "reference is missing" in msgs[(5, "YOT Number")]
    assert "Start date is missing" in msgs[(5, "Order Start")]


def test_references_differing_only_in_punctuation_are_different_cases():
    table = read_table(
        b"Ref,Disposal,Start date\nA-1,YRO,01/01/2024\nA1,YRO,01/01/2024\na1,YRO,01/01/2024\n",
        "x.csv",
        LIMIT,
    )
    out = parse_rows(table, suggest_mapping(table.headers), Lookups())
    assert [o.ok for o in out] == [True, True, False]
    assert "also on row 3" in out[2].problems[0].message
