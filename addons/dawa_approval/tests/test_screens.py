from odoo.tests import HttpCase, tagged

from .common import DawaCaseCommon


@tagged("post_install", "-at_install")
class TestScreens(DawaCaseCommon, HttpCase):
    """Screens as the web client shows them: the dashboard's complaints panel sees the
    month's complaint; the import dialog downloads its template before a file is chosen."""

    def test_dashboard_shows_the_months_complaint(self):
        self.env["dawa.complaint"].create({
            "complainant_name": "王秀英", "content": "窗口排队一个小时无人叫号。"})
        self.start_tour("/odoo", "dawa_dashboard_complaints_tour", login=self.manager.login)

    def test_item_import_template_before_a_file(self):
        self.start_tour("/odoo", "dawa_item_import_template_tour",
                        login=self.catalog_admin.login)

    def test_refused_record_keeps_the_menu(self):
        """A window clerk opens a complaint (bureau leaders only) by its URL: a plain
        refusal, then the web client with its menu, not a blank page."""
        complaint = self.env["dawa.complaint"].create({
            "complainant_name": "王秀英", "content": "窗口排队一个小时无人叫号。"})
        self.start_tour(
            f"/odoo/action-dawa_approval.dawa_complaint_action/{complaint.id}",
            "dawa_access_refusal_tour", login=self.clerk.login)
