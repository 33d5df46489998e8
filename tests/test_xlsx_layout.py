"""Sheet layout of the XLSX reports (dawa_approval/tools/xlsx_layout.py), checked by reading
the written files back with openpyxl."""

from datetime import date, datetime

import openpyxl
import pytest
from tools import xlsx_layout
from tools.xlsx_layout import Column

COLUMNS = [
    Column("申请编号", 18),
    Column("Received", 11, "date"),
    Column("Month", 9, "month"),
    Column("Count", 8, "int"),
    Column("Average", 8, "float"),
    Column("On-time Rate", 10, "percent"),
]


def _write(tmp_path, rows, columns=COLUMNS, name="办件"):
    path = tmp_path / "out.xlsx"
    book = xlsx_layout.open_workbook(str(path))
    count = xlsx_layout.write_sheet(book, name, columns, iter(rows))
    book.close()
    return path, count


def test_headers_values_and_formats(tmp_path):
    rows = [
        ["DW202603000001", date(2026, 3, 2), date(2026, 3, 1), 3, 2.5, 0.75],
        ["=HYPERLINK(\"x\")", None, False, 0, None, ""],
    ]
    path, count = _write(tmp_path, rows)
    assert count == 2
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "办件"
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert sheet["A1"].font.bold
    first = [c.value for c in sheet[2]]
    assert first == ["DW202603000001", datetime(2026, 3, 2), datetime(2026, 3, 1), 3, 2.5, 0.75]
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].number_format == "yyyy-mm"
    assert sheet["F2"].number_format == "0.0%"
    # text is never turned into a formula; empty values leave empty cells, zero stays zero
    second = [c.value for c in sheet[3]]
    assert second == ["=HYPERLINK(\"x\")", None, None, 0, None, None]
    assert sheet["A3"].data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == pytest.approx(18, abs=1)


def test_bold_total_row(tmp_path):
    path = tmp_path / "total.xlsx"
    book = xlsx_layout.open_workbook(str(path))
    writer = xlsx_layout.SheetWriter(book, "Totals", COLUMNS)
    writer.write_row(["合计", None, None, 7, 1.0, 1.0], bold=True)
    book.close()
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A2"].value == "合计"
    assert sheet["A2"].font.bold and sheet["D2"].font.bold


def test_row_length_is_checked(tmp_path):
    book = xlsx_layout.open_workbook(str(tmp_path / "bad.xlsx"))
    writer = xlsx_layout.SheetWriter(book, "x", COLUMNS)
    with pytest.raises(ValueError):
        writer.write_row(["too", "short"])
    book.close()


def test_unknown_kind():
    with pytest.raises(ValueError):
        Column("x", kind="money")


@pytest.mark.parametrize("name,expected", [
    ("按事项统计", "按事项统计"),
    ("a/b:c[d]", "a b c d"),
    ("", "Sheet"),
    ("x" * 40, "x" * 31),
])
def test_sheet_name(name, expected):
    assert xlsx_layout.sheet_name(name) == expected


def test_constant_memory_to_file_object(tmp_path):
    path = tmp_path / "stream.xlsx"
    with open(path, "w+b") as handle:
        book = xlsx_layout.open_workbook(handle)
        rows = ([f"row {i}", None, None, i, None, None] for i in range(5000))
        assert xlsx_layout.write_sheet(book, "big", COLUMNS, rows) == 5000
        book.close()
    sheet = openpyxl.load_workbook(path, read_only=True).active
    values = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == list(range(5000))
