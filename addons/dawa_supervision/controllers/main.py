import io

import xlsxwriter
from werkzeug.exceptions import BadRequest

from odoo import fields, http
from odoo.http import content_disposition, request

from odoo.addons.dawa_approval.controllers.export import DawaApprovalExportController
from odoo.addons.dawa_approval.tools import xlsx_layout


class DawaSupervisionController(DawaApprovalExportController):
    """Downloads of supervision: the catalogue import template and the statistics (XLSX,
    written in constant memory to a temporary file, then streamed; see the parent)."""

    @http.route("/dawa/supervision/catalog/template.xlsx", type="http", auth="user")
    def catalog_import_template(self):
        """The supervision catalogue import template, headers in the user's language."""
        wizard = request.env["dawa.supervision.catalog.import"]
        columns = wizard.get_template_columns()
        example = wizard._get_template_example()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(request.env._("Supervision Catalogue"))
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                  "text_wrap": True, "valign": "vcenter"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        sheet.set_row(0, 36)
        for col, (key, label) in enumerate(columns):
            sheet.write(0, col, label, header)
            sheet.write(1, col, example.get(key, ""), wrap)
            sheet.set_column(col, col, 28 if key in ("item_name", "check_object", "basis") else 14)
        sheet.freeze_panes(1, 0)
        book.close()
        return request.make_response(
            output.getvalue(),
            headers=[
                ("Content-Type", xlsx_layout.MIMETYPE),
                ("Content-Disposition", content_disposition(
                    request.env._("supervision_catalogue_template.xlsx"))),
            ],
        )

    @http.route("/dawa/supervision/export/statistics", type="http", auth="user",
                methods=["GET"])
    def export_supervision_statistics(self, date_from=None, date_to=None):
        try:
            date_from = fields.Date.to_date(date_from)
            date_to = fields.Date.to_date(date_to)
        except ValueError as error:
            raise BadRequest("date") from error
        if not date_from or not date_to:
            raise BadRequest("date")
        Report = request.env["dawa.supervision.report"]
        return self._send(
            lambda handle: Report._write_statistics_xlsx(handle, date_from, date_to),
            request.env._("supervision_statistics_%(date_from)s_%(date_to)s.xlsx",
                          date_from=date_from, date_to=date_to))
