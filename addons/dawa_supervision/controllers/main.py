from werkzeug.exceptions import BadRequest

from odoo import http
from odoo.http import request

from odoo.addons.dawa_approval.controllers.export import DawaApprovalExportController
from odoo.addons.dawa_approval.controllers.main import import_template_response


class DawaSupervisionController(DawaApprovalExportController):
    """Downloads of supervision: the catalogue import template and the statistics (XLSX,
    written in constant memory to a temporary file, then streamed; see the parent)."""

    @http.route("/dawa/supervision/catalog/template.xlsx", type="http", auth="user")
    def catalog_import_template(self):
        """The supervision catalogue import template, headers in the user's language."""
        return import_template_response(
            request.env["dawa.supervision.catalog.import"],
            request.env._("Supervision Catalogue"), ("item_name", "check_object", "basis"),
            request.env._("supervision_catalogue_template.xlsx"))

    @http.route("/dawa/supervision/export/statistics", type="http", auth="user",
                methods=["GET"], readonly=True)
    def export_supervision_statistics(self, date_from=None, date_to=None):
        date_from, date_to = self._parse_period(date_from, date_to)
        Report = request.env["dawa.supervision.report"]
        return self._send(
            lambda handle: Report._write_statistics_xlsx(handle, date_from, date_to),
            request.env._("supervision_statistics_%(date_from)s_%(date_to)s.xlsx",
                          date_from=date_from, date_to=date_to))

    @http.route("/dawa/supervision/export/assessment/<int:assessment_id>", type="http",
                auth="user", methods=["GET"])
    def export_assessment(self, assessment_id):
        """The yearly ranking of the departments (XLSX), for the bureau's leaders."""
        assessment = request.env["dawa.oversight.assessment"].browse(assessment_id).exists()
        if not assessment:
            raise BadRequest("assessment")
        assessment.check_access("read")
        return self._send(
            assessment._write_xlsx,
            request.env._("department_ranking_%(year)s.xlsx", year=assessment.year))
