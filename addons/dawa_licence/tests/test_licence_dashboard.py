from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import DawaLicenceCommon


@tagged("post_install", "-at_install")
class TestLicenceDashboard(DawaLicenceCommon, HttpCase):
    """The leader's dashboard counts the licences of each item: in force, expiring,
    expired; nobody else reads those figures."""

    def test_figures_per_item(self):
        case = self._approved_case()
        licence = case.licence_id
        self.assertEqual(licence.expiry_status, "valid")
        figures = self.env["dawa.licence"].with_user(self.manager).get_dashboard_figures()
        row = next(row for row in figures if row["item_id"] == self.item.id)
        self.assertEqual((row["in_force"], row["expiring"], row["expired"]), (1, 0, 0))
        for user in (self.clerk, self.seal_keeper):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["dawa.licence"].with_user(user).get_dashboard_figures()

    def test_leader_opens_the_items_licences_from_the_dashboard(self):
        self._approved_case()
        self.start_tour("/odoo", "dawa_licence_dashboard_tour", login=self.manager.login)
