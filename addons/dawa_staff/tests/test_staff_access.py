import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DawaStaffCommon

STAFF_MODELS = ("dawa.staff.secondment", "dawa.staff.evaluation.period", "dawa.staff.evaluation",
                "dawa.staff.evaluation.line", "dawa.staff.sanction", "dawa.staff.case.work",
                "dawa.staff.evaluation.template")


class StaffAccessCommon(DawaStaffCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a colleague seconded too, managed by someone else
        cls.other_employee = cls.env["hr.employee"].create({
            "name": "Other Colleague", "user_id": cls.seal_keeper.id,
            "origin_agency_id": cls.water.id, "establishment_type": "civil_servant"})
        cls.other_secondment = cls.env["dawa.staff.secondment"].create({
            "employee_id": cls.other_employee.id, "origin_agency_id": cls.water.id,
            "date_start": "2025-05-01"})
        cls.other_secondment.action_start()
        cls.env["dawa.staff.sanction"].create({
            "employee_id": cls.clerk_employee.id, "kind": "sanction", "level": "warning",
            "date": "2026-04-01", "name": "Late twice"})
        cls.case = cls._decided_case("2026-09-07", "2026-09-09")
        cls.period = cls._open_period()
        cls.clerk_evaluation = cls._evaluation(cls.period, cls.clerk_employee)
        cls.reviewer_evaluation = cls._evaluation(cls.period, cls.reviewer_employee)
        cls.manager_evaluation = cls._evaluation(cls.period, cls.manager_employee)
        cls.other_evaluation = cls._evaluation(cls.period, cls.other_employee)


@tagged("post_install", "-at_install")
class TestStaffAccess(StaffAccessCommon):
    """Who sees and writes what, through the ORM as each role."""

    def test_employee_sees_only_his_own(self):
        Evaluation = self.env["dawa.staff.evaluation"].with_user(self.clerk)
        self.assertEqual(Evaluation.search([]), self.clerk_evaluation)
        self.assertEqual(self.env["dawa.staff.secondment"].with_user(self.clerk).search([]),
                         self.clerk_secondment)
        self.assertEqual(
            self.env["dawa.staff.evaluation.period"].with_user(self.clerk).search([]),
            self.period)
        self.assertEqual(
            self.env["dawa.staff.case.work"].with_user(self.clerk).search([]).user_id,
            self.clerk)
        with self.assertRaises(AccessError):
            self.reviewer_evaluation.with_user(self.clerk).read(["final_score"])
        with self.assertRaises(AccessError):
            self.reviewer_secondment.with_user(self.clerk).read(["position"])
        for model in ("dawa.staff.sanction", "dawa.staff.evaluation.template"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.clerk).search([])
        # his own form reads fine, with what it shows
        evaluation = self.clerk_evaluation.with_user(self.clerk)
        data = evaluation.read(["period_id", "line_ids", "sanction_note", "grade_label",
                                "metric_case_count", "periodic_evaluation_ids"])[0]
        self.assertEqual(data["metric_case_count"], 1)
        self.assertIn("Warning", data["sanction_note"])
        self.assertEqual(evaluation.line_ids.mapped("name")[0], "Political quality and conduct")
        # export (for those allowed to export) gives his own rows only
        self.clerk.groups_id += self.env.ref("base.group_allow_export")
        exported = self.env["dawa.staff.evaluation"].with_user(self.clerk).search(
            []).export_data(["employee_id", "metric_case_count"])["datas"]
        self.assertEqual(exported, [["Zhang Xiaoxue", 1]])

    def test_employee_writes_only_his_self_assessment(self):
        evaluation = self.clerk_evaluation.with_user(self.clerk)
        evaluation.write({"self_summary": "My work."})
        evaluation.write({"line_ids": [Command.update(evaluation.line_ids[0].id,
                                                      {"self_score": 90})]})
        forged = [
            {"grade": "excellent"}, {"grade_institution": "excellent"},
            {"manager_comment": "Outstanding"}, {"unit_opinion": "Approved"},
            {"manager_user_id": self.clerk.id}, {"establishment_type": "civil_servant"},
            {"origin_agency_id": self.water.id},
            {"line_ids": [Command.update(evaluation.line_ids[0].id, {"manager_score": 100})]},
            {"line_ids": [Command.update(evaluation.line_ids[0].id, {"weight": 90})]},
        ]
        for vals in forged:
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                evaluation.write(vals)
        for vals in ({"metric_case_count": 99}, {"final_score": 100}, {"state": "scored"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                evaluation.write(vals)
        with self.assertRaises(AccessError):
            evaluation.line_ids.with_user(self.clerk).create({
                "evaluation_id": evaluation.id,
                "template_line_id": self.template.line_ids[0].id})
        with self.assertRaises(AccessError):
            evaluation.line_ids[0].unlink()
        with self.assertRaises(AccessError):
            evaluation.unlink()
        with self.assertRaises(AccessError):
            self.env["dawa.staff.evaluation"].with_user(self.clerk).create({
                "period_id": self.period.id, "employee_id": self.clerk_employee.id})
        with self.assertRaises(AccessError):
            self.clerk_secondment.with_user(self.clerk).write({"position": "Director"})
        # handed in: his part is closed
        evaluation.action_self_assess()
        with self.assertRaises(AccessError):
            evaluation.write({"self_summary": "Rewritten afterwards"})
        with self.assertRaises(AccessError):
            evaluation.line_ids[0].write({"self_score": 100})
        self.assertEqual(evaluation.self_summary, "My work.")

    def test_manager_scores_his_team_only(self):
        as_manager = self.clerk_evaluation.with_user(self.approver)
        self.assertEqual(
            self.env["dawa.staff.evaluation"].with_user(self.approver).search([]),
            self.clerk_evaluation | self.reviewer_evaluation | self.manager_evaluation)
        self.assertEqual(
            self.env["dawa.staff.case.work"].with_user(self.approver).search([]).user_id,
            self.clerk | self.reviewer | self.approver)
        with self.assertRaises(AccessError):
            self.other_evaluation.with_user(self.approver).read(["grade"])
        as_manager.write({
            "manager_comment": "Good.", "grade_institution": "competent",
            "line_ids": [Command.update(line.id, {"manager_score": 88})
                         for line in as_manager.line_ids],
        })
        for vals in ({"self_summary": "Written for her"}, {"unit_opinion": "Approved"},
                     {"manager_user_id": self.reviewer.id},
                     {"line_ids": [Command.update(as_manager.line_ids[0].id,
                                                  {"self_score": 100})]}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_manager.write(vals)
        # on his own evaluation he is the employee, not the manager
        with self.assertRaises(AccessError):
            self.manager_evaluation.with_user(self.approver).write({"grade": "excellent"})
        own = self.manager_evaluation.with_user(self.approver)
        own.write({"self_summary": "My year."})
        own.action_self_assess()
        with self.assertRaisesText(UserError, "Only the manager of Wang Jianguo"):
            own.action_score()
        # scoring his team
        self.clerk_evaluation.with_user(self.clerk).write({"self_summary": "Done."})
        self.clerk_evaluation.with_user(self.clerk).action_self_assess()
        as_manager.action_score()
        with self.assertRaises(AccessError):
            as_manager.write({"grade_institution": "excellent"})
        with self.assertRaisesText(UserError, "HR Officer"):
            as_manager.action_confirm()
        for action in ("action_open", "action_confirm", "action_refresh_metrics"):
            with self.subTest(action=action), self.assertRaisesText(UserError, "HR Officer"):
                getattr(self.period.with_user(self.approver), action)()

    def test_outsiders_see_nothing(self):
        for user in (self.department_user, self.catalog_admin, self.employee):
            for model in STAFF_MODELS:
                Model = self.env[model].with_user(user)
                try:
                    found = Model.search([])
                except AccessError:
                    continue
                self.assertFalse(found, f"{user.login} sees {model}")
            with self.assertRaises(AccessError):
                self.clerk_evaluation.with_user(user).read(["final_score"])
            with self.assertRaises(AccessError):
                self.env["dawa.staff.secondment"].with_user(user).create({
                    "employee_id": self.clerk_employee.id, "origin_agency_id": self.water.id,
                    "date_start": "2027-01-01"})
            with self.assertRaises(AccessError):
                self.clerk_employee.with_user(user).read(["origin_agency_id"])

    def test_menus_per_role(self):
        root = self.env.ref("dawa_staff.menu_dawa_staff_root")
        secondments = self.env.ref("dawa_staff.menu_dawa_staff_secondment")
        ledger = self.env.ref("dawa_staff.menu_dawa_staff_sanction")
        mine = self.env.ref("dawa_staff.menu_dawa_staff_my_evaluations")

        def visible(user):
            return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

        self.assertLessEqual({root.id, secondments.id, ledger.id}, visible(self.hr_officer))
        self.assertIn(ledger.id, visible(self.manager))
        self.assertNotIn(secondments.id, visible(self.manager))
        for user in (self.clerk, self.department_user, self.catalog_admin):
            self.assertNotIn(root.id, visible(user), user.login)
        self.assertIn(mine.id, visible(self.clerk))
        # the demo HR officer lands on the secondments
        demo_hr = self.env.ref("dawa_staff.user_hr", raise_if_not_found=False)
        if demo_hr:
            self.assertEqual(demo_hr.action_id.id,
                             self.env.ref("dawa_staff.dawa_staff_secondment_action").id)

    def test_hr_officer_manages_everything(self):
        Evaluation = self.env["dawa.staff.evaluation"].with_user(self.hr_officer)
        self.assertEqual(Evaluation.search([]), self.period.evaluation_ids)
        evaluation = self.clerk_evaluation.with_user(self.hr_officer)
        evaluation.write({"unit_opinion": "Agreed", "manager_user_id": self.reviewer.id,
                          "self_summary": "Filled in for her"})
        secondment = self.env["dawa.staff.secondment"].with_user(self.hr_officer).create({
            "employee_id": self.colleague_employee.id, "origin_agency_id": self.water.id,
            "date_start": "2026-10-01", "position": "Clerk"})
        secondment.action_start()
        self.assertEqual(
            self.env["dawa.staff.case.work"].with_user(self.hr_officer).search(
                [("case_id", "=", self.case.id)]).user_id,
            self.clerk | self.reviewer | self.approver)


@tagged("post_install", "-at_install")
class TestStaffAccessOverJsonRpc(StaffAccessCommon, HttpCase):
    """The same rules through the web client's endpoint."""

    def _call(self, user, model, method, args, kwargs=None):
        self.authenticate(user.login, user.login)
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": model, "method": method, "args": args,
                "kwargs": {"context": {"lang": "en_US"}, **(kwargs or {})},
            })

    def test_employee_over_rpc(self):
        rows = self._call(self.clerk, "dawa.staff.evaluation", "search_read",
                          [[], ["employee_id", "final_score"]])
        self.assertEqual([row["id"] for row in rows], self.clerk_evaluation.ids)
        scores = (self.clerk_evaluation.self_score, self.clerk_evaluation.manager_score)
        for vals in ({"grade": "excellent"}, {"state": "confirmed"},
                     {"metric_case_count": 50}, {"manager_comment": "Excellent"},
                     # computed from the lines and the period: never set directly
                     {"self_score": 99.0}, {"manager_score": 99.0},
                     {"employee_name": "Forged"}, {"date_from": "2020-01-01"}):
            with self.subTest(vals=vals), self.assertRaises(JsonRpcException):
                self._call(self.clerk, "dawa.staff.evaluation", "write",
                           [self.clerk_evaluation.ids, vals])
        self.assertEqual(
            (self.clerk_evaluation.self_score, self.clerk_evaluation.manager_score), scores)
        self.assertEqual(self.clerk_evaluation.employee_name, self.clerk_employee.name)
        with self.assertRaises(JsonRpcException):
            self._call(self.clerk, "dawa.staff.evaluation", "read",
                       [self.reviewer_evaluation.ids, ["final_score"]])
        with self.assertRaises(JsonRpcException):
            self._call(self.clerk, "dawa.staff.evaluation", "action_score",
                       [self.clerk_evaluation.ids])
        self._call(self.clerk, "dawa.staff.evaluation", "write",
                   [self.clerk_evaluation.ids, {"self_summary": "Over RPC"}])
        self._call(self.clerk, "dawa.staff.evaluation", "action_self_assess",
                   [self.clerk_evaluation.ids])
        self.assertEqual(self.clerk_evaluation.state, "self_assessed")
        self.assertFalse(self.clerk_evaluation.grade)

    def test_scores_follow_the_lines_over_rpc(self):
        # HR may write an evaluation's other fields; its scores are computed from the lines
        scores = (self.clerk_evaluation.self_score, self.clerk_evaluation.manager_score)
        for vals in ({"self_score": 99.0}, {"manager_score": 99.0},
                     {"employee_name": "Forged"}):
            with self.subTest(vals=vals), self.assertRaises(JsonRpcException) as caught:
                self._call(self.hr_officer, "dawa.staff.evaluation", "write",
                           [self.clerk_evaluation.ids, vals])
            # refused as a derived field, not for want of rights
            self.assertEqual(str(caught.exception), "odoo.exceptions.UserError")
        self.assertEqual(
            (self.clerk_evaluation.self_score, self.clerk_evaluation.manager_score), scores)
        self._call(self.hr_officer, "dawa.staff.evaluation", "write",
                   [self.clerk_evaluation.ids, {"manager_comment": "Reliable."}])
        self.assertEqual(self.clerk_evaluation.manager_comment, "Reliable.")

    def test_department_user_over_rpc(self):
        for model in STAFF_MODELS:
            try:
                rows = self._call(self.department_user, model, "search_read", [[], ["id"]])
            except JsonRpcException:
                continue
            self.assertEqual(rows, [], model)
        with self.assertRaises(JsonRpcException):
            self._call(self.department_user, "dawa.staff.evaluation", "write",
                       [self.clerk_evaluation.ids, {"self_summary": "Forged"}])
        self.authenticate(self.department_user.login, self.department_user.login)
        with mute_logger("odoo.http"):
            response = self.url_open(f"/dawa/staff/export/period/{self.period.id}")
        self.assertNotEqual(response.status_code, 200)

    def test_results_for_the_home_units(self):
        """The XLSX of a period: one sheet per home unit, one row per person."""
        self._score(self.clerk_evaluation, grade="competent")
        self.reviewer_evaluation.grade = "basic"
        self.authenticate(self.clerk.login, self.clerk.login)
        with mute_logger("odoo.http"):
            response = self.url_open(f"/dawa/staff/export/period/{self.period.id}")
        self.assertNotEqual(response.status_code, 200)
        self.authenticate(self.hr_officer.login, self.hr_officer.login)
        response = self.url_open(f"/dawa/staff/export/period/{self.period.id}")
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        self.assertEqual(sorted(book.sheetnames), sorted([self.housing.name, self.water.name]))
        housing = list(book[self.housing.name].iter_rows(values_only=True))
        self.assertEqual(housing[0][0], "Full Name")
        names = {row[0]: row for row in housing[1:]}
        self.assertEqual(set(names), {"Zhang Xiaoxue", "Wang Jianguo"})
        clerk = names["Zhang Xiaoxue"]
        self.assertEqual(clerk[4], 1)  # cases decided
        self.assertEqual(clerk[12], "Qualified")
        self.assertEqual(clerk[14], "Scored")
        water = list(book[self.water.name].iter_rows(values_only=True))
        self.assertEqual({row[0] for row in water[1:]}, {"Li Ming", "Other Colleague"})
