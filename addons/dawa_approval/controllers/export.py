import json
import tempfile

from werkzeug.exceptions import BadRequest
from werkzeug.wsgi import wrap_file

from odoo import fields, http
from odoo.http import content_disposition, request

from ..tools import xlsx_layout


class DawaApprovalExportController(http.Controller):
    """XLSX downloads of the cases.

    The workbook is written (constant memory) to an anonymous temporary file before the
    response starts, so an access error is still a clean 403; the file is then streamed to
    the browser in chunks and disappears when the response is closed. Every record is read
    through the ORM as the logged-in user (access rights and record rules apply); nothing
    is stored as an attachment. The routes are read-only (``readonly=True``): they run in a
    read-only transaction, on the PostgreSQL replica when ``db_replica_host`` is set.
    """

    @http.route("/dawa/approval/export/cases", type="http", auth="user", methods=["GET"],
                readonly=True)
    def export_cases(self, domain="[]"):
        try:
            domain = json.loads(domain)
        except ValueError as error:
            raise BadRequest("domain") from error
        if not isinstance(domain, list):
            raise BadRequest("domain")
        Case = request.env["dawa.approval.case"]
        return self._send(
            lambda handle: Case._write_cases_xlsx(handle, domain),
            request.env._("cases_%(date)s.xlsx", date=fields.Date.context_today(Case)))

    @http.route("/dawa/approval/export/statistics", type="http", auth="user", methods=["GET"],
                readonly=True)
    def export_statistics(self, date_from=None, date_to=None):
        date_from, date_to = self._parse_period(date_from, date_to)
        Case = request.env["dawa.approval.case"]
        return self._send(
            lambda handle: Case._write_statistics_xlsx(handle, date_from, date_to),
            request.env._("case_statistics_%(date_from)s_%(date_to)s.xlsx",
                          date_from=date_from, date_to=date_to))

    @staticmethod
    def _parse_period(date_from, date_to):
        """The period of a statistics download (two ISO dates of the query string)."""
        try:
            date_from = fields.Date.to_date(date_from)
            date_to = fields.Date.to_date(date_to)
        except ValueError as error:
            raise BadRequest("date") from error
        if not date_from or not date_to:
            raise BadRequest("date")
        return date_from, date_to

    def _send(self, write, filename):
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the response)
        try:
            write(handle)
            size = handle.tell()
            handle.seek(0)
        except Exception:
            handle.close()
            raise
        response = request.make_response(
            wrap_file(request.httprequest.environ, handle),
            headers=[
                ("Content-Type", xlsx_layout.MIMETYPE),
                ("Content-Length", str(size)),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
        response.direct_passthrough = True
        return response
