from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import BUILDER_USCC, PROJECT_CODE


@tagged("post_install", "-at_install")
class TestProjectTour(HttpCase):
    """A window clerk working in Chinese applies for the first stage of a project from its
    form: the cases are created, the project starts, the timeline shows the stage."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["dawa_approval", "dawa_project"], ["zh_CN"], overwrite=True)
        cls.env["dawa.holiday"]._seed_year(2026)
        bureau = cls.env.ref("dawa_approval.agency_bureau")
        cls.clerk = new_test_user(
            cls.env, login="tour_project_clerk", groups="dawa_approval.group_window_clerk",
            name="Tour Clerk", dawa_agency_id=bureau.id, lang="zh_CN")
        items = cls.env["dawa.approval.item"]
        for code, name in (("TOUR-PRJ-1", "洪水影响评价类审批（测试）"),
                           ("TOUR-PRJ-2", "河道管理范围内建设方案审批（测试）")):
            item = items.create({
                "name": name, "code": code,
                "source_agency_id": cls.env.ref("dawa_approval.agency_water").id,
                "legal_basis": "《中华人民共和国防洪法》第十七条",
                "statutory_days": 20, "promised_days": 10,
                "material_ids": [Command.create({"name": "申请书"})],
            })
            item.action_publish()
            item.handling_agency_id = bureau
            items |= item
        cls.items = items
        flow = cls.env["dawa.project.flow"].create({
            "name": "工业类投资项目审批流程（测试）", "kind": "6", "target_days": 60,
            "stage_line_ids": [Command.create({
                "stage": "1", "days": 10, "item_ids": [Command.set(items.ids)]})],
        })
        cls.project = cls.env["dawa.project"].create({
            "code": PROJECT_CODE, "name": "冷链仓储巡检项目",
            "builder_name": "盘锦辽河冷链物流有限公司",
            "builder_uscc": BUILDER_USCC, "flow_id": flow.id,
        })

    def test_apply_for_a_stage_from_the_project_form(self):
        self.start_tour("/odoo/action-dawa_project.dawa_project_action", "dawa_project_stage_tour",
                        login=self.clerk.login)
        self.assertEqual(self.project.state, "in_progress")
        stage = self.project.stage_ids
        self.assertEqual(stage.state, "applied")
        self.assertEqual(stage.case_ids.item_ids, self.items)
        self.assertEqual(set(stage.case_ids.mapped("applicant_name")), {"盘锦辽河冷链物流有限公司"})
        self.assertEqual(stage.case_ids.user_id, self.clerk)
        self.assertEqual(self.project.elapsed_workdays, 0)
        self.assertEqual(self.project.remaining_workdays, 60)
