from odoo.tests import HttpCase, tagged

from .common import DawaStaffCommon


@tagged("post_install", "-at_install")
class TestStaffTours(DawaStaffCommon, HttpCase):
    """The screens in a browser: the person's self-assessment, the HR officer's day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._decided_case("2026-09-07", "2026-09-09")
        cls.period = cls._open_period()
        cls.evaluation = cls._evaluation(cls.period, cls.clerk_employee)
        cls.hr_officer.action_id = cls.env.ref("dawa_staff.dawa_staff_secondment_action").id

    def test_self_assessment_tour(self):
        self.start_tour("/odoo", "dawa_staff_self_assessment_tour", login=self.clerk.login)
        self.assertEqual(self.evaluation.state, "self_assessed")
        self.assertEqual(self.evaluation.self_summary, "Received 300 applications, none late.")

    def test_hr_tour(self):
        self.start_tour("/odoo", "dawa_staff_hr_tour", login=self.hr_officer.login)
