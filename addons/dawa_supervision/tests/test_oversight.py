import io

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import PUSH_DAY, DawaSupervisionCommon


class DawaOversightCommon(DawaSupervisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Item = cls.env["dawa.oversight.item"].with_user(cls.manager)
        cls.transfer = Item.create({"name": "移交剩余审批事项", "agency_id": cls.housing.id,
                                    "deadline": "2026-09-30"})
        cls.seal = Item.create({"name": "印章封存", "agency_id": cls.housing.id,
                                "deadline": "2026-09-15"})
        cls.staff = Item.create({"name": "完成人员划转", "agency_id": cls.water.id,
                                 "deadline": "2026-09-20"})

    def _note(self, item, user, percent, note="Progress."):
        return self.env["dawa.oversight.progress"].with_user(user).create(
            {"item_id": item.id, "percent": percent, "note": note})


@tagged("post_install", "-at_install")
class TestOversight(DawaOversightCommon, HttpCase):
    """督查: progress notes, report and verification, overdue flag, 督查通报."""

    def test_progress_then_report_then_verify(self):
        with freeze_time("2026-09-10"):
            self._note(self.transfer, self.housing_user, 40)
        self.assertEqual(self.transfer.state, "in_progress")
        self.assertEqual(self.transfer.progress, 40)
        with freeze_time("2026-09-25"):
            self.transfer.with_user(self.housing_user).action_report()
        self.assertEqual(self.transfer.state, "reported")
        self.assertEqual(self.transfer.progress, 100)
        self.assertTrue(self.transfer.on_time)
        with self.assertRaises(UserError):
            self.transfer.with_user(self.housing_user).action_verify()
        self.transfer.with_user(self.manager).action_send_back()
        self.assertEqual(self.transfer.state, "in_progress")
        with freeze_time("2026-10-09"):
            self.transfer.with_user(self.housing_user).action_report()
            self.assertFalse(self.transfer.on_time)
            self.assertTrue(self.transfer.is_overdue)
        self.transfer.with_user(self.manager).action_verify()
        self.assertEqual(self.transfer.state, "done")
        with self.assertRaises(UserError):
            self.transfer.with_user(self.manager).write({"name": "Renamed"})

    def test_department_adds_notes_through_the_item_form(self):
        with freeze_time("2026-09-10"):
            self.transfer.with_user(self.housing_user).write({"progress_ids": [
                Command.create({"percent": 30, "note": "Files counted."})]})
        self.assertEqual(self.transfer.progress, 30)
        note = self.transfer.progress_ids
        self.assertEqual(note.user_id, self.housing_user)
        with self.assertRaises(UserError):
            self.transfer.with_user(self.housing_user).write(
                {"progress_ids": [Command.update(note.id, {"percent": 100})]})
        with self.assertRaises(UserError):
            self.transfer.with_user(self.housing_user).write(
                {"progress_ids": [Command.unlink(note.id)]})
        with self.assertRaises(UserError):
            self.staff.with_user(self.housing_user).write({"progress_ids": [
                Command.create({"percent": 30, "note": "Not ours."})]})

    def test_overdue_flag_and_search(self):
        Item = self.env["dawa.oversight.item"]
        with freeze_time("2026-09-16"):
            self.assertTrue(self.seal.is_overdue)
            self.assertFalse(self.transfer.is_overdue)
            self.assertEqual(Item.search([("is_overdue", "=", True),
                                          ("id", "in", (self.seal | self.transfer).ids)]),
                             self.seal)

    def test_department_only_its_own_items(self):
        Item = self.env["dawa.oversight.item"].with_user(self.water_user)
        self.assertEqual(Item.search([]), self.staff)
        with self.assertRaises(AccessError):
            self.transfer.with_user(self.water_user).read(["name"])
        with self.assertRaises(AccessError):
            self._note(self.transfer, self.water_user, 50)
        with self.assertRaises(AccessError):
            self.transfer.with_user(self.water_user).action_report()
        with self.assertRaisesText(UserError, "leaders"):
            self.transfer.with_user(self.housing_user).write({"deadline": "2027-01-01"})
        with self.assertRaises(UserError):
            self.transfer.with_user(self.water_user).write({"deadline": "2027-01-01"})
        self.assertEqual(self.transfer.deadline.isoformat(), "2026-09-30")
        with self.assertRaises(AccessError):
            Item.create({"name": "Self-made", "agency_id": self.water.id,
                         "deadline": "2027-01-01"})

    def test_state_and_progress_only_through_the_steps(self):
        for vals in ({"state": "done"}, {"progress": 100}, {"on_time": True},
                     {"date_reported": "2026-09-01"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.transfer.with_user(self.manager).write(vals)
        with self.assertRaises(UserError):
            self.env["dawa.oversight.item"].with_user(self.manager).create({
                "name": "x", "agency_id": self.housing.id, "deadline": "2026-12-01",
                "state": "done"})
        note = self._note(self.transfer, self.housing_user, 30)
        with self.assertRaises(UserError):  # AccessError is a UserError
            note.with_user(self.housing_user).write({"percent": 90})
        with self.assertRaises(UserError):  # AccessError is a UserError
            note.with_user(self.housing_user).unlink()
        with self.assertRaises(ValidationError):
            self._note(self.transfer, self.housing_user, 120)

    def test_progress_note_keeps_its_item_department(self):
        # over the web client's endpoint: a note on the department's own item that names
        # another department would leave the department's records for the other's
        self.authenticate(self.housing_user.login, self.housing_user.login)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": "dawa.oversight.progress", "method": "create", "args": [{
                    "item_id": self.transfer.id, "percent": 30, "note": "Progress.",
                    "agency_id": self.water.id}],
                "kwargs": {"context": {"lang": "en_US"}}})
        # refused as a derived field before the record rules would see it (AccessError)
        self.assertEqual(str(caught.exception), "odoo.exceptions.UserError")
        self.assertFalse(self.transfer.progress_ids)
        note = self._note(self.transfer, self.housing_user, 30)
        self.assertEqual(note.agency_id, self.housing)

    def test_notice_lists_the_overdue_items_of_the_period(self):
        with freeze_time("2026-09-14"):
            self.seal.with_user(self.housing_user).action_report()  # on time
        with freeze_time("2026-09-25"):
            self.staff.with_user(self.water_user).action_report()  # 5 days late
        notice = self.env["dawa.oversight.notice"].with_user(self.manager).create({
            "name": "通报", "date_from": "2026-09-01", "date_to": "2026-10-09"})
        with freeze_time("2026-10-08"), self.assertRaises(UserError):
            notice.action_issue()
        with freeze_time("2026-10-09"):
            notice.action_issue()
        self.assertEqual(notice.state, "issued")
        self.assertTrue(notice.number)
        lines = {line.item_id: line for line in notice.line_ids}
        self.assertEqual(set(lines), {self.transfer, self.staff})
        # (09-30, 10-09]: 10-01..07 off, 10-08 and 10-09 worked
        self.assertEqual(lines[self.transfer].overdue_days, 2)
        # (09-20, 09-25]: Monday to Thursday; Friday 09-25 is the Mid-Autumn Festival
        self.assertEqual(lines[self.staff].overdue_days, 4)
        with self.assertRaises(UserError):
            notice.with_user(self.manager).write({"date_to": "2026-12-31"})
        with self.assertRaises(UserError):
            notice.line_ids[0].with_user(self.manager).write({"overdue_days": 0})
        html = self.env["ir.actions.report"]._render_qweb_html(
            "dawa_supervision.report_oversight_notice", notice.ids)[0].decode()
        self.assertIn("移交剩余审批事项", html)
        self.assertIn(notice.number, html)
        self.assertNotIn("印章封存", html)
        # wkhtmltopdf fetches the report assets from the test server of this run
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        pdf, kind = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(
            "dawa_supervision.report_oversight_notice", notice.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))


