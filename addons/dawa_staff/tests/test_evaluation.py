from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import DawaStaffCommon


@tagged("post_install", "-at_install")
class TestEvaluation(DawaStaffCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period = cls._open_period()
        cls.clerk_evaluation = cls._evaluation(cls.period, cls.clerk_employee)
        cls.reviewer_evaluation = cls._evaluation(cls.period, cls.reviewer_employee)

    def test_opening_gives_everyone_seconded_an_evaluation_from_the_template(self):
        self.assertEqual(self.period.state, "open")
        self.assertEqual(self.period.evaluation_ids.employee_id,
                         self.clerk_employee | self.reviewer_employee | self.manager_employee)
        evaluation = self.clerk_evaluation
        self.assertEqual(evaluation.state, "draft")
        self.assertEqual(evaluation.origin_agency_id, self.housing)
        self.assertEqual(evaluation.establishment_type, "public_institution")
        self.assertEqual(evaluation.manager_user_id, self.approver)
        self.assertEqual(evaluation.secondment_id, self.clerk_secondment)
        self.assertEqual(evaluation.line_ids.mapped("criterion"),
                         ["virtue", "competence", "diligence", "performance", "integrity"])
        self.assertEqual(sum(evaluation.line_ids.mapped("weight")), 100)
        self.assertEqual(evaluation.line_ids.template_line_id, self.template.line_ids)
        # the person is asked for his self-assessment
        activity = evaluation.activity_ids
        self.assertEqual(activity.user_id, self.clerk)
        self.assertEqual(activity.activity_type_id,
                         self.env.ref("dawa_staff.mail_activity_type_self_assessment"))
        # a colleague without secondment is not evaluated; newcomers are added later
        self.assertFalse(self._evaluation(self.period, self.colleague_employee))
        newcomer = self.env["dawa.staff.secondment"].create({
            "employee_id": self.colleague_employee.id, "origin_agency_id": self.water.id,
            "date_start": "2026-09-01"})
        newcomer.action_start()
        self.period.with_user(self.hr_officer).action_add_evaluations()
        self.assertTrue(self._evaluation(self.period, self.colleague_employee))
        self.period.with_user(self.hr_officer).action_add_evaluations()
        self.assertEqual(len(self.period.evaluation_ids), 4)

    def test_flow_self_assessment_score_confirmation(self):
        evaluation = self.clerk_evaluation
        as_clerk = evaluation.with_user(self.clerk)
        as_manager = evaluation.with_user(self.approver)
        with self.assertRaisesText(UserError, "personal summary"):
            as_clerk.action_self_assess()
        as_clerk.write({"self_summary": "Received 300 applications."})
        as_clerk.line_ids.write({"self_score": 90})
        with self.assertRaisesText(UserError, "Only Zhang Xiaoxue"):
            evaluation.with_user(self.reviewer).action_self_assess()
        with freeze_time("2026-12-10"):
            as_clerk.action_self_assess()
        self.assertEqual(evaluation.state, "self_assessed")
        self.assertEqual(evaluation.self_score, 90)
        self.assertEqual(evaluation.activity_ids.user_id, self.approver)
        # scoring
        with self.assertRaisesText(UserError, "Only the manager of Zhang Xiaoxue"):
            evaluation.with_user(self.reviewer).action_score()
        with self.assertRaisesText(UserError, "manager's comment"):
            as_manager.action_score()
        scores = [95, 90, 85, 80, 100]  # weights 20, 20, 15, 35, 10
        as_manager.write({
            "manager_comment": "Reliable and friendly.",
            "line_ids": [Command.update(line.id, {"manager_score": score})
                         for line, score in zip(evaluation.line_ids, scores, strict=True)],
        })
        with self.assertRaisesText(UserError, "Propose a grade"):
            as_manager.action_score()
        as_manager.grade_institution = "competent"
        self.assertEqual(evaluation.grade, "competent")
        self.assertEqual(evaluation.grade_label, "Qualified")
        with freeze_time("2026-12-20"):
            as_manager.action_score()
        expected = (20 * 95 + 20 * 90 + 15 * 85 + 35 * 80 + 10 * 100) / 100
        self.assertEqual(evaluation.final_score, expected)
        self.assertEqual(evaluation.scored_by_id, self.approver)
        self.assertFalse(evaluation.activity_ids)
        # scored: the scores no longer move
        with self.assertRaisesText(UserError, "already scored"):
            evaluation.line_ids[0].manager_score = 10
        with self.assertRaisesText(UserError, "HR Officer"):
            as_manager.action_confirm()
        with freeze_time("2027-01-05"):
            evaluation.with_user(self.hr_officer).action_confirm()
        self.assertEqual(evaluation.state, "confirmed")
        self.assertEqual(evaluation.confirmed_by_id, self.hr_officer)
        # confirmed: frozen for everyone
        with self.assertRaisesText(UserError, "Confirmed"):
            evaluation.with_user(self.hr_officer).unit_opinion = "Changed afterwards"
        with self.assertRaises(UserError):
            evaluation.with_user(self.hr_officer).write({"state": "draft"})

    def _on_behalf_notes(self, evaluation):
        return evaluation.message_ids.filtered(
            lambda message: "on behalf of" in (message.body or ""))

    def test_hr_hands_in_on_behalf(self):
        """Paper forms: HR hands in the self-assessment and the scores for the person and
        the manager (代为提交); the chatter and the record say who did it."""
        evaluation = self._fill(self.clerk_evaluation)
        form = evaluation.with_user(self.hr_officer).get_views([(False, "form")])
        arch = form["views"]["form"]["arch"]
        self.assertIn('string="Hand in on Behalf"', arch)
        self.assertIn('string="Hand in Score on Behalf"', arch)
        # someone who is neither the person, nor HR, hands in nothing
        with self.assertRaisesText(UserError, "Only Zhang Xiaoxue or an HR officer"):
            evaluation.with_user(self.approver).action_self_assess()
        with freeze_time("2026-12-10"):
            evaluation.with_user(self.hr_officer).action_self_assess()
        self.assertEqual(evaluation.self_assessed_by_id, self.hr_officer)
        note = self._on_behalf_notes(evaluation)
        self.assertEqual(len(note), 1)
        self.assertIn("Self-assessment handed in by Test Hr Officer on behalf of Zhang Xiaoxue",
                      note.body)
        self.assertEqual(note.author_id, self.hr_officer.partner_id)
        with freeze_time("2026-12-20"):
            evaluation.with_user(self.hr_officer).action_score()
        self.assertEqual(evaluation.scored_by_id, self.hr_officer)
        note = self._on_behalf_notes(evaluation)[:1]
        self.assertIn("Scores handed in by Test Hr Officer on behalf of", note.body)
        self.assertIn(self.approver.name, note.body)
        # nobody writes who handed it in, HR included, over RPC or otherwise
        for user in (self.hr_officer, self.clerk, self.approver):
            with self.assertRaises(UserError):  # the workflow guard, or the access rights
                evaluation.with_user(user).write({"self_assessed_by_id": self.clerk.id})
        self.assertEqual(evaluation.self_assessed_by_id, self.hr_officer)

    def test_own_hand_in_is_not_on_behalf(self):
        evaluation = self._fill(self.reviewer_evaluation)
        evaluation.with_user(self.reviewer).action_self_assess()
        evaluation.with_user(self.approver).action_score()
        self.assertEqual(evaluation.self_assessed_by_id, self.reviewer)
        self.assertFalse(self._on_behalf_notes(evaluation))

    def test_hr_sends_back(self):
        evaluation = self._score(self.clerk_evaluation)
        evaluation.with_user(self.hr_officer).action_send_back()
        self.assertEqual(evaluation.state, "self_assessed")
        self.assertFalse(evaluation.final_score)
        evaluation.line_ids[0].manager_score = 50  # open again
        evaluation.with_user(self.hr_officer).action_send_back()
        self.assertEqual(evaluation.state, "draft")
        with self.assertRaisesText(UserError, "HR Officer"):
            evaluation.with_user(self.approver).action_send_back()

    def test_grade_labels_follow_the_establishment(self):
        self._fill(self.reviewer_evaluation, grade="basic")
        self._fill(self.clerk_evaluation, grade="basic")
        self.assertEqual(self.reviewer_evaluation.grade_label, "Basically Competent")
        self.assertEqual(self.clerk_evaluation.grade_label, "Basically Qualified")
        self.reviewer_evaluation.grade_civil = "incompetent"
        self.assertEqual(self.reviewer_evaluation.grade_label, "Incompetent")
        self.clerk_evaluation.grade_institution = "incompetent"
        self.assertEqual(self.clerk_evaluation.grade_label, "Unqualified")

    def test_weights_add_up_to_100(self):
        evaluation = self.clerk_evaluation
        with self.assertRaisesText(ValidationError, "add up to 105"):
            evaluation.write({"line_ids": [Command.update(evaluation.line_ids[0].id,
                                                          {"weight": 25})]})
        # two lines changed together keep the total
        evaluation.write({"line_ids": [
            Command.update(evaluation.line_ids[0].id, {"weight": 25}),
            Command.update(evaluation.line_ids[1].id, {"weight": 15}),
        ]})
        # a direct change of one line is caught at the next step
        evaluation.line_ids[2].weight = 20
        self._fill(evaluation)
        with self.assertRaisesText(ValidationError, "add up to 105"):
            evaluation.action_self_assess()
        Template = self.env["dawa.staff.evaluation.template"].with_user(self.hr_officer)
        with self.assertRaisesText(ValidationError, "add up to 90"):
            Template.create({"name": "Short", "line_ids": [
                Command.create({"name": "Work", "weight": 60}),
                Command.create({"name": "Conduct", "weight": 30}),
            ]})
        template = Template.create({"name": "Two criteria", "line_ids": [
            Command.create({"name": "Work", "weight": 60}),
            Command.create({"name": "Conduct", "weight": 40}),
        ]})
        template.line_ids[0].weight = 50
        period = self._create_period(name="Q4", kind="quarter", date_from="2026-10-01",
                                     template_id=template.id)
        with self.assertRaisesText(ValidationError, "add up to 90"):
            period.with_user(self.hr_officer).action_open()

    def test_periodic_results_on_the_yearly_evaluation(self):
        quarters = []
        for number, (start, end) in enumerate(
                [("2026-01-01", "2026-03-31"), ("2026-04-01", "2026-06-30")], start=1):
            quarter = self._open_period(name=f"2026 Q{number}", kind="quarter",
                                        date_from=start, date_to=end)
            for evaluation in quarter.evaluation_ids:
                self._score(evaluation, grade="good" if number == 1 else "average")
            quarter.with_user(self.hr_officer).action_confirm()
            quarters.append(quarter)
        last_year = self._open_period(name="2025 Q4", kind="quarter", date_from="2025-10-01",
                                      date_to="2025-12-31")
        periodic = self.clerk_evaluation.periodic_evaluation_ids
        self.assertEqual(periodic.period_id, quarters[0] | quarters[1])
        self.assertEqual(periodic.mapped("grade_label"), ["Good", "Average"])
        self.assertNotIn(last_year, periodic.period_id)
        self.assertFalse(self._evaluation(quarters[0], self.clerk_employee)
                         .periodic_evaluation_ids)

    def test_period_confirms_all_and_refuses_unscored(self):
        with self.assertRaisesText(UserError, "not scored yet", "Zhang Xiaoxue"):
            self.period.with_user(self.hr_officer).action_confirm()
        for evaluation in self.period.evaluation_ids:
            self._score(evaluation)
        with self.assertRaisesText(UserError, "HR Officer"):
            self.period.with_user(self.approver).action_confirm()
        with freeze_time("2027-01-10"):
            self.period.with_user(self.hr_officer).action_confirm()
        self.assertEqual(self.period.state, "confirmed")
        self.assertEqual(set(self.period.evaluation_ids.mapped("state")), {"confirmed"})
        with self.assertRaisesText(UserError, "confirmed: no evaluation can be added"):
            self.env["dawa.staff.evaluation"].create({
                "period_id": self.period.id, "employee_id": self.colleague_employee.id})
        with self.assertRaisesText(UserError, "Confirmed"):
            self.period.excellent_quota = 50
        with self.assertRaisesText(UserError, "draft evaluation period"):
            self.period.unlink()

    @mute_logger("odoo.sql_db")
    def test_one_evaluation_per_person_and_period(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["dawa.staff.evaluation"].create({
                "period_id": self.period.id, "employee_id": self.clerk_employee.id})


@tagged("post_install", "-at_install")
class TestEvaluationMetrics(DawaStaffCommon):
    """The figures of an evaluation are those of the cases themselves."""

    def test_metrics_match_the_cases(self):
        # item: 3 working days promised. 2026-09-07 is a Monday.
        on_time = self._decided_case("2026-09-07", "2026-09-09", rating="5")
        late = self._decided_case("2026-09-07", "2026-09-15", rating="1")
        denied = self._decided_case("2026-09-14", "2026-09-16", deny=True)
        outside = self._decided_case("2026-06-01", "2026-06-02")
        with freeze_time("2026-09-20"):
            not_accepted = self._provide_all(self._create_case())
            not_accepted.decision_note = "Not our competence."
            not_accepted.with_user(self.clerk).action_not_accept()
        self.assertTrue(on_time.on_time)
        self.assertFalse(late.on_time)
        period = self._open_period(name="2026 Q3", kind="quarter", date_from="2026-07-01",
                                   date_to="2026-09-30")
        clerk = self._evaluation(period, self.clerk_employee)
        reviewer = self._evaluation(period, self.reviewer_employee)
        manager = self._evaluation(period, self.manager_employee)
        cases = on_time | late | denied
        expected_days = sum(cases.mapped("decision_workdays")) / 3
        # the clerk received all four decided in the period (not accepted included)
        self.assertEqual(clerk.metric_case_count, 4)
        self.assertEqual(clerk.metric_timed_count, 3)
        self.assertEqual(clerk.metric_on_time_count, len(cases.filtered("on_time")))
        self.assertAlmostEqual(clerk.metric_on_time_rate,
                               round(100 * len(cases.filtered("on_time")) / 3, 2))
        self.assertAlmostEqual(clerk.metric_avg_workdays, round(expected_days, 2))
        self.assertEqual(clerk.metric_bad_rating_count, 1)
        self.assertEqual(clerk.metric_rectification_count,
                         len(late.sudo().rectification_ids))
        self.assertEqual(clerk.metric_rectification_count, 1)
        self.assertEqual(clerk.metric_feedback_count, 0)
        # the reviewer and the approver handled the three decided after review
        self.assertEqual(reviewer.metric_case_count, 3)
        self.assertEqual(manager.metric_case_count, 3)
        self.assertEqual(manager.metric_bad_rating_count, 1)
        self.assertNotIn(outside, self.env["dawa.staff.case.work"].search(
            [("user_id", "=", self.clerk.id), ("decision_date", ">=", "2026-07-01")]).case_id)
        # the drill-down lists exactly those cases
        action = clerk.with_user(self.hr_officer).action_view_cases()
        rows = self.env[action["res_model"]].with_user(self.hr_officer).search(action["domain"])
        self.assertEqual(rows.case_id, cases | not_accepted)
        action = clerk.with_user(self.hr_officer).action_view_bad_ratings()
        rows = self.env[action["res_model"]].with_user(self.hr_officer).search(action["domain"])
        self.assertEqual(rows.case_id, late)
        # the suggested performance score: on-time rate less 5 per dissatisfied rating
        self.assertAlmostEqual(clerk.metric_score, round(100 * 2 / 3 - 5, 2))
        clerk.with_user(self.approver).action_apply_metric_score()
        performance = clerk.line_ids.filtered(lambda line: line.criterion == "performance")
        self.assertAlmostEqual(performance.manager_score, round(100 * 2 / 3 - 5, 1), places=1)
        # a dissatisfied rating a leader set aside on the staff member's appeal (国办发〔2019〕51号
        # 申诉复核) stays on the case but no longer counts against the staff
        late._workflow_write({"rating_excluded": True})  # what an upheld appeal records
        clerk.with_user(self.approver).action_refresh_metrics()
        self.assertEqual(clerk.metric_bad_rating_count, 0)
        self.assertEqual(late.rating, "1")

    def test_metrics_frozen_once_scored(self):
        period = self._open_period(name="2026 Q3", kind="quarter", date_from="2026-07-01",
                                   date_to="2026-09-30")
        clerk = self._evaluation(period, self.clerk_employee)
        self.assertEqual(clerk.metric_case_count, 0)
        self._decided_case("2026-09-07", "2026-09-09")
        period.with_user(self.hr_officer).action_refresh_metrics()
        self.assertEqual(clerk.metric_case_count, 1)
        self._score(clerk)
        self._decided_case("2026-09-07", "2026-09-10")
        period.with_user(self.hr_officer).action_refresh_metrics()
        self.assertEqual(clerk.metric_case_count, 1)
        # nobody writes the figures by hand
        with self.assertRaises(UserError):
            self._evaluation(period, self.reviewer_employee).with_user(
                self.hr_officer).write({"metric_case_count": 0})

    def test_no_metric_score_without_timed_case(self):
        period = self._open_period(name="2026 Q3", kind="quarter", date_from="2026-07-01",
                                   date_to="2026-09-30")
        clerk = self._evaluation(period, self.clerk_employee)
        with self.assertRaisesText(UserError, "no case with a time limit"):
            clerk.with_user(self.approver).action_apply_metric_score()

    def test_supervision_feedback_hook(self):
        """Without supervision there is no feedback to count; with it, the bridge
        dawa_staff_supervision feeds the hook (its own tests count real feedback) and must
        be installed: a database with both and without the bridge shows 0 for ever."""
        period = self._create_period()
        Evaluation = self.env["dawa.staff.evaluation"]
        counts = Evaluation._get_feedback_counts(self.clerk_employee, period)
        self.assertIsInstance(counts, dict)
        if "dawa.supervision.feedback" not in self.env:
            self.assertEqual(counts, {})
            return
        bridge = self.env["ir.module.module"].search([("name", "=", "dawa_staff_supervision")])
        self.assertEqual(bridge.state, "installed")
        self.assertTrue(bridge.auto_install)

    def test_metrics_query_count_does_not_grow_with_people(self):
        """One pass per period: the same number of queries for 2 and for 12 people."""
        with freeze_time("2026-09-01"):
            counts = []
            for size in (2, 12):
                period = self._create_period(name=f"Size {size}", kind="quarter",
                                             date_from="2026-07-01", date_to="2026-09-30")
                employees = self.env["hr.employee"].create([{
                    "name": f"Person {size}-{index}",
                    "user_id": new_test_user(self.env, login=f"test_q_{size}_{index}").id,
                } for index in range(size)])
                evaluations = self.env["dawa.staff.evaluation"].create([{
                    "period_id": period.id, "employee_id": employee.id,
                } for employee in employees])
                self.env.flush_all()
                self.env.invalidate_all()
                evaluations = evaluations.browse(evaluations.ids)
                before = self.cr.sql_log_count
                evaluations._refresh_metrics()
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - before)
            self.assertEqual(counts[0], counts[1], f"queries for 2 and 12 people: {counts}")
            self.assertLessEqual(counts[1], 10)
