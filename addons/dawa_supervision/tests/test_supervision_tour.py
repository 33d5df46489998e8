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

    def test_other_departments_task_refused_plainly(self):
        """The water department opens the housing department's task by its URL: a plain
        refusal by the record rule, then its own screen with the menu."""
        self.start_tour(
            f"/odoo/action-dawa_supervision.dawa_supervision_task_action/{self.task.id}",
            "dawa_access_refusal_tour", login=self.water_user.login)
