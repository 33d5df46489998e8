from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DawaCaseCommon

BACK = {"dawa_demo_workdays_ago": 40}


@tagged("post_install", "-at_install")
class TestDemoClock(DawaCaseCommon):
    """The demonstration clock (``dawa.holiday._bureau_today``) moves the bureau's today back
    only while the registry loads modules; the history builder runs only then."""

    def test_clock_is_ignored_outside_module_loading(self):
        Holiday = self.env["dawa.holiday"]
        today = Holiday._bureau_today()
        self.assertFalse(self.registry._init)
        self.assertEqual(Holiday.with_context(**BACK)._bureau_today(), today)
        self.assertEqual(Holiday.with_user(self.clerk).with_context(**BACK)._bureau_today(),
                         today)
        self.assertEqual(
            Holiday._bureau_date(Holiday.with_context(**BACK)._bureau_now()), today)

    def test_clock_while_loading_goes_back_working_days(self):
        Holiday = self.env["dawa.holiday"]
        today = Holiday._bureau_today()
        calendar = Holiday._get_work_calendar()
        with patch.object(self.registry, "_init", True):
            back = Holiday.with_context(**BACK)._bureau_today()
            now = Holiday.with_context(**BACK)._bureau_now()
            with self.assertRaises(ValidationError):
                Holiday.with_context(dawa_demo_workdays_ago="40")._bureau_today()
        self.assertEqual(back, calendar.before(today, 40))
        self.assertEqual(calendar.count(back, today), 40 - (not calendar.is_workday(today)))
        self.assertEqual(Holiday._bureau_date(now), back)

    def test_case_steps_outside_module_loading_are_today(self):
        case = self._provide_all(self._create_case().with_context(**BACK))
        today = self.env["dawa.holiday"]._bureau_today()
        self.assertEqual(case.received_date, today)
        case.with_user(self.clerk).with_context(**BACK).action_accept()
        self.assertEqual((case.accepted_date, case.clock_start_date), (today, today))

    def test_history_builder_refuses_outside_module_loading(self):
        with self.assertRaises(UserError):
            self.env["dawa.demo.history"]._build_case_history(2)
        with self.assertRaises(UserError):
            self.env["dawa.demo.history"].with_user(self.manager)._build_case_history(2)
        self.assertFalse(self.env["dawa.approval.case"].search(
            [("received_date", "<", self.env["dawa.holiday"]._bureau_today())]))


@tagged("post_install", "-at_install")
class TestDemoClockOverJsonRpc(DawaCaseCommon, HttpCase):
    """An attacker who knows the demonstration clock's key sends it with his calls: the
    server's today stays today (the legal dates cannot be back-dated over RPC), and the
    history builder is not callable."""

    def _call(self, login, model, method, args, context=None):
        self.authenticate(login, login)
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": model, "method": method, "args": args,
                "kwargs": {"context": {"tracking_disable": True, "lang": "en_US",
                                       **(context or {})}},
            })

    def test_back_dating_over_rpc_is_ignored(self):
        today = self.env["dawa.holiday"]._bureau_today()
        case_id = self._call("test_clerk", "dawa.approval.case", "create", [{
            "applicant_type": "organization",
            "applicant_name": "Back-dating Co",
            "applicant_id_number": "91211100MA0YJ1C45H",
            "applicant_phone": "13812345678",
            "line_ids": [[0, 0, {"item_id": self.item.id, "sequence": 0}]],
        }], context=BACK)
        case = self.env["dawa.approval.case"].browse(case_id)
        self.assertEqual(case.received_date, today)
        self._provide_all(case)
        self._call("test_clerk", "dawa.approval.case", "action_accept", [[case_id]],
                   context=BACK)
        self._call("test_reviewer", "dawa.approval.case", "action_start_review", [[case_id]],
                   context=BACK)
        case.invalidate_recordset()
        self.assertEqual(
            (case.state, case.received_date, case.accepted_date, case.clock_start_date,
             case.review_date), ("review", today, today, today, today))

    def test_history_builder_is_not_callable_over_rpc(self):
        with self.assertRaises(Exception) as caught:
            self._call("test_manager", "dawa.demo.history", "_build_case_history", [2],
                       context=BACK)
        # Odoo refuses a private method over RPC (AccessError)
        self.assertIn("AccessError", str(caught.exception))
        self.assertFalse(self.env["dawa.approval.case"].search([]).filtered(
            lambda case: case.received_date < self.env["dawa.holiday"]._bureau_today()))
