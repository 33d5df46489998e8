from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.dawa_staff.tests.common import DawaStaffCommon
from odoo.addons.dawa_staff_supervision import post_init_hook


@tagged("post_install", "-at_install")
class TestFeedbackCounts(DawaStaffCommon):
    """The supervision feedback on an evaluation is the departments' written feedback
    against the person's cases, sent in the period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # received by the clerk, reviewed by the reviewer, approved by the approver (the
        # manager): each approval is pushed to the housing department
        cls.case = cls._decided_case("2026-09-07", "2026-09-09")
        cls.other_case = cls._decided_case("2026-09-07", "2026-09-10")
        Task = cls.env["dawa.supervision.task"]
        cls.task = Task.search([("case_id", "=", cls.case.id)])
        cls.other_task = Task.search([("case_id", "=", cls.other_case.id)])
        cls.Feedback = cls.env["dawa.supervision.feedback"].with_user(cls.department_user)

    def _send(self, task, day, description="Building used as a warehouse."):
        with freeze_time(day):
            return self.Feedback.create({"task_id": task.id, "description": description})

    def test_feedback_in_the_period_counts_for_each_person_of_the_case(self):
        self.assertEqual(len(self.task), 1)
        self._send(self.task, "2026-09-15")
        self._send(self.task, "2026-09-28", "Second storey added without permit.")
        self._send(self.other_task, "2026-10-12")  # the next quarter
        period = self._open_period(name="2026 Q3", kind="quarter", date_from="2026-07-01",
                                   date_to="2026-09-30")
        for employee in (self.clerk_employee, self.reviewer_employee, self.manager_employee):
            evaluation = self._evaluation(period, employee)
            self.assertEqual(evaluation.metric_feedback_count, 2, employee.name)
        # the figure lowers the suggested performance score by 2 points a feedback
        clerk = self._evaluation(period, self.clerk_employee)
        self.assertEqual(clerk.metric_timed_count, 2)
        self.assertAlmostEqual(
            clerk.metric_score,
            100 * clerk.metric_on_time_count / 2 - 2 * 2)
        # the yearly evaluation counts the whole year, the October feedback included
        year = self._open_period()
        self.assertEqual(self._evaluation(year, self.clerk_employee).metric_feedback_count, 3)

    def test_refreshed_by_the_manager_and_frozen_once_scored(self):
        period = self._open_period(name="2026 Q3", kind="quarter", date_from="2026-07-01",
                                   date_to="2026-09-30")
        clerk = self._evaluation(period, self.clerk_employee)
        reviewer = self._evaluation(period, self.reviewer_employee)
        self.assertEqual(clerk.metric_feedback_count, 0)
        self._send(self.task, "2026-09-15")
        # the manager refreshes the figures of his people without HR's rights
        clerk.with_user(self.approver).action_refresh_metrics()
        self.assertEqual(clerk.metric_feedback_count, 1)
        self._score(reviewer)
        self._send(self.other_task, "2026-09-16")
        period.with_user(self.hr_officer).action_refresh_metrics()
        self.assertEqual(clerk.metric_feedback_count, 2)
        self.assertEqual(reviewer.metric_feedback_count, 1)  # scored before the second came

    def test_feedback_of_others_cases_does_not_count(self):
        """A colleague who handled none of the cases has none."""
        self._send(self.task, "2026-09-15")
        newcomer = self.env["dawa.staff.secondment"].create({
            "employee_id": self.colleague_employee.id, "origin_agency_id": self.water.id,
            "date_start": "2026-01-05"})
        newcomer.action_start()
        period = self._open_period(name="2026 Q3", kind="quarter", date_from="2026-07-01",
                                   date_to="2026-09-30")
        self.assertEqual(
            self._evaluation(period, self.colleague_employee).metric_feedback_count, 0)
        self.assertEqual(self._evaluation(period, self.clerk_employee).metric_feedback_count, 1)

    def test_installing_the_bridge_counts_the_open_evaluations(self):
        """Installed after dawa_staff (as it is, being auto-installed), the bridge takes the
        figures of the evaluations still open again; the scored ones keep theirs."""
        self._send(self.task, "2026-09-15")
        period = self._open_period(name="2026 Q3", kind="quarter", date_from="2026-07-01",
                                   date_to="2026-09-30")
        clerk = self._evaluation(period, self.clerk_employee)
        reviewer = self._score(self._evaluation(period, self.reviewer_employee))
        # as the figures were before the bridge
        (clerk | reviewer)._workflow_write({"metric_feedback_count": 0})
        post_init_hook(self.env)
        self.assertEqual(clerk.metric_feedback_count, 1)
        self.assertEqual(reviewer.metric_feedback_count, 0)
