from odoo import http
from odoo.http import request

from odoo.addons.dawa_approval.controllers.export import DawaApprovalExportController


class DawaStaffExportController(http.Controller):
    """XLSX of a period's results for the home units, written as the logged-in user (only HR
    officers read the periods) and streamed the way the case exports are."""

    # the approval export's streaming of a temporary file, one implementation for both
    _send = DawaApprovalExportController._send

    @http.route("/dawa/staff/export/period/<int:period_id>", type="http", auth="user",
                methods=["GET"], readonly=True)
    def export_period(self, period_id):
        period = request.env["dawa.staff.evaluation.period"].browse(period_id).exists()
        if not period:
            raise request.not_found()
        period.check_access("read")
        return self._send(
            period._write_results_xlsx,
            request.env._("evaluation_results_%(period)s.xlsx", period=period.name))
