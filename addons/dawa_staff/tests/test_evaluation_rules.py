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
        # ten civil servants (the reviewer, the manager and eight more: 20 % gives two
        # Excellent grades) and five public institution staff (the clerk and four more:
        # one); one pool of fifteen would give three
        Employee = cls.env["hr.employee"]
        cls.others = Employee.create([{
            "name": f"Staff {index}", "origin_agency_id": cls.water.id,
            "establishment_type": "civil_servant", "parent_id": cls.manager_employee.id,
        } for index in range(8)])
        cls.institution_others = Employee.create([{
            "name": f"Institution Staff {index}", "origin_agency_id": cls.housing.id,
            "establishment_type": "public_institution", "parent_id": cls.manager_employee.id,
        } for index in range(4)])
        secondments = cls.env["dawa.staff.secondment"].create([{
            "employee_id": employee.id, "origin_agency_id": employee.origin_agency_id.id,
            "date_start": "2024-01-01",
        } for employee in cls.others | cls.institution_others])
        secondments.action_start()

    def _sanction(self, employee, level, day, kind="sanction", user=None, **values):
        return self.env["dawa.staff.sanction"].with_user(user or self.hr_officer).create({
            "employee_id": employee.id, "kind": kind, "level": level, "date": day,
            "name": f"{level} of {employee.name}", **values,
        })

    def _scored_period(self, grades=None, **values):
        """A period whose evaluations are all scored, Competent unless ``grades`` says
        otherwise ({employee: grade or False})."""
        period = self._open_period(**values)
        grades = grades or {}
        for evaluation in period.evaluation_ids:
            grade = grades.get(evaluation.employee_id)
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

    def test_quota_counted_per_establishment_type(self):
        """公务员考核规定 / 事业单位工作人员考核规定 第十五条: civil servants among the civil
        servants, public institution staff among theirs."""
        civil = dict.fromkeys(self.others[:3], "excellent")
        period = self._scored_period(civil)
        self.assertEqual(len(period.evaluation_ids), 15)
        self.assertEqual(period.excellent_allowed_civil, 2)
        self.assertEqual(period.excellent_allowed_institution, 1)
        self.assertEqual(period.excellent_count_civil, 3)
        # three of fifteen would be 20 %: one pool would let them pass
        with self.assertRaisesText(ValidationError, "allows 2 Excellent grades among the",
                                   "20% of the 10", "but 3 are given", "Staff 0", "Staff 2"):
            self._confirm(period)
        self.assertEqual(period.state, "open")
        as_hr = self._evaluation(period, self.others[2]).with_user(self.hr_officer)
        as_hr.grade_civil = "competent"
        # two public institution staff of five: one allowed (one pool: four of fifteen... 3)
        for employee in self.institution_others[:2]:
            self._evaluation(period, employee).with_user(self.hr_officer).grade_institution = \
                "excellent"
        with self.assertRaisesText(ValidationError, "allows 1 Excellent grades among the",
                                   "20% of the 5", "but 2 are given", "Institution Staff 1"):
            self._confirm(period)
        self._evaluation(period, self.institution_others[1]).with_user(
            self.hr_officer).grade_institution = "competent"
        self._confirm(period)
        self.assertEqual(period.state, "confirmed")
        self.assertEqual(period.excellent_count, 3)

    def test_other_establishments_count_with_public_institution_staff(self):
        """A person of another establishment is graded and counted with the public
        institution staff: one of six at 20 % (1.2 → 1)."""
        self.colleague_employee.establishment_type = "other"
        self.env["dawa.staff.secondment"].create({
            "employee_id": self.colleague_employee.id, "origin_agency_id": self.water.id,
            "date_start": "2024-01-01"}).action_start()
        period = self._scored_period({self.colleague_employee: "excellent",
                                      self.clerk_employee: "excellent"})
        self.assertEqual(period.excellent_allowed_institution, 1)
        with self.assertRaisesText(ValidationError, "20% of the 6", "Colleague"):
            self._confirm(period)

    def test_quotas_are_settings_and_per_period(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("dawa_staff.excellent_quota_public_institution", "40")
        params.set_param("dawa_staff.excellent_quota_civil_servant", "25")
        period = self._scored_period(dict.fromkeys(self.institution_others[:2], "excellent"))
        self.assertEqual(period.excellent_quota_institution, 40)
        self.assertEqual(period.excellent_quota, 25)
        self.assertEqual(period.excellent_allowed_institution, 2)  # 40 % of 5
        self.assertEqual(period.excellent_allowed_civil, 2)  # 25 % of 10, rounded down
        # HR sets a period's own figure; nobody else does, not over RPC either
        for user in (self.approver, self.manager, self.clerk):
            with self.assertRaises(AccessError):
                period.with_user(user).write({"excellent_quota_institution": 100})
        period.with_user(self.hr_officer).excellent_quota_institution = 20
        with self.assertRaisesText(ValidationError, "allows 1 Excellent grades"):
            self._confirm(period)
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.hr_officer).create({
                "dawa_staff_excellent_quota_public_institution": 100})

    def test_quota_counts_evaluations_confirmed_one_by_one(self):
        period = self._scored_period(dict.fromkeys(self.others[:3], "excellent"),
                                     excellent_quota=25)  # 2.5 rounds down to 2
        self.assertEqual(period.excellent_allowed_civil, 2)
        first, second, third = (self._evaluation(period, employee)
                                for employee in self.others[:3])
        (first | second).with_user(self.hr_officer).action_confirm()
        with self.assertRaisesText(ValidationError, "but 3 are given"):
            third.with_user(self.hr_officer).action_confirm()

    def test_day_to_day_grades_without_quota(self):
        """平时考核: 好/较好/一般/较差, as many 好 as deserved; the yearly grades are not
        theirs, nor theirs the yearly evaluation's."""
        quarter = self._open_period(kind="quarter", name="Q1", date_from="2026-01-01",
                                    date_to="2026-03-31")
        self.assertEqual(quarter.excellent_allowed, 0)
        clerk = self._evaluation(quarter, self.clerk_employee)
        with self.assertRaisesText(ValidationError, "day-to-day evaluation",
                                   "Good, Fairly Good, Average or Poor"):
            clerk.with_user(self.approver).write({"grade": "excellent"})
        for evaluation in quarter.evaluation_ids:
            self._score(evaluation, grade="good")
        self._confirm(quarter)
        self.assertEqual(quarter.state, "confirmed")
        self.assertEqual(clerk.grade_label, "Good")
        self.assertEqual(clerk.grade_periodic, "good")
        self.assertFalse(clerk.grade_institution)
        year = self._open_period()
        with self.assertRaisesText(ValidationError, "yearly evaluation"):
            self._evaluation(year, self.clerk_employee).with_user(self.approver).write(
                {"grade": "good"})
        # a yearly grade given through the day-to-day field does not reach the yearly one
        evaluation = self._evaluation(year, self.reviewer_employee)
        evaluation.with_user(self.approver).grade_periodic = "good"
        self.assertFalse(evaluation.grade)

    # ------------------------------------------------------------------
    # sanctions
    # ------------------------------------------------------------------

    def test_warning_in_the_year_bars_excellent(self):
        self._sanction(self.reviewer_employee, "warning", "2026-03-10")
        period = self._scored_period({self.reviewer_employee: "excellent"})
        evaluation = self._evaluation(period, self.reviewer_employee)
        self.assertTrue(evaluation.excellent_barred)
        self.assertIn("Warning of 03/10/2026: no Excellent grade in 2026",
                      evaluation.sanction_note)
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
        # a public institution's management staff: 记大过, 18 months
        self._sanction(self.clerk_employee, "major_demerit", "2025-03-01",
                       management_post=True)
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
        self._sanction(self.reviewer_employee, "removal", "2026-01-15")
        quarter = self._scored_period(kind="quarter", name="Q2", date_from="2026-04-01",
                                      date_to="2026-06-30")
        evaluation = self._evaluation(quarter, self.reviewer_employee)
        self.assertFalse(evaluation.grade_withheld)
        self.assertFalse(evaluation.excellent_barred)  # no Excellent in a quarter anyway
        self._confirm(quarter)
        self.assertFalse(evaluation.comment_only)
        self.assertEqual(evaluation.grade_label, "Fairly Good")

    def test_civil_servant_demerit_leaves_only_its_year_without_grade(self):
        """公务员: 记过 → that year a comment without a grade, not the next year its 12 months
        reach into."""
        self._sanction(self.reviewer_employee, "demerit", "2025-08-01")  # until 2026-07-31
        period = self._scored_period({self.reviewer_employee: "excellent"})
        evaluation = self._evaluation(period, self.reviewer_employee)
        self.assertFalse(evaluation.grade_withheld)
        self.assertFalse(evaluation.excellent_barred)
        self._confirm(period)
        self.assertEqual(evaluation.grade_label, "Excellent")

    def test_civil_servant_demotion_two_years_not_three(self):
        """公务员: 降级 (24 months from 2025-03-01 to 2027-02-28) → no grade in 2025 and 2026;
        2027, which the period of effect still touches, is graded."""
        self._sanction(self.reviewer_employee, "demotion", "2025-03-01")
        years = {}
        for year in (2025, 2026, 2027):
            period = self._open_period(name=f"{year} yearly", date_from=f"{year}-01-01",
                                       date_to=f"{year}-12-31")
            years[year] = self._evaluation(period, self.reviewer_employee)
        self.assertTrue(years[2025].grade_withheld)
        self.assertTrue(years[2026].grade_withheld)
        self.assertIn("yearly evaluation of 2026 is a comment", years[2026].sanction_note)
        self.assertFalse(years[2027].grade_withheld)
        self.assertFalse(years[2027].excellent_barred)

    def test_institution_post_grade_reduction_during_its_period(self):
        """事业单位: 降低岗位等级 (24 months) → no grade in each year of its period."""
        reduction = self._sanction(self.clerk_employee, "post_grade_reduction", "2025-06-01")
        self.assertEqual(reduction.date_end, date(2027, 5, 31))
        for year, withheld in ((2026, True), (2027, True), (2028, False)):
            period = self._open_period(name=f"{year} yearly", date_from=f"{year}-01-01",
                                       date_to=f"{year}-12-31")
            self.assertEqual(self._evaluation(period, self.clerk_employee).grade_withheld,
                             withheld, year)

    def test_institution_warning_bars_excellent_its_year_only(self):
        self._sanction(self.clerk_employee, "warning", "2026-11-20")  # until 2027-05-19
        this_year = self._open_period()
        next_year = self._open_period(name="2027 yearly", date_from="2027-01-01",
                                      date_to="2027-12-31")
        self.assertTrue(self._evaluation(this_year, self.clerk_employee).excellent_barred)
        self.assertFalse(self._evaluation(next_year, self.clerk_employee).excellent_barred)

    def test_sanction_kinds_follow_the_establishment(self):
        """政务处分法 §7 for civil servants and managers of public institutions; 事业单位工作人员
        处分规定 for the other staff: no 记大过, 降级, 撤职, but 降低岗位等级."""
        for user in (self.hr_officer, self.manager):
            with self.assertRaisesText(ValidationError, "Li Ming",
                                       "Lowering of Post Grade is not a sanction of his rules"):
                self._sanction(self.reviewer_employee, "post_grade_reduction", "2026-02-01",
                               user=user)
            for level in ("major_demerit", "demotion", "removal"):
                with self.assertRaisesText(ValidationError, "Zhang Xiaoxue",
                                           "is not a sanction of his rules"):
                    self._sanction(self.clerk_employee, level, "2026-02-01", user=user)
        managed = self._sanction(self.clerk_employee, "demotion", "2026-02-01",
                                 management_post=True)
        self.assertEqual(managed.date_end, date(2028, 1, 31))
        # the post cannot be dropped afterwards to leave an unknown kind behind
        with self.assertRaises(ValidationError):
            managed.with_user(self.hr_officer).management_post = False

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
        expected["post_grade_reduction"] = date(2028, 3, 14)
        for level, end in expected.items():
            employee = self.clerk_employee if level == "post_grade_reduction" \
                else self.reviewer_employee
            sanction = Sanction.create({"employee_id": employee.id,
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
