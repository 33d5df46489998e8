import io

import xlsxwriter

from odoo import http
from odoo.http import content_disposition, request

from ..tools import xlsx_layout


def import_template_response(wizard, sheet_name, wide_columns, filename):
    """An import template (XLSX) of ``wizard``: its column titles in the user's language and
    an example row; the columns of ``wide_columns`` get more room."""
    columns = wizard.get_template_columns()
    example = wizard._get_template_example()
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(sheet_name)
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                              "text_wrap": True, "valign": "vcenter"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_row(0, 36)
    for col, (key, label) in enumerate(columns):
        sheet.write(0, col, label, header)
        sheet.write(1, col, example.get(key, ""), wrap)
        sheet.set_column(col, col, 28 if key in wide_columns else 14)
    sheet.freeze_panes(1, 0)
    book.close()
    return request.make_response(
        output.getvalue(),
        headers=[
            ("Content-Type", xlsx_layout.MIMETYPE),
            ("Content-Disposition", content_disposition(filename)),
        ],
    )


class DawaApprovalController(http.Controller):
    @http.route("/dawa/approval/item/template.xlsx", type="http", auth="user")
    def item_import_template(self):
        """The catalogue import template, headers in the user's language."""
        return import_template_response(
            request.env["dawa.approval.item.import"], request.env._("Items"),
            ("name", "legal_basis", "materials"),
            request.env._("approval_item_template.xlsx"))
