import psycopg2
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import APPLY_DAY, BUILDER_USCC, PROJECT_CODE, DawaProjectCommon


@tagged("post_install", "-at_install")
class TestProjectCodes(DawaProjectCommon):
    def test_code_is_normalised_and_checked(self):
        project = self._create_project(code=f" {PROJECT_CODE.replace('-', '－')} ")
        self.assertEqual(project.code, PROJECT_CODE)
        for bad in ("2026-211104-59-03-00105", "2026-2111049-59-03-01052",
                    "2026-21110A-59-03-001052"):
            with self.subTest(code=bad), self.assertRaisesText(
                    ValidationError, "The project code", "is not valid"):
                self._create_project(code=bad)

    def test_code_error_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dawa_project"], ["zh_CN"])
        with self.assertRaises(ValidationError) as caught:
            self.env["dawa.project"].with_user(self.clerk).with_context(lang="zh_CN").create({
                "code": "2026-211104", "name": "x", "builder_name": "y",
                "builder_uscc": BUILDER_USCC, "flow_id": self.flow.id})
        self.assertIn("项目代码", str(caught.exception))

    @mute_logger("odoo.sql_db")
    def test_code_is_unique(self):
        self._create_project()
        with self.assertRaises(psycopg2.IntegrityError):
            self._create_project(name="Another project")
            self.env.flush_all()

    def test_builder_credit_code_checked(self):
        with self.assertRaisesText(ValidationError, "check digit"):
            self._create_project(builder_uscc=BUILDER_USCC[:-1] + "A")
        with self.assertRaisesText(ValidationError, "18 characters"):
            self._create_project(builder_uscc=BUILDER_USCC[:-2])
        self.assertEqual(
            self._create_project(builder_uscc=BUILDER_USCC.lower()).builder_uscc, BUILDER_USCC)

    def test_required_at_creation(self):
        Project = self.env["dawa.project"].with_user(self.clerk)
        for missing in ("code", "name", "builder_name", "builder_uscc", "flow_id"):
            vals = {"code": PROJECT_CODE, "name": "x", "builder_name": "y",
                    "builder_uscc": BUILDER_USCC, "flow_id": self.flow.id}
            del vals[missing]
            with self.subTest(missing=missing), self.assertRaises(
                    psycopg2.IntegrityError), mute_logger("odoo.sql_db"):
                Project.create(vals)
                self.env.flush_all()

    def test_division_code_and_planned_dates(self):
        with self.assertRaisesText(ValidationError, "six digits"):
            self._create_project(division_code="21110")
        with self.assertRaisesText(ValidationError, "planned completion"):
            self._create_project(planned_start="2027-05-01", planned_end="2027-04-30")

    def test_works_codes(self):
        project = self._create_project()
        project.with_user(self.clerk).write({"works_ids": [
            (0, 0, {"name": "Cold store 1"}), (0, 0, {"name": "Cold store 2"})]})
        self.assertEqual(project.works_ids.mapped("code"),
                         [f"{PROJECT_CODE}-0001", f"{PROJECT_CODE}-0002"])
        with self.assertRaisesText(ValidationError, "works code", "4 digits"):
            project.with_user(self.clerk).write({"works_ids": [
                (0, 0, {"name": "Bad", "code": f"{PROJECT_CODE}-12"})]})
        with self.assertRaisesText(ValidationError, "works code", "project code"):
            project.with_user(self.clerk).write({"works_ids": [
                (0, 0, {"name": "Bad", "code": "2026-211104-59-03-001053-0001"})]})


@tagged("post_install", "-at_install")
class TestProjectWorkflow(DawaProjectCommon):
    def test_start_done_cancel(self):
        project = self._create_project()
        with self.assertRaisesText(UserError, "Only"):
            project.with_user(self.helper).action_start()
        project.with_user(self.clerk).action_start()
        self.assertEqual(project.state, "in_progress")
        with self.assertRaisesText(UserError, "is In Progress"):
            project.with_user(self.clerk).action_start()
        with self.assertRaisesText(UserError, "not through its flow"):
            project.with_user(self.clerk).action_done()
        with self.assertRaisesText(UserError, "Only"):
            project.with_user(self.clerk).action_cancel()
        with self.assertRaisesText(UserError, "reason"):
            project.with_user(self.manager).action_cancel()
        project.with_user(self.manager).cancel_reason = "The builder gave the project up."
        project.with_user(self.manager).action_cancel()
        self.assertEqual(project.state, "cancelled")
        self.assertEqual(project.cancel_user_id, self.manager)
        with self.assertRaisesText(UserError, "no longer be changed"):
            project.with_user(self.clerk).name = "Renamed"
        with self.assertRaisesText(UserError, "applies for no more stages"):
            self._create_stage(project)

    @freeze_time(APPLY_DAY)
    def test_done_once_every_stage_of_the_flow_is_done(self):
        project = self._create_project()
        first = self._apply(project)
        self._approve(first.case_ids)
        self.assertEqual(first.state, "done")
        with self.assertRaisesText(UserError, "not through its flow"):
            project.with_user(self.clerk).action_done()
        second = self._apply(project, "2", self.stage2_items)
        self._approve(second.case_ids)
        project.with_user(self.clerk).action_done()
        self.assertEqual(project.state, "done")
        self.assertEqual(str(project.done_date), APPLY_DAY)

    def test_code_and_flow_fixed_once_applied(self):
        project = self._create_project()
        project.with_user(self.clerk).code = "2026-211104-59-03-001053"
        self._apply(project)
        with self.assertRaisesText(UserError, "can no longer be changed"):
            project.with_user(self.clerk).code = PROJECT_CODE
        other = self.flow.copy({"name": "Other flow"})
        with self.assertRaisesText(UserError, "flow can no longer be changed"):
            project.with_user(self.clerk).flow_id = other

    def test_never_deleted(self):
        project = self._create_project()
        with self.assertRaisesText(UserError, "never deleted"):
            project.unlink()
