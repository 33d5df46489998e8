from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PUSH_DAY, DawaSupervisionCommon


@tagged("post_install", "-at_install")
class TestSupervisionTask(DawaSupervisionCommon):
    """new → in_progress → done, by the department's users only, the result recorded once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(PUSH_DAY):
            cls.case = cls._approved_case()
        cls.task = cls._tasks(cls.case, cls.housing)
        cls.water_task = cls._tasks(cls.case, cls.water)

    def test_department_user_works_the_task(self):
        task = self.task.with_user(self.housing_user)
        with freeze_time("2026-10-09"):
            task.action_start()
            self.assertEqual((task.state, task.user_id, task.date_started),
                             ("in_progress", self.housing_user, date(2026, 10, 9)))
            task.write({"result": "compliant", "findings": "Site as licensed."})
            self.assertIs(task.action_done(), True)
        self.assertEqual(task.state, "done")
        self.assertEqual(task.date_done, date(2026, 10, 9))
        self.assertEqual(task.done_user_id, self.housing_user)
        self.assertTrue(task.on_time)
        self.assertFalse(task.activity_ids, "the department's activities are closed")
        self.assertFalse(task.feedback_ids)

    def test_done_late(self):
        task = self.task.with_user(self.housing_user)
        task.action_start()
        task.write({"result": "compliant"})
        with freeze_time("2026-10-19"):  # deadline: 16 October
            task.action_done()
        self.assertFalse(task.on_time)

    def test_start_assigns_only_a_colleague(self):
        task = self.task.with_user(self.housing_user)
        task.write({"user_id": self.housing_user2.id})
        task.action_start()
        self.assertEqual(task.user_id, self.housing_user2)
        with self.assertRaisesText(ValidationError, "does not work for"):
            task.write({"user_id": self.water_user.id})

    def test_result_and_findings_required(self):
        task = self.task.with_user(self.housing_user)
        task.action_start()
        with self.assertRaisesText(UserError, "record the result"):
            task.action_done()
        task.write({"result": "violation"})
        with self.assertRaisesText(UserError, "describe the violation"):
            task.action_done()
        self.assertEqual(task.state, "in_progress")

    def test_steps_in_order(self):
        task = self.task.with_user(self.housing_user)
        with self.assertRaises(UserError):
            task.action_done()
        task.action_start()
        with self.assertRaises(UserError):
            task.action_start()

    def test_bureau_cannot_work_the_task(self):
        for user in (self.clerk, self.approver, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):  # AccessError is a UserError too
                    self.task.with_user(user).action_start()
                with self.assertRaises(AccessError):
                    self.task.with_user(user).write({"result": "compliant"})
        self.assertEqual(self.task.state, "new")

    def test_other_department_cannot_work_the_task(self):
        with self.assertRaises(AccessError):
            self.task.with_user(self.water_user).action_start()
        with self.assertRaises(AccessError):
            self.task.with_user(self.water_user).write({"findings": "Forged"})
        self.assertEqual(self.task.state, "new")
        self.assertFalse(self.task.findings)

    def test_workflow_fields_refused(self):
        task = self.task.with_user(self.housing_user)
        forged = {
            "state": "done", "deadline": "2030-01-01", "date_done": "2026-09-28",
            "on_time": True, "holder_name": "Someone else", "decision_ref": "forged",
            "agency_id": self.water.id, "case_id": False, "kind": "verification",
            "licence_scope": "Anywhere", "deadline_state": "overdue",
        }
        for name, value in forged.items():
            with self.subTest(field=name), self.assertRaises(UserError):
                task.write({name: value})
        self.assertEqual(self.task.state, "new")
        self.assertEqual(self.task.holder_name, "Panjin Jianye Construction Co., Ltd.")

    def test_nobody_creates_or_deletes_tasks(self):
        for user in (self.housing_user, self.clerk, self.manager):
            Task = self.env["dawa.supervision.task"].with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Task.create({"findings": "A task of my own"})
                with self.assertRaises(UserError):  # the workflow guard speaks first
                    Task.create({"agency_id": self.housing.id, "case_id": self.case.id})
        with self.assertRaises(UserError):
            self.task.unlink()

    def test_result_frozen_once_done(self):
        self._done(self.task, self.housing_user)
        for vals in ({"result": "violation"}, {"findings": "Changed afterwards"},
                     {"user_id": self.housing_user2.id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.task.with_user(self.housing_user).write(vals)
        self.assertEqual(self.task.result, "compliant")

    def test_violation_is_sent_back_as_written_feedback(self):
        action = self._done(self.task, self.housing_user, "violation",
                            "Two extra floors built beyond the permit.")
        feedback = self.task.feedback_ids
        self.assertEqual(len(feedback), 1)
        self.assertEqual(action["res_model"], "dawa.supervision.feedback")
        self.assertEqual(action["res_id"], feedback.id)
        self.assertEqual((feedback.state, feedback.agency_id, feedback.case_id),
                         ("sent", self.housing, self.case))
        self.assertEqual(feedback.description, "Two extra floors built beyond the permit.")
        self.assertEqual(feedback.user_id, self.housing_user)
        self.assertFalse(feedback.proposed_disposition)

    def test_commitment_verified(self):
        with freeze_time(PUSH_DAY):
            case = self._approved_case(mode="commitment")
        housing = self._tasks(case, self.housing, "verification")
        water = self._tasks(case, self.water, "verification")
        self._done(housing, self.housing_user)
        self.assertEqual(case.commitment_state, "pending", "water has not verified yet")
        self._done(water, self.water_user)
        self.assertEqual(case.commitment_state, "verified")

    def test_commitment_untrue(self):
        with freeze_time(PUSH_DAY):
            case = self._approved_case(mode="commitment")
        verification = self._tasks(case, self.housing, "verification")
        self._done(verification, self.housing_user, "violation",
                   "The pre-treatment plant promised does not exist.")
        self.assertEqual(case.commitment_state, "untrue")
        feedback = verification.feedback_ids
        self.assertEqual(feedback.proposed_disposition, "revocation")
        self.assertEqual(feedback.case_id, case)
        # water's later verification does not clear it
        self._done(self._tasks(case, self.water, "verification"), self.water_user)
        self.assertEqual(case.commitment_state, "untrue")

    def test_deadline_colours_and_reminders(self):
        Task = self.env["dawa.supervision.task"]
        reminders = self.env["mail.activity"].search([
            ("activity_type_id", "=",
             self.env.ref("dawa_supervision.mail_activity_type_supervision_deadline").id)])
        self.assertFalse(reminders)
        with freeze_time("2026-10-13"):  # 3 working days before 16 October
            Task._cron_refresh_deadlines()
        self.assertEqual(self.task.deadline_state, "warning")
        self.assertEqual(self.water_task.deadline_state, "normal")
        self.task.with_user(self.housing_user).action_start()
        with freeze_time("2026-10-19"):
            Task._cron_refresh_deadlines()
            Task._cron_refresh_deadlines()  # once per change, not once per run
        self.assertEqual(self.task.deadline_state, "overdue")
        deadline_type = self.env.ref("dawa_supervision.mail_activity_type_supervision_deadline")
        overdue = self.task.activity_ids.filtered(
            lambda activity: activity.activity_type_id == deadline_type
            and "Overdue" in activity.summary)
        # the inspector who took it, nobody else, once
        self.assertEqual(len(overdue), 1)
        self.assertEqual(overdue.user_id, self.housing_user)
        # a done task is no longer late
        self.task.with_user(self.housing_user).write({"result": "compliant"})
        with freeze_time("2026-10-19"):
            self.task.with_user(self.housing_user).action_done()
            Task._cron_refresh_deadlines()
        self.assertEqual(self.task.deadline_state, "normal")
        self.assertFalse(self.task.on_time)

    def test_department_desk_groups_by_state(self):
        Task = self.env["dawa.supervision.task"].with_user(self.housing_user)
        groups = Task.read_group([], ["state"], ["state"])
        self.assertEqual([group["state"] for group in groups], ["new", "in_progress", "done"])
        self.assertEqual(groups[0]["state_count"], 1)
        action = self.env.ref("dawa_supervision.dawa_supervision_task_action")
        self.assertTrue(action.view_mode.startswith("kanban"))
        mine = Task.search([("user_id", "=", self.housing_user.id)])
        self.assertFalse(mine)
        self.task.with_user(self.housing_user).action_start()
        self.assertEqual(Task.search([("user_id", "=", self.housing_user.id)]), self.task)
