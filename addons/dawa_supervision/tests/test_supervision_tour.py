from odoo.tests import HttpCase, tagged

from .common import DawaSupervisionCommon


@tagged("post_install", "-at_install")
class TestSupervisionTours(DawaSupervisionCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._approved_case(applicant_name="Tour Licence Holder Co.")
        cls.task = cls._tasks(cls.case, cls.housing)

    def test_department_desk(self):
        self.start_tour("/odoo", "dawa_supervision_department_tour",
                        login=self.housing_user.login)
        self.assertEqual(self.task.state, "done")
        self.assertEqual(self.task.result, "compliant")
        self.assertEqual(self.task.done_user_id, self.housing_user)

    def test_leader_dashboard_panel(self):
        self.start_tour("/odoo", "dawa_supervision_dashboard_tour",
                        login=self.manager.login)
