import base64
import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DawaCaseCommon

ID_NUMBER = "91211100MA0YJ1C45H"
PHONE = "13812345678"
SCAN = b"%PDF-1.4 identity card scan"


@tagged("post_install", "-at_install")
class TestPersonalDataPaths(DawaCaseCommon, HttpCase):
    """The applicant's ID number, phone, files, query code and QR code reach the case's
    handler, reviewer and approver and the managers only, by every path an attacker with a
    login tried over JSON-RPC and HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_clerk = new_test_user(
            cls.env, login="test_other_clerk", groups="dawa_approval.group_window_clerk",
            name="Other Clerk", dawa_agency_id=cls.bureau.id)
        cls.case = cls._create_case(applicant_id_number=ID_NUMBER, applicant_phone=PHONE)

    def _call(self, login, method, args, kwargs=None, model="dawa.approval.case"):
        self.authenticate(login, login)
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": model, "method": method, "args": args,
                "kwargs": {"context": {"lang": "en_US"}, **(kwargs or {})},
            })

    def assertRefused(self, exception_name, login, method, args, kwargs=None, **call):
        with self.assertRaises(JsonRpcException) as caught:
            self._call(login, method, args, kwargs, **call)
        self.assertEqual(str(caught.exception), exception_name)

    def test_onchange_naming_oneself_handler_returns_masked_values(self):
        for login in (self.seal_keeper.login, self.other_clerk.login):
            user = self.env["res.users"].search([("login", "=", login)])
            result = self._call(login, "onchange", [
                [self.case.id], {"user_id": user.id}, ["user_id"],
                {"applicant_id_number": {}, "applicant_phone": {}, "applicant_query_code": {},
                 "can_see_personal_data": {}}])
            dumped = json.dumps(result)
            self.assertNotIn(ID_NUMBER, dumped, login)
            self.assertNotIn(PHONE, dumped, login)
            self.assertNotIn(self.case.sudo().query_code, dumped, login)

    def test_search_oracle_refused(self):
        login = self.other_clerk.login
        candidates = [f"138123456{n:02d}" for n in range(70, 80)]
        # candidates OR'ed in one search
        domain = ["|"] * (len(candidates) - 1) + [
            ("applicant_phone", "=", candidate) for candidate in candidates]
        self.assertRefused("odoo.exceptions.UserError", login, "search_count",
                           [[("id", "=", self.case.id), *domain]])
        # a negated guess, and a guess OR'ed with the case itself
        self.assertRefused("odoo.exceptions.UserError", login, "search_count",
                           [[("id", "=", self.case.id), "!", ("applicant_phone", "=", PHONE)]])
        self.assertRefused("odoo.exceptions.UserError", login, "search_read",
                           [["|", ("applicant_id_number", "=", ID_NUMBER), ("id", "=", 0)]])
        # two leaves, even AND'ed
        self.assertRefused("odoo.exceptions.UserError", login, "search_count", [[
            ("applicant_phone", "=", PHONE), ("applicant_id_number", "=", ID_NUMBER)]])
        self.assertFalse(self.env["dawa.personal.search"].search(
            [("user_id", "=", self.other_clerk.id)]))
        # one whole number is a lookup: allowed, kept for the audit, limited
        self.env["ir.config_parameter"].set_param("dawa_approval.personal_search_limit", 3)
        for _try in range(3):
            self.assertEqual(self._call(login, "search_count", [
                [("applicant_phone", "=", PHONE)]]), 1)
        log = self.env["dawa.personal.search"].search([("user_id", "=", self.other_clerk.id)])
        self.assertEqual(len(log), 3)
        self.assertEqual(set(log.mapped("field_name")), {"applicant_phone_raw"})
        self.assertRefused("odoo.exceptions.UserError", login, "search_count",
                           [[("applicant_phone", "=", PHONE)]])
        # other users are not held back by him; nobody rewrites or deletes the log
        self.assertEqual(self._call(self.clerk.login, "search_count", [
            [("applicant_id_number", "=", ID_NUMBER)]]), 1)
        for method, args in (("unlink", [log.ids]),
                             ("write", [log.ids, {"field_name": "applicant_id_number_raw"}])):
            self.assertRefused("odoo.exceptions.UserError", self.manager.login, method, args,
                               model="dawa.personal.search")
        with self.assertRaises(UserError):
            log.unlink()
        self.assertEqual(len(log.exists()), 3)

    def test_handler_changes_only_through_the_action(self):
        login = self.other_clerk.login
        for context in ({}, {"tracking_disable": True}):
            self.assertRefused("odoo.exceptions.UserError", login, "write",
                               [[self.case.id], {"user_id": self.other_clerk.id}],
                               {"context": context})
        self.assertEqual(self.case.user_id, self.clerk)
        # the other clerk names himself and presses the button: refused
        self._call(login, "write", [[self.case.id], {"new_user_id": self.other_clerk.id}])
        self.assertRefused("odoo.exceptions.UserError", login, "action_change_handler",
                           [[self.case.id]])
        self.assertEqual(self.case.user_id, self.clerk)
        # the handler hands it over: tracked in the chatter
        self._call(self.clerk.login, "action_change_handler", [[self.case.id]])
        self.assertEqual(self.case.user_id, self.other_clerk)
        self.assertFalse(self.case.new_user_id)
        tracked = self.case.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "user_id")
        self.assertEqual(tracked[:1].new_value_integer, self.other_clerk.id)
        # a manager hands it back; the former handler no longer sees the raw data
        self.case.with_user(self.manager).new_user_id = self.clerk
        self.case.with_user(self.manager).action_change_handler()
        self.assertEqual(self.case.user_id, self.clerk)
        self.assertNotIn(PHONE, json.dumps(self._call(
            login, "read", [[self.case.id], ["applicant_phone"]])))

    def test_archived_case_created_by_a_manager_only(self):
        self.assertRefused("odoo.exceptions.UserError", self.clerk.login, "create", [{
            "applicant_name": "Hidden Co.", "active": False}])
        self.assertRefused("odoo.exceptions.UserError", self.clerk.login, "create", [{
            "applicant_name": "Hidden Co."}], {"context": {"default_active": False}})
        self.assertFalse(self.env["dawa.approval.case"].with_context(active_test=False).search(
            [("applicant_name", "=", "Hidden Co.")]))

    def test_handler_corrects_the_phone_of_his_received_case(self):
        self._call(self.clerk.login, "write", [[self.case.id], {"applicant_phone": "13900001111"}])
        self.assertEqual(self.case.sudo().applicant_phone_raw, "13900001111")
        self.assertRefused("odoo.exceptions.UserError", self.other_clerk.login, "write",
                           [[self.case.id], {"applicant_phone": "13900002222"}])
        self.assertEqual(self.case.sudo().applicant_phone_raw, "13900001111")

    def test_uploaded_files_follow_the_rule(self):
        material = self.case.material_ids[:1].sudo()
        material._store_uploads(
            {material: ("id-card.pdf", "application/pdf", base64.b64encode(SCAN))})
        read = self._call(self.clerk.login, "read", [material.ids, ["upload_data"]],
                          model=material._name)
        self.assertEqual(base64.b64decode(read[0]["upload_data"]), SCAN)
        url = f"/web/content/{material._name}/{material.id}/upload_data"
        self.assertEqual(self.url_open(url).content, SCAN)
        for login in (self.other_clerk.login, self.reviewer.login):
            read = self._call(login, "read", [material.ids, ["upload_data"]],
                              model=material._name)
            self.assertFalse(read[0]["upload_data"], login)
            self.assertNotIn(SCAN, self.url_open(url).content, login)
            # the stored file and its attachment are the managers'
            self.assertRefused("odoo.exceptions.AccessError", login, "read",
                               [material.ids, ["upload_file"]], model=material._name)
            attachment = self.env["ir.attachment"].search([
                ("res_model", "=", material._name), ("res_id", "=", material.id),
                ("res_field", "=", "upload_file")])
            self.assertTrue(attachment)
            self.assertNotIn(SCAN, self.url_open(f"/web/content/{attachment.id}").content)
        self.assertRefused("odoo.exceptions.AccessError", self.seal_keeper.login, "read",
                           [material.ids, ["upload_data"]], model=material._name)

    def test_query_code_and_qr_code_follow_the_rule(self):
        code = self.case.sudo().query_code
        read = self._call(self.clerk.login, "read", [[self.case.id], ["applicant_query_code"]])
        self.assertEqual(read[0]["applicant_query_code"], code)
        for login in (self.other_clerk.login, self.reviewer.login):
            read = self._call(login, "read", [[self.case.id], ["applicant_query_code"]])
            self.assertFalse(read[0]["applicant_query_code"])
            self.assertRefused("odoo.exceptions.AccessError", login, "read",
                               [[self.case.id], ["query_code"]])
        self._provide_all(self.case).action_accept()
        with self.assertRaises(AccessError):
            self.case.with_user(self.other_clerk)._check_document_printable("acceptance")
        # the handler prints the notice: its QR code is attached to the case's key, which
        # no reader of the case reads as an attachment
        self.case.with_user(self.clerk)._get_qr_image()
        qr = self.env["ir.attachment"].search([
            ("res_model", "=", self.case._name), ("res_id", "=", self.case.id),
            ("res_field", "=", "access_token")])
        self.assertTrue(qr)
        for login in (self.seal_keeper.login, self.other_clerk.login):
            self.assertFalse(self._call(login, "search_read", [
                [("res_model", "=", self.case._name), ("res_id", "=", self.case.id),
                 ("name", "=like", "qr-%")], ["name"]], model="ir.attachment"))
            self.assertNotIn(b"PNG", self.url_open(f"/web/content/{qr.id}").content)

    def test_approval_sheet_route_follows_the_report_groups(self):
        self._provide_all(self.case).with_user(self.clerk).action_accept()
        self._submit(self.case)
        for url in (f"/report/html/dawa_approval.report_case_approval_sheet/{self.case.id}",
                    f"/report/pdf/dawa_approval.report_case_approval_sheet/{self.case.id}"):
            self.authenticate(self.seal_keeper.login, self.seal_keeper.login)
            with mute_logger("odoo.http"):
                response = self.url_open(url)
            self.assertNotEqual(response.status_code, 200, url)
            self.assertNotIn(self.case.name.encode(), response.content, url)
        self.authenticate(self.reviewer.login, self.reviewer.login)
        response = self.url_open(
            f"/report/html/dawa_approval.report_case_approval_sheet/{self.case.id}")
        self.assertEqual(response.status_code, 200)
