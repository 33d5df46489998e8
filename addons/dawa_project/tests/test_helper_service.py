from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import APPLY_DAY, DawaProjectCommon


@tagged("post_install", "-at_install")
class TestHelperService(DawaProjectCommon):
    """帮办代办: the project's helper is told of every event of its stages, and logs the
    services he gives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(APPLY_DAY):
            cls.project = cls._create_project(helper_user_id=cls.helper.id)
            cls.other = cls._create_project(code="2026-211104-59-03-001099",
                                            helper_user_id=cls.helper2.id)

    def _helper_activities(self, project=None):
        project = project or self.project
        return project.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(
                "dawa_project.mail_activity_type_helper_service"))

    def test_stage_applied_tells_the_helper(self):
        with freeze_time(APPLY_DAY):
            stage = self._apply(self.project)
        activity = self._helper_activities()
        self.assertEqual(activity.user_id, self.helper)
        self.assertIn(stage.name, activity.summary)
        self.assertEqual(str(activity.date_deadline), APPLY_DAY)
        # the helper reads it on his project
        self.assertTrue(activity.with_user(self.helper).read(["summary"]))

    def test_correction_tells_the_helper(self):
        with freeze_time(APPLY_DAY):
            stage = self._apply(self.project)
            case = stage.case_ids[0]
            case.with_user(self.clerk).action_request_correction()
        summaries = self._helper_activities().mapped("summary")
        self.assertTrue(any(case.name in summary and "correction" in summary
                            for summary in summaries), summaries)

    def test_late_stage_tells_the_helper_once(self):
        with freeze_time(APPLY_DAY):
            stage = self._apply(self.project, items=self.stage1_items[:1])
            self._provide_all(stage.case_ids)
            stage.case_ids.with_user(self.clerk).action_accept()
        before = len(self._helper_activities())
        with freeze_time("2026-11-17"):
            self.env["dawa.project.stage"]._cron_refresh_deadline_states()
        self.assertEqual(stage.deadline_state, "overdue")
        late = self._helper_activities().filtered(lambda a: "past its deadline" in a.summary)
        self.assertEqual(late.user_id, self.helper)
        self.assertEqual(len(self._helper_activities()), before + 1)
        with freeze_time("2026-11-18"):
            self.env["dawa.project.stage"]._cron_refresh_deadline_states()
        self.assertEqual(len(self._helper_activities()), before + 1)

    def test_no_helper_no_activity(self):
        project = self._create_project(code="2026-211104-59-03-001077")
        with freeze_time(APPLY_DAY):
            self._apply(project)
        self.assertFalse(self._helper_activities(project))

    def test_helper_logs_his_services(self):
        Service = self.env["dawa.project.service"]
        entry = Service.with_user(self.helper).create({
            "project_id": self.project.id, "kind": "materials",
            "name": "Explained the flood impact report.", "beneficiary": "Wang Haitao"})
        self.assertEqual(entry.user_id, self.helper)
        self.assertEqual(self.project.service_ids, entry)
        entry.with_user(self.helper).name = "Explained the flood impact report twice."
        # not on a project he does not help, not in another's name
        with self.assertRaises(AccessError):
            Service.with_user(self.helper).create({
                "project_id": self.other.id, "name": "x", "beneficiary": "y"})
        with self.assertRaisesText(UserError, "in his own name"):
            Service.with_user(self.helper).create({
                "project_id": self.project.id, "name": "x", "beneficiary": "y",
                "user_id": self.helper2.id})
        with self.assertRaisesText(UserError, "in his own name"):
            entry.with_user(self.helper).write({"user_id": self.helper2.id})
        # another helper neither reads nor changes it; the window reads it only
        with self.assertRaises(AccessError):
            entry.with_user(self.helper2).read(["name"])
        self.assertEqual(Service.with_user(self.clerk).search([]), entry)
        with self.assertRaises(AccessError):
            entry.with_user(self.clerk).write({"name": "Changed by the window"})
        with self.assertRaises(AccessError):
            Service.with_user(self.clerk).create({
                "project_id": self.project.id, "name": "x", "beneficiary": "y"})
        for user in (self.helper, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                entry.with_user(user).unlink()
        action = self.project.with_user(self.helper).action_log_service()
        self.assertEqual(action["context"]["default_project_id"], self.project.id)
        with self.assertRaisesText(UserError, "Only the project's helper"):
            self.project.with_user(self.clerk).action_log_service()
