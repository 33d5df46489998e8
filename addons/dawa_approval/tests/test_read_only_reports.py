import json

from odoo.tests import HttpCase, tagged

from ..controllers.export import DawaApprovalExportController
from ..tools import xlsx_layout
from .common import DawaCaseCommon


@tagged("post_install", "-at_install")
class TestReadOnlyReports(DawaCaseCommon, HttpCase):
    """The dashboard, the statistics and the case export run in read-only transactions (on
    the PostgreSQL replica when ``db_replica_host`` is set): called as the web client calls
    them, they are served by the read-only cursor (the test server's cursor refuses writes
    then) without Odoo falling back to a read/write transaction, which it logs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._create_case(applicant_name="Replica Reader Co")
        cls.case.action_provide_all_materials()
        cls.case.with_user(cls.clerk).action_accept()

    def test_routes_and_methods_are_read_only(self):
        Case = self.env["dawa.approval.case"]
        self.assertTrue(getattr(type(Case).get_dashboard_data, "_readonly", False))
        controller = DawaApprovalExportController
        for route in (controller.export_cases, controller.export_statistics):
            self.assertIs(route.original_routing["readonly"], True, route.__name__)

    def test_reports_need_no_write(self):
        self.authenticate("test_manager", "test_manager")
        with self.assertNoLogs("odoo.http", level="WARNING"):
            dashboard = self.make_jsonrpc_request(
                "/web/dataset/call_kw/dawa.approval.case/get_dashboard_data",
                {"model": "dawa.approval.case", "method": "get_dashboard_data", "args": [],
                 "kwargs": {}})
            cases = self.url_open("/dawa/approval/export/cases?domain="
                                  + json.dumps([["id", "=", self.case.id]]))
            statistics = self.url_open(
                "/dawa/approval/export/statistics?date_from=2025-01-01&date_to=2030-12-31")
        counts = {state["key"]: state["count"] for state in dashboard["states"]}
        self.assertEqual(counts.get("accepted"), 1)
        for response in (cases, statistics):
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.headers["Content-Type"], xlsx_layout.MIMETYPE)
