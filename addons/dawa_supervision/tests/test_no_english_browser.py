from odoo.tests import tagged

from odoo.addons.dawa_approval.tests.test_no_english_browser import ChineseWalkCase

from .common import DawaSupervisionCommon


@tagged("post_install", "-at_install")
class TestSupervisionInChinese(DawaSupervisionCommon, ChineseWalkCase):
    """Every menu a department user has, and the first record of each, in Chinese: a pushed
    task he started, with its chatter and its selection fields."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_chinese_records()
        case = cls._approved_case(applicant_name="盘锦建业建筑有限公司")
        cls._tasks(case, cls.housing).with_user(cls.housing_user).action_start()

    def test_department_user_walks_in_chinese(self):
        self._walk(self.housing_user)
