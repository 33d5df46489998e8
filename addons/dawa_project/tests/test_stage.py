from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged, warmup

from .common import APPLY_DAY, BUILDER_USCC, DawaProjectCommon


@tagged("post_install", "-at_install")
class TestStageApplication(DawaProjectCommon):
    @freeze_time(APPLY_DAY)
    def test_apply_creates_one_case_per_item_with_the_project_data(self):
        project = self._create_project()
        stage = self._create_stage(project, items=self.stage1_items[:3])
        self.assertEqual(stage.state, "draft")
        self.assertFalse(project.current_stage)
        stage.action_apply()
        cases = stage.case_ids
        self.assertEqual(len(cases), 3)
        self.assertEqual(cases.item_ids, self.stage1_items[:3])
        self.assertTrue(all(len(case.line_ids) == 1 for case in cases))
        self.assertEqual(set(cases.mapped("applicant_name")), {project.builder_name})
        self.assertEqual(set(cases.mapped("applicant_type")), {"organization"})
        self.assertEqual(set(cases.mapped("applicant_id_number")), {BUILDER_USCC})
        self.assertEqual(cases.project_id, project)
        self.assertEqual(cases.user_id, self.clerk)
        self.assertEqual(set(cases.mapped("state")), {"received"})
        # each case keeps its own legal time limit
        self.assertEqual(set(cases.mapped("statutory_days")), {20})
        self.assertEqual(stage.state, "applied")
        self.assertTrue(stage.name.startswith("BL2026"))
        self.assertEqual(stage.applied_user_id, self.clerk)
        self.assertEqual(project.state, "in_progress")
        self.assertEqual(str(project.start_date), APPLY_DAY)
        self.assertEqual(project.current_stage, "1")
        self.assertEqual(project.case_count, 3)

    def test_items_of_the_stage_only(self):
        project = self._create_project()
        with self.assertRaisesText(
                ValidationError, "Stage two item 1", "not an item of this stage"):
            self._create_stage(project, "1", self.stage1_items[:1] | self.stage2_items[:1])
        with self.assertRaisesText(ValidationError, "no such stage"):
            self._create_stage(project, "3", self.stage2_items[:1])
        stage = self._create_stage(project, "1", self.stage1_items[:1])
        with self.assertRaisesText(ValidationError, "already has an application of this stage"):
            self._create_stage(project, "1", self.stage1_items[1:2])
        with self.assertRaisesText(ValidationError, "not an item of this stage"):
            stage.with_user(self.clerk).item_ids = [(4, self.stage2_items[0].id)]

    def test_apply_needs_items_a_clerk_and_a_draft(self):
        project = self._create_project()
        stage = self._create_stage(project, items=self.env["dawa.approval.item"])
        with self.assertRaisesText(UserError, "Choose the approval items"):
            stage.with_user(self.clerk).action_apply()
        stage.with_user(self.clerk).item_ids = self.stage1_items[:1]
        for user in (self.helper, self.catalog_admin, self.seal_keeper):
            with self.subTest(user=user.login), self.assertRaisesText(UserError, "Only"):
                stage.with_user(user).action_apply()
        stage.with_user(self.clerk).action_apply()
        with self.assertRaisesText(UserError, "is Applied"):
            stage.with_user(self.clerk).action_apply()
        self.assertEqual(len(stage.case_ids), 1)
        with self.assertRaisesText(UserError, "can no longer be changed"):
            stage.with_user(self.clerk).item_ids = self.stage1_items[:2]
        with self.assertRaisesText(UserError, "cases stay with the project"):
            stage.with_user(self.clerk).unlink()

    def test_stage_deadline_and_progress(self):
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        with freeze_time(APPLY_DAY):
            project = self._create_project()
            stage = self._apply(project)
            self.assertFalse(stage.start_date)
            self.assertFalse(stage.deadline)
            first, second = stage.case_ids.sorted("id")
            self._provide_all(first)
            first.with_user(self.clerk).action_accept()
        self.assertEqual(str(stage.start_date), APPLY_DAY)
        self.assertEqual(stage.deadline, calendar.add(stage.start_date, 10))
        self.assertEqual(str(stage.deadline), "2026-11-16")
        with freeze_time("2026-11-05"):
            self._provide_all(second)
            second.with_user(self.clerk).action_accept()
            self._submit(first)
            first.with_user(self.approver).action_approve()
        self.assertEqual(stage.progress, 50.0)
        self.assertEqual(stage.state, "applied")
        # the first acceptance still starts the stage
        self.assertEqual(str(stage.start_date), APPLY_DAY)
        with freeze_time("2026-11-20"):
            self._submit(second)
            second.with_user(self.approver).action_approve()
            stage.invalidate_recordset(["workdays"])
            self.assertEqual(stage.state, "done")
            self.assertEqual(str(stage.done_date), "2026-11-20")
            # the slowest case: accepted 11-05, decided 11-20 = 11 working days
            self.assertEqual(stage.workdays, 11)
            self.env["dawa.project.stage"]._cron_refresh_deadline_states()
            self.assertEqual(stage.deadline_state, "normal")  # done: no longer late

    def test_stage_turns_overdue(self):
        with freeze_time(APPLY_DAY):
            stage = self._apply(self._create_project(), items=self.stage1_items[:1])
            self._provide_all(stage.case_ids)
            stage.case_ids.with_user(self.clerk).action_accept()
        with freeze_time("2026-11-17"):
            self.env["dawa.project.stage"]._cron_refresh_deadline_states()
        self.assertEqual(stage.deadline_state, "overdue")

    def test_elapsed_days_leave_the_applicant_time_out(self):
        """补正 lies before the case's clock starts; §45 special procedures are left out,
        those under way too."""
        with freeze_time(APPLY_DAY):
            project = self._create_project()
            stage = self._apply(project)
            first, second = stage.case_ids.sorted("id")
            self._provide_all(first)
            first.with_user(self.clerk).action_accept()
            second.with_user(self.clerk).action_request_correction()
        with freeze_time("2026-11-09"):  # a week of correction, then accepted
            self._provide_all(second)
            second.with_user(self.clerk).action_accept()
            first.with_user(self.reviewer).action_start_review()
            # §45: the suspension names a procedure the item declares, with its time
            first.main_item_id.sudo().write({"special_procedure_ids": [Command.create({
                "kind": "expert_review", "name": "专家评审", "max_days": 10})]})
            first.with_user(self.reviewer).write({
                "suspension_reason": "Expert review",
                "suspension_procedure_id": first.main_item_id.special_procedure_ids.id,
            })
            first.with_user(self.reviewer).action_suspend()
        with freeze_time("2026-11-12"):
            project.invalidate_recordset()
            stage.invalidate_recordset()
            # first: 11-02 → 11-12 is 8 working days, 3 of them in the expert review
            # (11-09 → 11-12, under way); second: 11-09 → 11-12 is 3
            self.assertEqual(stage.workdays, 5)
            self.assertEqual(project.elapsed_workdays, 5)
            self.assertEqual(project.remaining_workdays, 25)
            self.assertEqual(project.workday_state, "normal")
            first.with_user(self.reviewer).action_resume()
        with freeze_time("2026-12-18"):
            project.invalidate_recordset()
            stage.invalidate_recordset()
            # first: 11-02 → 12-18 is 34 working days, 3 suspended: 31 > target 30
            self.assertEqual(stage.workdays, 31)
            self.assertEqual(project.elapsed_workdays, 31)
            self.assertEqual(project.workday_state, "overdue")
        with freeze_time("2026-12-15"):
            project.invalidate_recordset()
            stage.invalidate_recordset()
            self.assertEqual(project.elapsed_workdays, 28)
            self.assertEqual(project.workday_state, "warning")

    def test_elapsed_days_add_the_stages(self):
        with freeze_time(APPLY_DAY):
            project = self._create_project()
            first = self._apply(project, items=self.stage1_items[:1])
            self._provide_all(first.case_ids)
            first.case_ids.with_user(self.clerk).action_accept()
        with freeze_time("2026-11-06"):
            self._submit(first.case_ids)
            first.case_ids.with_user(self.approver).action_approve()
            second = self._apply(project, "2", self.stage2_items[:1])
            self._provide_all(second.case_ids)
            second.case_ids.with_user(self.clerk).action_accept()
        with freeze_time("2026-11-10"):
            project.invalidate_recordset()
            self.assertEqual(project.stage_ids.mapped("workdays"), [4, 2])
            self.assertEqual(project.elapsed_workdays, 6)
            self.assertEqual(project.current_stage, "2")


