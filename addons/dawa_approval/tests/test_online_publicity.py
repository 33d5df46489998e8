import csv
import io
import json
import re

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL, mute_logger

from odoo.addons.dawa_approval.controllers.online import COMPLAINT_LIMITER

from .test_online_application import CSRF_PATTERN, KEY_PATTERN, DawaOnlineCommon
from .test_public_case import DawaRatingCommon

CODE_PATTERN = re.compile(r'class="dw-value dw-code">([A-Z0-9]{8})<')
NUMBER_PATTERN = re.compile(r'class="dw-value dw-number">(TS\d+)<')


@tagged("post_install", "-at_install")
class TestPublicity(DawaOnlineCommon):
    """双公示: approvals published within 7 working days, persons masked, export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_case = cls._decided_case()
        cls.person_case = cls._decided_case(
            applicant_type="person", applicant_name="张三丰",
            applicant_id_number="211104199001011230", applicant_phone="13700001234")

    def test_approvals_are_published_with_their_deadline(self):
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in (self.company_case, self.person_case):
            self.assertEqual(case.publicity_deadline, calendar.add(case.decision_date, 7))
            self.assertEqual(case.published_date, case.decision_date)
            self.assertFalse(case.publicity_overdue)
        with self.assertRaises(UserError):
            self.company_case.with_user(self.manager).write({"published_date": False})

    def test_seal_keeper_path_is_tracked_until_published(self):
        self.electronic_seal.state = "suspended"
        with freeze_time("2026-09-25 04:00:00"):
            case = self._decided_case(applicant_name="Panjin Waiting Co., Ltd.")
            self.assertFalse(case.sealed)
            calendar = self.env["dawa.holiday"]._get_work_calendar()
            self.assertEqual(case.publicity_deadline, calendar.add(case.decision_date, 7))
            self.assertFalse(case.published_date)
        with freeze_time("2026-10-21 04:00:00"):
            case.invalidate_recordset(["publicity_overdue"])
            self.assertTrue(case.publicity_overdue)
            self.assertIn(case, self.env["dawa.approval.case"].search(
                [("publicity_overdue", "=", True)]))
            # the daily reminder goes to the seal keepers, once
            publicity = self.env.ref("dawa_approval.mail_activity_type_publicity")
            for _day in range(2):
                self.env["dawa.approval.case"]._cron_publicity_overdue()
            reminders = case.activity_ids.filtered(lambda a: a.activity_type_id == publicity)
            self.assertIn(self.seal_keeper, reminders.user_id)
            self.assertEqual(len(reminders), len(reminders.user_id))
            self.assertEqual(reminders[0].date_deadline, case.publicity_deadline)
            case.with_user(self.seal_keeper).action_seal()
            self.assertFalse(case.activity_ids.filtered(
                lambda a: a.activity_type_id == publicity))
            # the clerk's step (deliver) is left alone
            step = self.env.ref("dawa_approval.mail_activity_type_case_deliver")
            self.assertEqual(case.activity_ids.filtered(
                lambda a: a.activity_type_id == step).user_id, self.clerk)
            self.assertEqual(str(case.published_date), "2026-10-21")
            case.invalidate_recordset(["publicity_overdue"])
            self.assertFalse(case.publicity_overdue)

    def test_public_list_masks_persons_and_shows_organisations(self):
        response = self.url_open("/dawa/publicity")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn('name="viewport"', html)
        self.assertIn(self.company_case.applicant_name, html)
        self.assertIn("91211100MA0YJ1C45H", html)
        self.assertIn(self.company_case.decision_ref, html)
        self.assertIn("张**", html)
        self.assertNotIn("张三丰", html)
        for secret in ("211104199001011230", "13700001234", "13812345678",
                       self.company_case.name, self.company_case.sudo().query_code):
            self.assertNotIn(secret, html)

    def test_search_and_undecided_cases(self):
        open_case = self._create_case(applicant_name="Panjin Pending Co., Ltd.")
        html = self.url_open("/dawa/publicity?q=Pending").text
        self.assertNotIn(open_case.applicant_name, html)
        # a natural person is never found by a part of his name, which the list masks...
        for search in ("张三", "三丰", "张"):
            html = self.url_open(f"/dawa/publicity?q={search}").text
            self.assertNotIn("张**", html, search)
            self.assertNotIn(self.company_case.applicant_name, html)
        # ...but by his whole name with his identity card number, or by the decision number
        for search in ("张三丰 211104199001011230", self.person_case.decision_ref):
            html = self.url_open(f"/dawa/publicity?q={search}").text
            self.assertIn("张**", html, search)
        # an organisation by its name or its credit code
        for search in ("Jianye", "91211100MA0YJ1C45H"):
            self.assertIn(self.company_case.applicant_name,
                          self.url_open(f"/dawa/publicity?q={search}").text, search)
        html = self.url_open("/dawa/publicity?q=%25%27%22%3C").text
        self.assertNotIn(self.company_case.applicant_name, html)

    def test_withdrawn_after_the_publicity_period(self):
        self.env.cr.execute(SQL(
            "UPDATE dawa_approval_case SET decision_date = decision_date - INTERVAL '4 years' "
            "WHERE id = %s", self.person_case.id))
        self.env.invalidate_all()
        html = self.url_open("/dawa/publicity").text
        self.assertNotIn("张**", html)
        self.assertIn(self.company_case.applicant_name, html)

    def test_export_in_the_national_field_names(self):
        response = self.url_open("/dawa/publicity/export.csv", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
        self.authenticate("test_employee", "test_employee")
        self.assertEqual(self.url_open("/dawa/publicity/export.csv").status_code, 404)
        self.authenticate("test_clerk", "test_clerk")
        response = self.url_open("/dawa/publicity/export.json")
        self.assertEqual(response.status_code, 200)
        records = json.loads(response.content)
        by_ref = {record["行政许可决定文书号"]: record for record in records}
        company = by_ref[self.company_case.decision_ref]
        self.assertEqual(company["行政相对人名称"], self.company_case.applicant_name)
        self.assertEqual(company["统一社会信用代码"], "91211100MA0YJ1C45H")
        self.assertEqual(company["许可决定日期"], str(self.company_case.decision_date))
        self.assertEqual(company["当前状态"], "1")
        person = by_ref[self.person_case.decision_ref]
        self.assertEqual(person["行政相对人名称"], "张**")
        self.assertEqual(person["统一社会信用代码"], "")
        for name in ("许可内容", "有效期自", "有效期至", "许可机关"):
            self.assertIn(name, company)
        response = self.url_open("/dawa/publicity/export.csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0][:3], ["行政相对人名称", "行政相对人类别", "统一社会信用代码"])
        self.assertEqual(len(rows), len(records) + 1)


@tagged("post_install", "-at_install")
class TestComplaint(DawaOnlineCommon):
    """投诉 from the public form to the leader's answer."""

    def _complain(self, form=None, **values):
        if form is None:
            page = self.url_open("/dawa/complaint").text
            form = (CSRF_PATTERN.search(page).group(1), KEY_PATTERN.search(page).group(1))
        data = {"csrf_token": form[0], "form_key": form[1], "subject": "conduct",
                "name": "李四", "phone": "13600002222",
                "content": "The window was closed at 15:00 on a working day.", **values}
        return self.url_open("/dawa/complaint", data=data)

    def _query(self, number, code):
        page = self.url_open("/dawa/complaint/query").text
        return self.url_open("/dawa/complaint/query", data={
            "csrf_token": CSRF_PATTERN.search(page).group(1), "number": number, "code": code})

    def test_complaint_is_answered_and_read_back_with_its_code(self):
        response = self._complain()
        self.assertEqual(response.status_code, 200, response.text[:500])
        number = NUMBER_PATTERN.search(response.text).group(1)
        code = CODE_PATTERN.search(response.text).group(1)
        complaint = self.env["dawa.complaint"].search([("name", "=", number)])
        self.assertEqual(complaint.state, "open")
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        self.assertEqual(complaint.deadline, calendar.add(complaint.received_date, 5))
        self.assertTrue(complaint.user_id.has_group("dawa_approval.group_manager"))
        self.assertEqual(complaint.user_id, self.manager)
        self.assertTrue(complaint.activity_ids.filtered(
            lambda a: a.user_id == self.manager and a.date_deadline == complaint.deadline))
        # not answered yet
        self.assertIn("has not answered yet", self._query(number, code).text)
        # the leader answers
        leader = complaint.with_user(self.manager)
        with self.assertRaisesText(UserError, "Write the answer"):
            leader.action_answer()
        leader.answer = "We apologise: the window now stays open until 17:00."
        leader.action_answer()
        self.assertEqual(complaint.state, "answered")
        self.assertFalse(complaint.activity_ids)
        with self.assertRaises(UserError):
            leader.answer = "Changed afterwards"
        page = self._query(number, code.lower())
        self.assertEqual(page.status_code, 200)
        self.assertIn("open until 17:00", page.text)
        # a wrong code shows nothing
        page = self._query(number, "K7MP3XWA")
        self.assertEqual(page.status_code, 400)
        self.assertNotIn("open until 17:00", page.text)
        self.assertNotIn("李四", page.text)

    def test_complaint_keeps_the_complainants_words(self):
        self.assertEqual(self._complain().status_code, 200)
        complaint = self.env["dawa.complaint"].search([])
        self.authenticate(self.manager.login, self.manager.login)
        for vals in ({"content": "Everything was fine."}, {"complainant_name": "王五"},
                     {"subject": "case"}):
            with self.subTest(vals=vals), mute_logger("odoo.http"), \
                    self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request("/web/dataset/call_kw", {
                    "model": "dawa.complaint", "method": "write",
                    "args": [complaint.ids, vals], "kwargs": {}})
        self.assertEqual((complaint.content, complaint.complainant_name, complaint.subject),
                         ("The window was closed at 15:00 on a working day.", "李四", "conduct"))
        complaint.with_user(self.manager).answer = "We apologise."
        self.assertEqual(complaint.answer, "We apologise.")

    def test_complaint_about_a_case_needs_its_number_and_code(self):
        case = self._create_case()
        response = self._complain(subject="case", number=case.name, code="K7MP3XWA")
        self.assertEqual(response.status_code, 400)
        self.assertIn("No application matches", response.text)
        self.assertFalse(self.env["dawa.complaint"].search([]))
        response = self._complain(subject="case", number=case.name,
                                  code=case.sudo().query_code)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.env["dawa.complaint"].search([]).case_id, case)

    def test_replayed_and_flooded_complaints(self):
        page = self.url_open("/dawa/complaint").text
        form = (CSRF_PATTERN.search(page).group(1), KEY_PATTERN.search(page).group(1))
        self.assertEqual(self._complain(form).status_code, 200)
        response = self._complain(form)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.env["dawa.complaint"].search_count([]), 1)
        for _attempt in range(COMPLAINT_LIMITER.limit):
            self._complain(content="")
        response = self._complain()
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many complaints", response.text)
        self.assertEqual(self.env["dawa.complaint"].search_count([]), 1)

    def test_deadline_setting_overdue_flag_and_access(self):
        self.env["ir.config_parameter"].set_param("dawa_approval.complaint_days", "3")
        with freeze_time("2026-09-29 02:00:00"):
            complaint = self.env["dawa.complaint"].sudo().create({
                "complainant_name": "王五", "content": "Nobody answered the phone."})
            self.assertEqual(str(complaint.deadline), "2026-10-09")
            self.assertFalse(complaint.is_overdue)
        with freeze_time("2026-10-12 02:00:00"):
            complaint.invalidate_recordset(["is_overdue"])
            self.assertTrue(complaint.is_overdue)
            self.assertEqual(self.env["dawa.complaint"].search([("is_overdue", "=", True)]),
                             complaint)
        for user in (self.clerk, self.approver, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                complaint.with_user(user).read(["content"])
        with self.assertRaises(UserError):
            complaint.with_user(self.manager).write({"deadline": "2026-12-31"})
        with self.assertRaises(AccessError):
            complaint.with_user(self.manager).read(["online_form_key"])

    def test_monthly_figures_on_the_dashboard(self):
        Complaint = self.env["dawa.complaint"].sudo()
        with freeze_time("2026-09-02 02:00:00"):
            answered = Complaint.create({"complainant_name": "A", "content": "x"})
            Complaint.create({"complainant_name": "B", "content": "y"})
            answered.answer = "Done"
            answered.with_user(self.manager).action_answer()
        with freeze_time("2026-10-20 02:00:00"):
            Complaint.create({"complainant_name": "C", "content": "z"})
            figures = self.env["dawa.complaint"].with_user(self.manager).get_dashboard_figures()
            with self.assertRaises(AccessError):
                self.env["dawa.complaint"].with_user(self.approver).get_dashboard_figures()
        rows = {row["label"]: row for row in figures}
        self.assertEqual(rows["2026-09"]["received"], 2)
        self.assertEqual(rows["2026-09"]["answered"], 1)
        self.assertEqual(rows["2026-09"]["on_time"], 1)
        self.assertEqual(rows["2026-09"]["overdue"], 1)
        self.assertEqual(rows["2026-10"]["open"], 1)
        self.assertEqual(rows["2026-10"]["overdue"], 0)
        self.assertEqual(
            self.env["dawa.complaint"].search_count(rows["2026-09"]["overdue_domain"]), 1)


@tagged("post_install", "-at_install")
class TestPublicityOfJointCase(DawaRatingCommon):
    """A joint approval lists each of its items in the published content."""

    def test_joint_case_lists_every_item(self):
        case = self._decided_case(line_ids=[
            Command.create({"item_id": self.item.id, "sequence": 1}),
            Command.create({"item_id": self.instant_item.id, "sequence": 2})])
        row = case._get_publicity_records()[0]
        self.assertIn(self.item.name, row["items"])
        self.assertIn(self.instant_item.name, row["items"])
        self.assertEqual(row["holder"], case.applicant_name)
