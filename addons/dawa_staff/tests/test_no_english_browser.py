from odoo.tests import tagged

from odoo.addons.dawa_approval.tests.test_no_english_browser import ChineseWalkCase

from .common import DawaStaffCommon


@tagged("post_install", "-at_install")
class TestStaffInChinese(DawaStaffCommon, ChineseWalkCase):
    """Every menu an HR officer has, and the first record of each, in Chinese: an open
    evaluation period whose evaluations were self-assessed and scored, with their chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_chinese_records()
        period = cls._open_period(name="2026年度考核")
        cls._score(cls._evaluation(period, cls.clerk_employee))

    def test_hr_officer_walks_in_chinese(self):
        self._walk(self.hr_officer)