@tagged("post_install", "-at_install")
class TestStageApplicationQueries(DawaProjectCommon):
    @warmup
    def test_query_count_does_not_grow_with_the_items(self):
        """The same queries for 6 items as for 2: the cases, their lines and materials, the
        reuse of the builder's licence are created in one batch each.

        The audit trail (OCA auditlog, ``docs/architecture.md``) writes its log of each
        created case, line and material record by record, about 16 queries a case: it is
        counted apart (one ``create_logs`` call per model, naming every new record)."""
        AuditRule = type(self.env["auditlog.rule"])
        counts = []
        for index, count in enumerate((2, 6)):
            project = self._create_project(code=f"2026-211104-59-03-00105{index}")
            # an earlier case whose licence the new cases reuse
            self._apply(project, "2", self.stage2_items[:1])
            project.stage_ids.case_ids.material_ids.write({"provided": True})
            stage = self._create_stage(project, items=self.stage1_items[:count])
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            with patch.object(AuditRule, "create_logs", autospec=True) as create_logs, \
                    self.assertQueryCount(69):
                stage.action_apply()
                self.env.flush_all()
            counts.append(self.cr.sql_log_count - start)
            logged = [record_id for call in create_logs.call_args_list
                      if call.args[2] == "dawa.approval.case" and call.args[4] == "create"
                      for record_id in call.args[3]]
            self.assertEqual(sorted(logged), sorted(stage.case_ids.ids))
            self.assertEqual(len(stage.case_ids), count)
            self.assertEqual(len(stage.case_ids.material_ids.filtered("reused")), count)
        if self.warm:
            self.assertEqual(counts[1], counts[0], "queries for 2 items, then for 6")