@tagged("post_install", "-at_install")
class TestOversightRanking(DawaOversightCommon, HttpCase):
    """The yearly score from the figures, with the leader's weights; ranking and XLSX."""

    def test_score_matches_the_figures(self):
        with freeze_time(PUSH_DAY):
            case = self._approved_case()
        housing_task = self._tasks(case, self.housing)
        water_task = self._tasks(case, self.water)
        with freeze_time("2026-10-09"):  # housing's deadline 2026-10-16: on time
            self._done(housing_task, self.housing_user)
        with freeze_time("2026-11-30"):  # water's deadline passed: late
            self._done(water_task, self.water_user)
            self.seal.with_user(self.housing_user).action_report()  # late
            self.staff.with_user(self.water_user).action_report()  # late
        with freeze_time("2026-09-20"):
            self.transfer.with_user(self.housing_user).action_report()  # on time
        assessment = self.env["dawa.oversight.assessment"].with_user(self.manager).create({
            "year": 2026, "weight_task": 50, "weight_feedback": 0, "weight_oversight": 50})
        with freeze_time("2026-12-31"):
            assessment.action_compute()
        by_agency = {line.agency_id: line for line in assessment.score_ids}
        housing, water = by_agency[self.housing], by_agency[self.water]
        self.assertEqual((housing.task_due, housing.task_on_time), (1, 1))
        self.assertEqual((water.task_due, water.task_on_time), (1, 0))
        self.assertEqual((housing.oversight_due, housing.oversight_on_time), (2, 1))
        self.assertEqual((water.oversight_due, water.oversight_on_time), (1, 0))
        self.assertEqual(housing.score, 75.0)  # (50 * 1 + 50 * 0.5) / 100
        self.assertEqual(water.score, 0.0)
        self.assertEqual(housing.feedback_rate, 1.0)  # nothing due
        # departments with nothing due score full marks and rank first, ex aequo
        self.assertEqual(by_agency[self.emergency].score, 100.0)
        self.assertEqual(by_agency[self.emergency].rank, 1)
        self.assertGreater(water.rank, housing.rank)
        self.assertEqual(water.rank, len(assessment.score_ids))
        assessment.write({"weight_task": 100, "weight_oversight": 0})
        with freeze_time("2026-12-31"):
            assessment.action_compute()
        self.assertEqual(assessment.score_ids.filtered(
            lambda line: line.agency_id == self.housing).score, 100.0)

        # XLSX as the leader, refused to a department user
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open(f"/dawa/supervision/export/assessment/{assessment.id}")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows), 1 + len(assessment.score_ids))
        self.assertEqual(rows[-1][1], self.water.name)
        self.authenticate(self.housing_user.login, self.housing_user.login)
        response = self.url_open(f"/dawa/supervision/export/assessment/{assessment.id}")
        self.assertNotEqual(response.status_code, 200)

    def test_weights_set_by_the_leader_only(self):
        assessment = self.env["dawa.oversight.assessment"].with_user(self.manager).create(
            {"year": 2026})
        # refused by the leader-only step (UserError) or the access rights (AccessError)
        with self.assertRaises(UserError):
            assessment.with_user(self.clerk).write({"weight_task": 99})
        with self.assertRaises(UserError):
            assessment.with_user(self.housing_user).action_compute()
        with self.assertRaises(AccessError):
            assessment.with_user(self.housing_user).read(["weight_task"])
        with self.assertRaises(AccessError):
            self.env["dawa.oversight.assessment"].with_user(self.clerk).create({"year": 2025})
        with self.assertRaises(ValidationError):
            assessment.write({"weight_task": -1})
        with self.assertRaises(ValidationError):
            assessment.write({"weight_task": 0, "weight_feedback": 0, "weight_oversight": 0})
        with self.assertRaises(UserError):
            assessment.write({"state": "confirmed"})
        assessment.action_compute()
        with self.assertRaises(UserError):
            assessment.score_ids[0].with_user(self.manager).write({"score": 100})
        with self.assertRaises(UserError):
            self.env["dawa.oversight.score"].with_user(self.manager).create(
                {"assessment_id": assessment.id, "agency_id": self.housing.id, "score": 100})
        assessment.action_confirm()
        with self.assertRaises(UserError):
            assessment.write({"weight_task": 10})
        own = self.env["dawa.oversight.score"].with_user(self.housing_user).search([])
        self.assertEqual(own.agency_id, self.housing)
