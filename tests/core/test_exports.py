import csv
import io

import openpyxl
import pytest
import tablib

from core.exports import (
    EXPORT_FORMATS,
    export_response,
    safe_cell,
    safe_row,
    sheet_title,
    unescape_cell,
)


def dataset():
    data = tablib.Dataset(headers=["Kode", "Judul", "Dukungan"], title="Aspirasi warga")
    data.append(safe_row(["ASP-001", '=HYPERLINK("http://jahat.example")', 3]))
    data.append(safe_row(["ASP-002", "Jalan rusak di Sipirok", 0]))
    return data


def test_a_csv_download_is_utf8_text_named_after_the_file():
    response = export_response(dataset(), fmt="csv", filename="aspirasi-2025-03-01")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="aspirasi-2025-03-01.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows == [
        ["Kode", "Judul", "Dukungan"],
        ["ASP-001", '\'=HYPERLINK("http://jahat.example")', "3"],
        ["ASP-002", "Jalan rusak di Sipirok", "0"],
    ]


def test_an_xlsx_download_is_a_workbook_with_the_same_rows():
    response = export_response(dataset(), fmt="xlsx", filename="peserta-PLT-2025-0001")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="peserta-PLT-2025-0001.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Aspirasi warga"]
    sheet = workbook.active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Kode", "Judul", "Dukungan"],
        ["ASP-001", '\'=HYPERLINK("http://jahat.example")', 3],
        ["ASP-002", "Jalan rusak di Sipirok", 0],
    ]


def test_only_a_private_download_forbids_copies_in_caches():
    public = export_response(dataset(), fmt="csv", filename="kerja-sama")
    private = export_response(dataset(), fmt="csv", filename="peserta", private=True)
    assert not public.has_header("Cache-Control")
    assert private["Cache-Control"] == "private, no-store"


def test_a_file_name_that_is_not_plain_ascii_is_still_a_valid_header():
    response = export_response(dataset(), fmt="csv", filename='peserta "Medan" ü')
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''peserta%20%22Medan%22%20%C3%BC.csv"
    )


def test_any_other_format_is_refused():
    assert {"csv", "xlsx"} == EXPORT_FORMATS
    with pytest.raises(ValueError):
        export_response(dataset(), fmt="exe", filename="kerja-sama")


def test_text_that_would_run_as_a_formula_gets_an_apostrophe_and_nothing_else_changes():
    assert safe_row(["=1+1", "+62 812", "-5", "@SUM(A1)", "\tx", "\rx", "Medan", 7, None]) == [
        "'=1+1",
        "'+62 812",
        "'-5",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "Medan",
        7,
        None,
    ]


def test_control_characters_no_spreadsheet_holds_are_dropped_and_the_xlsx_opens():
    title = "Jalan\x0b rusak\x00 di\x1f Sipirok\tlagi"
    data = tablib.Dataset(headers=["Judul"], title="Aspirasi")
    data.append([title])
    response = export_response(data, fmt="xlsx", filename="aspirasi")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Jalan rusak di Sipirok\tlagi"


def test_an_escaped_cell_reads_back_as_it_was():
    for value in ["=1+1", "+62 812", "-5", "@SUM(A1)", "Medan", "'kutipan", 7, None]:
        assert unescape_cell(safe_cell(value)) == value
    assert safe_cell(safe_cell("=1+1")) == "'=1+1"


def test_a_sheet_is_always_named_and_in_a_name_a_spreadsheet_takes():
    untitled = tablib.Dataset(headers=["Kode"])
    with pytest.raises(ValueError, match="title"):
        export_response(untitled, fmt="xlsx", filename="x")  # else its tab says "Tablib Dataset"
    assert sheet_title("peserta [PLT/2025]: *baru*?") == "Peserta -PLT-2025-- -baru--"
    assert sheet_title("kerja sama " * 5) == "Kerja sama kerja sama kerja sam"  # 31 characters
    long = tablib.Dataset(headers=["Kode"], title="Peserta: Sertifikasi Juru Las SMAW Angkatan 3")
    response = export_response(long, fmt="xlsx", filename="peserta")
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames == [
        "Peserta- Sertifikasi Juru Las S"
    ]
