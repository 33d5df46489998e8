"""Sheet layout of the XLSX reports: header row, column widths, cell formats, dates.

No Odoo import: the callers translate the headers and read the data, this module only writes
rows, one at a time, into an xlsxwriter workbook opened in ``constant_memory`` mode (each row
goes to a temporary file as soon as it is written; nothing accumulates in memory).
"""

import re
from dataclasses import dataclass

import xlsxwriter

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    # Text stays text: an applicant name starting with "=" must never become a formula.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
KINDS = ("text", "int", "float", "percent", "date", "month")
NUM_FORMATS = {
    "int": "0",
    "float": "0.0",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "month": "yyyy-mm",
}
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
FONT = "宋体"  # SimSun: Chinese text renders in every office suite


@dataclass(frozen=True)
class Column:
    """One column: its (already translated) header, width in characters and kind of value."""

    header: str
    width: int = 12
    kind: str = "text"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def open_workbook(target):
    """A workbook writing to ``target`` (a path or a binary file object) in constant memory."""
    return xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)


def sheet_name(name):
    """``name`` made acceptable as a worksheet name (no []:*?/\\, at most 31 characters)."""
    cleaned = SHEET_NAME_FORBIDDEN.sub(" ", name or "").strip().strip("'")
    return (cleaned or "Sheet")[:SHEET_NAME_MAX]


class SheetWriter:
    """Writes one worksheet row by row: a bold header row (frozen), then the data rows, each
    cell written with the format of its column's kind; ``None`` and ``False`` stay empty."""

    def __init__(self, workbook, name, columns, formats=None):
        self.columns = list(columns)
        self.sheet = workbook.add_worksheet(sheet_name(name))
        self.formats = formats if formats is not None else make_formats(workbook)
        self.row = 0
        for index, column in enumerate(self.columns):
            self.sheet.set_column(index, index, column.width, self.formats[column.kind])
        self.sheet.freeze_panes(1, 0)
        self.sheet.set_row(0, 22)
        for index, column in enumerate(self.columns):
            self.sheet.write_string(0, index, column.header, self.formats["header"])
        self.row = 1

    def write_row(self, values, bold=False):
        """Write ``values`` (one per column) on the next row."""
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        sheet, row = self.sheet, self.row
        suffix = "_bold" if bold else ""
        for index, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            if value is None or value is False or value == "":
                if bold:
                    sheet.write_blank(row, index, None, self.formats["text_bold"])
                continue
            cell_format = self.formats[column.kind + suffix]
            if column.kind in ("date", "month"):
                sheet.write_datetime(row, index, value, cell_format)
            elif column.kind == "text":
                sheet.write_string(row, index, str(value), cell_format)
            else:
                sheet.write_number(row, index, value, cell_format)
        self.row += 1

    @property
    def data_rows(self):
        return self.row - 1


def make_formats(workbook):
    """The cell formats of every column kind (plain and bold) and of the header row, created
    once per workbook."""
    base = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
    formats = {"header": workbook.add_format({
        **base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
        "align": "center"})}
    for kind in KINDS:
        spec = dict(base)
        if kind in NUM_FORMATS:
            spec["num_format"] = NUM_FORMATS[kind]
        formats[kind] = workbook.add_format(spec)
        formats[kind + "_bold"] = workbook.add_format({**spec, "bold": True, "top": 1})
    return formats


def write_sheet(workbook, name, columns, rows, formats=None):
    """Write ``rows`` (any iterable, consumed lazily) on a new sheet; return the row count."""
    writer = SheetWriter(workbook, name, columns, formats)
    for values in rows:
        writer.write_row(values)
    return writer.data_rows
