from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import APPLY_DAY, BUILDER_USCC, PROJECT_CODE, DawaProjectCommon


@tagged("post_install", "-at_install")
class TestProjectAccess(DawaProjectCommon):
    """Who does what, tried over the direct RPC path (``with_user(x).create/write/
    search_read``) as an attacker would, not only through the buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(APPLY_DAY):
            cls.mine = cls._create_project(helper_user_id=cls.helper.id)
            cls.stage = cls._apply(cls.mine)
            cls.other = cls._create_project(code="2026-211104-59-03-001099",
                                            helper_user_id=cls.helper2.id)

    def test_window_creates_projects_others_do_not(self):
        for user in (self.helper, self.catalog_admin, self.seal_keeper, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._create_project(user=user, code="2026-211104-59-03-001100")
        for user in (self.clerk, self.reviewer, self.manager):
            with self.subTest(user=user.login):
                self._create_project(user=user, code=f"2026-211104-59-03-0011{user.id % 100:02d}")

    def test_helper_sees_his_projects_only(self):
        Project = self.env["dawa.project"]
        rows = Project.with_user(self.helper).search_read(
            [], ["code", "state", "elapsed_workdays", "workday_state", "current_stage"])
        self.assertEqual([row["id"] for row in rows], self.mine.ids)
        self.assertEqual(rows[0]["current_stage"], "1")
        with self.assertRaises(AccessError):
            self.stage.case_ids.with_user(self.helper).read(["name"])
        rows = self.env["dawa.project.stage"].with_user(self.helper).search_read([], ["name"])
        self.assertEqual([row["id"] for row in rows], self.stage.ids)
        self.assertEqual(
            Project.with_user(self.helper2).search([]), self.other)
        with self.assertRaises(AccessError):
            self.other.with_user(self.helper).read(["name"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.helper).write({"name": "Renamed by the helper"})
        # the window and the managers see every project
        for user in (self.clerk, self.manager):
            self.assertEqual(Project.with_user(user).search([]), Project.search([]))
        with self.assertRaises(AccessError):
            Project.with_user(self.employee).search_read([], ["name"])

    def test_workflow_fields_refused_on_write_and_create(self):
        for user in (self.clerk, self.manager):
            project = self.other.with_user(user)
            for vals in ({"state": "done"}, {"start_date": "2026-01-01"},
                         {"done_date": "2026-01-01"}, {"cancel_user_id": user.id},
                         {"current_stage": "4"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaisesText(
                        UserError, "can only be changed with its buttons"):
                    project.write(vals)
            with self.assertRaisesText(UserError, "can only be changed with its buttons"):
                self.env["dawa.project"].with_user(user).create({
                    "code": "2026-211104-59-03-001200", "name": "x", "builder_name": "y",
                    "builder_uscc": BUILDER_USCC, "flow_id": self.flow.id,
                    "state": "in_progress"})
        self.assertEqual(self.other.state, "draft")

    def test_stage_workflow_fields_refused(self):
        stage = self.stage.with_user(self.clerk)
        for vals in ({"state": "done"}, {"applied_date": "2026-01-01"},
                     {"applied_user_id": self.manager.id}, {"deadline": "2027-01-01"},
                     {"done_date": "2026-01-01"}, {"name": "BL-FAKE"}, {"progress": 100.0},
                     {"deadline_state": "overdue"}):
            with self.subTest(vals=vals), self.assertRaisesText(
                    UserError, "can only be changed with its buttons"):
                stage.write(vals)
        with self.assertRaisesText(UserError, "can only be changed with its buttons"):
            self.env["dawa.project.stage"].with_user(self.clerk).create({
                "project_id": self.other.id, "stage": "1", "state": "done",
                "item_ids": [Command.set(self.stage1_items[:1].ids)]})

    def test_case_project_fields_set_by_the_application_only(self):
        case = self.stage.case_ids[0].with_user(self.clerk)
        with self.assertRaisesText(UserError, "can only be changed with its buttons"):
            case.write({"project_id": self.other.id})
        with self.assertRaisesText(UserError, "can only be changed with its buttons"):
            case.write({"stage_id": False})
        with self.assertRaisesText(UserError, "can only be changed with its buttons"):
            self._create_case(project_id=self.other.id)
        self.assertEqual(case.project_id, self.mine)

    def test_flows_kept_by_catalogue_admins(self):
        flow = self.flow
        flow.with_user(self.catalog_admin).target_days = 45
        for user in (self.clerk, self.reviewer, self.helper):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                flow.with_user(user).write({"target_days": 200})
        self.assertEqual(flow.with_user(self.clerk).read(["target_days"])[0]["target_days"], 45)
        with self.assertRaises(AccessError):
            self.env["dawa.project.flow"].with_user(self.clerk).create(
                {"name": "x", "kind": "4", "target_days": 20})

    def test_actions_per_role(self):
        project = self.other
        for user in (self.helper, self.catalog_admin, self.seal_keeper):
            with self.subTest(user=user.login), self.assertRaisesText(UserError, "Only"):
                project.with_user(user).action_start()
            with self.subTest(user=user.login), self.assertRaisesText(UserError, "Only"):
                project.with_user(user).action_new_stage()
        action = project.with_user(self.clerk).action_new_stage()
        self.assertEqual(action["context"], {"default_project_id": project.id})
        self.assertEqual(PROJECT_CODE, self.mine.code)
