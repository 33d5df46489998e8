from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DawaStaffCommon


@tagged("post_install", "-at_install")
class TestEvaluationRules(DawaStaffCommon):
    """公务员考核规定 / 事业单位工作人员考核规定, enforced when HR confirms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # ten people seconded: 20 % gives two Excellent grades
        Employee = cls.env["hr.employee"]
        cls.others = Employee.create([{
            "name": f"Staff {index}", "origin_agency_id": cls.water.id,
            "establishment_type": "civil_servant", "parent_id": cls.manager_employee.id,
        } for index in range(7)])
        secondments = cls.env["dawa.staff.secondment"].create([{
            "employee_id": employee.id, "origin_agency_id": cls.water.id,
            "date_start": "2024-01-01",
        } for employee in cls.others])
        secondments.action_start()

    def _sanction(self, employee, level, day, kind="sanction", **values):
        return self.env["dawa.staff.sanction"].with_user(self.hr_officer).create({
            "employee_id": employee.id, "kind": kind, "level": level, "date": day,
            "name": f"{level} of {employee.name}", **values,
        })

    def _scored_period(self, grades=None, **values):
        """A period whose evaluations are all scored, Competent unless ``grades`` says
        otherwise ({employee: grade or False})."""
        period = self._open_period(**values)
        grades = grades or {}
        for evaluation in period.evaluation_ids:
            grade = grades.get(evaluation.employee_id, "competent")
            self._fill(evaluation, grade=grade)
            evaluation.action_self_assess()
            evaluation.action_score()
        return period

    def _confirm(self, period):
        with freeze_time(period.date_to.replace(day=28)):
            period.with_user(self.hr_officer).action_confirm()

    # ------------------------------------------------------------------
    # quota
    # ------------------------------------------------------------------

    def test_excellent_quota_rounded_down(self):
        three = dict.fromkeys(self.others[:3], "excellent")
        period = self._scored_period(three)
        self.assertEqual(len(period.evaluation_ids), 10)
        self.assertEqual(period.excellent_allowed, 2)
        with self.assertRaisesText(ValidationError, "allows 2 Excellent grades", "20% of the 10",
                                   "but 3 are given", "Staff 0", "Staff 1", "Staff 2"):
            self._confirm(period)
        self.assertEqual(period.state, "open")
        # HR lowers one: two pass
        evaluation = self._evaluation(period, self.others[2])
        evaluation.with_user(self.hr_officer).grade_civil = "competent"
        self._confirm(period)
        self.assertEqual(period.state, "confirmed")

    def test_quota_counts_evaluations_confirmed_one_by_one(self):
        period = self._scored_period(dict.fromkeys(self.others[:3], "excellent"),
                                     excellent_quota=25)  # 2.5 rounds down to 2
        self.assertEqual(period.excellent_allowed, 2)
        first, second, third = (self._evaluation(period, employee)
                                for employee in self.others[:3])
        (first | second).with_user(self.hr_officer).action_confirm()
        with self.assertRaisesText(ValidationError, "but 3 are given"):
            third.with_user(self.hr_officer).action_confirm()

    def test_small_period_has_no_excellent(self):
        """Four people at 20 %: 0.8, rounded down to none."""
        period = self._open_period(kind="quarter", name="Q1", date_from="2026-01-01",
                                   date_to="2026-03-31")
        period.evaluation_ids.filtered(
            lambda evaluation: evaluation.employee_id in self.others[1:]).unlink()
        self.assertEqual(len(period.evaluation_ids), 4)
        self.assertEqual(period.excellent_allowed, 0)
        for evaluation in period.evaluation_ids:
            self._score(evaluation, grade="excellent"
                        if evaluation.employee_id == self.clerk_employee else "competent")
        with self.assertRaisesText(ValidationError, "allows 0 Excellent grades",
                                   "20% of the 4", "Zhang Xiaoxue"):
            self._confirm(period)

    # ------------------------------------------------------------------
    # sanctions
    # ------------------------------------------------------------------

    def test_warning_in_the_year_bars_excellent(self):
        self._sanction(self.reviewer_employee, "warning", "2026-03-10")
        period = self._scored_period({self.reviewer_employee: "excellent"})
        evaluation = self._evaluation(period, self.reviewer_employee)
        self.assertTrue(evaluation.excellent_barred)
        self.assertIn("no Excellent grade this year", evaluation.sanction_note)
        with self.assertRaisesText(ValidationError, "Li Ming cannot be rated Excellent",
                                   "Warning", "03/10/2026"):
            self._confirm(period)
        evaluation.grade = "competent"
        self._confirm(period)
        self.assertEqual(evaluation.grade_label, "Competent")

    def test_warning_of_last_year_does_not_bar(self):
        self._sanction(self.reviewer_employee, "warning", "2025-11-10")
        period = self._scored_period({self.reviewer_employee: "excellent"})
        self.assertFalse(self._evaluation(period, self.reviewer_employee).excellent_barred)
        self._confirm(period)

    def test_demerit_in_effect_gives_a_comment_without_grade(self):
        demerit = self._sanction(self.clerk_employee, "demerit", "2025-08-01")
        self.assertEqual(demerit.date_end, date(2026, 7, 31))
        period = self._scored_period()
        evaluation = self._evaluation(period, self.clerk_employee)
        self.assertTrue(evaluation.grade_withheld)
        with self.assertRaisesText(ValidationError, "Zhang Xiaoxue was serving a sanction",
                                   "Demerit", "comment without a grade"):
            self._confirm(period)
        evaluation.grade = False
        self._confirm(period)
        self.assertTrue(evaluation.comment_only)
        self.assertEqual(evaluation.grade_label, "Comment without grade")

    def test_grade_withheld_needs_no_grade_to_score(self):
        self._sanction(self.clerk_employee, "major_demerit", "2025-03-01")  # 18 months
        period = self._open_period()
        evaluation = self._evaluation(period, self.clerk_employee)
        self._fill(evaluation, grade=False)
        evaluation.action_self_assess()
        evaluation.action_score()
        self.assertEqual(evaluation.state, "scored")

    def test_demerit_over_before_the_year_leaves_the_grade(self):
        self._sanction(self.clerk_employee, "demerit", "2024-10-01")  # until 2025-09-30
        period = self._scored_period()
        self.assertFalse(self._evaluation(period, self.clerk_employee).grade_withheld)
        self._confirm(period)

    def test_demerit_rule_is_for_the_yearly_evaluation(self):
        self._sanction(self.clerk_employee, "removal", "2026-01-15")
        quarter = self._scored_period(kind="quarter", name="Q2", date_from="2026-04-01",
                                      date_to="2026-06-30")
        evaluation = self._evaluation(quarter, self.clerk_employee)
        self.assertFalse(evaluation.grade_withheld)
        self.assertTrue(evaluation.excellent_barred)  # a sanction in the year
        self._confirm(quarter)
        self.assertFalse(evaluation.comment_only)

    def test_rewards_do_not_count(self):
        self._sanction(self.reviewer_employee, "commendation", "2026-02-01", kind="reward")
        period = self._scored_period({self.reviewer_employee: "excellent"})
        self.assertFalse(self._evaluation(period, self.reviewer_employee).excellent_barred)
        self._confirm(period)

    # ------------------------------------------------------------------
    # consequences
    # ------------------------------------------------------------------

    def test_three_excellent_years_propose_a_third_class_merit(self):
        # the manager is seconded since 2023: evaluated every year
        Sanction = self.env["dawa.staff.sanction"]
        for year in (2024, 2025, 2026):
            self.assertFalse(Sanction.search([("state", "=", "proposed")]))
            period = self._scored_period(
                {self.manager_employee: "excellent"}, name=f"{year} yearly",
                date_from=f"{year}-01-01", date_to=f"{year}-12-31")
            self._confirm(period)
        proposal = self.env["dawa.staff.sanction"].search([
            ("employee_id", "=", self.manager_employee.id), ("state", "=", "proposed")])
        self.assertEqual(len(proposal), 1)
        self.assertEqual(proposal.level, "merit_3")
        self.assertEqual(proposal.kind, "reward")
        self.assertIn("2024-2026", proposal.name)
        self.assertEqual(proposal.evaluation_id.period_id, period)
        self.assertEqual(proposal.activity_ids.user_id, self.hr_officer)
        proposal.with_user(self.hr_officer).action_record()
        self.assertEqual(proposal.state, "recorded")
        self.assertEqual(proposal.recorded_by_id, self.hr_officer)

    def test_a_gap_proposes_nothing(self):
        grades = {2024: "excellent", 2025: "competent", 2026: "excellent"}
        for year, grade in grades.items():
            period = self._scored_period(
                {self.manager_employee: grade}, name=f"{year} yearly",
                date_from=f"{year}-01-01", date_to=f"{year}-12-31")
            self._confirm(period)
        self.assertFalse(self.env["dawa.staff.sanction"].search([
            ("employee_id", "=", self.manager_employee.id), ("state", "=", "proposed")]))

    def test_incompetent_gives_hr_an_activity(self):
        period = self._scored_period({self.reviewer_employee: "incompetent",
                                      self.clerk_employee: "incompetent"})
        self._confirm(period)
        reviewer = self._evaluation(period, self.reviewer_employee)
        clerk = self._evaluation(period, self.clerk_employee)
        consequence = self.env.ref("dawa_staff.mail_activity_type_consequence")
        for evaluation, words in ((reviewer, "moved down one post"),
                                  (clerk, "given another post")):
            activity = evaluation.activity_ids.filtered(
                lambda act: act.activity_type_id == consequence)
            self.assertEqual(activity.user_id, self.hr_officer)
            self.assertIn(words, str(activity.note))
        self.assertFalse(self._evaluation(period, self.others[0]).activity_ids.filtered(
            lambda act: act.activity_type_id == consequence))


@tagged("post_install", "-at_install")
class TestSanctionLedger(DawaStaffCommon):
    def test_periods_of_effect(self):
        Sanction = self.env["dawa.staff.sanction"]
        expected = {"warning": date(2026, 9, 14), "demerit": date(2027, 3, 14),
                    "major_demerit": date(2027, 9, 14), "demotion": date(2028, 3, 14),
                    "removal": date(2028, 3, 14), "expulsion": False}
        for level, end in expected.items():
            sanction = Sanction.create({"employee_id": self.clerk_employee.id,
                                        "kind": "sanction", "level": level,
                                        "date": "2026-03-15", "name": level})
            self.assertEqual(sanction.date_end, end, level)
        reward = Sanction.create({"employee_id": self.clerk_employee.id, "kind": "reward",
                                  "level": "merit_3", "date": "2026-03-15", "name": "merit"})
        self.assertFalse(reward.date_end)
        with self.assertRaisesText(ValidationError, "Warning is not a Reward"):
            Sanction.create({"employee_id": self.clerk_employee.id, "kind": "reward",
                             "level": "warning", "date": "2026-03-15", "name": "odd"})

    def test_append_only_for_all_but_hr_officers(self):
        as_manager = self.env["dawa.staff.sanction"].with_user(self.manager)
        sanction = as_manager.create({
            "employee_id": self.clerk_employee.id, "kind": "reward", "level": "commendation",
            "date": "2026-05-04", "name": "Youth day commendation"})
        self.assertEqual(sanction.state, "recorded")
        self.assertEqual(sanction.recorded_by_id, self.manager)
        with self.assertRaises(AccessError):
            sanction.write({"level": "merit_1"})
        with self.assertRaises(AccessError):
            sanction.unlink()
        # nor may anyone record a proposal but HR, or forge the state
        with self.assertRaises(UserError):
            as_manager.create({
                "employee_id": self.clerk_employee.id, "kind": "reward", "level": "merit_3",
                "date": "2026-05-04", "name": "Self-made proposal", "state": "proposed"})
        for user in (self.clerk, self.approver, self.department_user):
            Ledger = self.env["dawa.staff.sanction"].with_user(user)
            with self.assertRaises(AccessError):
                Ledger.search([])
            with self.assertRaises(AccessError):
                Ledger.create({"employee_id": self.clerk_employee.id, "kind": "sanction",
                               "level": "warning", "date": "2026-05-04", "name": "Forged"})
        # HR corrects and deletes
        as_hr = sanction.with_user(self.hr_officer)
        as_hr.write({"level": "notice"})
        as_hr.unlink()
        self.assertFalse(sanction.exists())
