from odoo.tests import tagged

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
        cls._apply(project)

    def test_helper_walks_in_chinese(self):
        self._walk(self.helper)

    def test_clerk_walks_in_chinese(self):
        self._walk(self.clerk)
