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
        # the common set-up made its employees in English, and hr logged its onboarding hint
        # in English with them; the bureau's HR officer makes them in Chinese
        employees = cls.env["hr.employee"].search([])
        cls.env["mail.message"].sudo().search([
            ("model", "=", "hr.employee"), ("res_id", "in", employees.ids),
            ("body", "ilike", "onboarding plan"),
        ]).unlink()
        cls.env["hr.employee"].with_user(cls.hr_officer).create({"name": "赵丽"})
        period = cls._open_period(name="2026年度考核")
        cls._score(cls._evaluation(period, cls.clerk_employee))

    def test_hr_officer_walks_in_chinese(self):
        self._walk(self.hr_officer)
