from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.dawa_approval.tests.test_no_english_browser import ChineseWalkCase

from .common import BUILDER_USCC, PROJECT_CODE, DawaProjectCommon


@tagged("post_install", "-at_install")
class TestProjectInChinese(DawaProjectCommon, ChineseWalkCase):
    """Every menu a project helper and a window clerk have, and the first record of each, in
    Chinese: a project in its first stage, its stage application and its cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_chinese_records()
        cls.flow.name = "一般社会投资项目审批流程"
        project = cls.env["dawa.project"].with_user(cls.clerk).create({
            "code": PROJECT_CODE, "name": "盘锦港物流园区冷链仓储项目",
            "builder_name": "盘锦辽河冷链物流有限公司", "builder_uscc": BUILDER_USCC,
            "flow_id": cls.flow.id, "helper_user_id": cls.helper.id,
            "address": "大洼区荣兴街道物流园区3号地块",
        })
        stage = cls._apply(project)
        inspection = cls.env["dawa.site.inspection"].with_user(cls.clerk).create({
            "project_id": project.id, "stage_id": stage.id,
            "inspector_ids": [Command.set((cls.reviewer | cls.approver).ids)],
            "agency_ids": [Command.set(cls.water.ids)],
            "findings": "项目用地四至清楚，与申报材料一致，现状为空地。",
        })
        inspection.with_user(cls.clerk).action_done()
        cls.env["dawa.project.service"].with_user(cls.helper).create({
            "project_id": project.id, "kind": "materials",
            "name": "指导建设单位准备洪水影响评价报告。", "beneficiary": "王海涛",
        })
        cls.department = new_test_user(
            cls.env, login="test_prj_dept_walk", name="住建局验收员",
            groups="dawa_supervision.group_department_user", lang="zh_CN",
            tz="Asia/Shanghai", dawa_agency_id=cls.housing.id)
        cls.stage4_item = cls._create_item(cls.housing, name="建设工程消防验收",
                                           code="TEST-PRJ-ZH-4")
        cls.stage4_item.action_publish()
        cls.stage4_item.handling_agency_id = cls.bureau
        cls.flow.write({"stage_line_ids": [Command.create({
            "stage": "4", "days": 5, "item_ids": [Command.set(cls.stage4_item.ids)]})]})
        cls.flow.stage_line_ids.filtered(lambda line: line.stage == "2").days = 5
        stage4 = cls._apply(project, "4", cls.stage4_item)
        acceptance = cls.env["dawa.joint.acceptance"].with_user(cls.clerk).create({
            "project_id": project.id, "stage_id": stage4.id,
            "opinion_ids": [Command.create({"agency_id": cls.housing.id,
                                            "scope": "建设工程消防验收"})],
        })
        acceptance.with_user(cls.clerk).action_request()

    def test_department_walks_in_chinese(self):
        self._walk(self.department)

    def test_helper_walks_in_chinese(self):
        self._walk(self.helper)

    def test_clerk_walks_in_chinese(self):
        self._walk(self.clerk)
