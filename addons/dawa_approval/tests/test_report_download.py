import json
from urllib.parse import quote as url_quote

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DawaCaseCommon


@tagged("post_install", "-at_install")
class TestReportDownload(DawaCaseCommon, HttpCase):
    """PDFs downloaded the way the web client downloads them: ``/report/download``, which
    names the file from ``print_report_name`` for one record (and never evaluates it for
    several)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_item = cls._create_item(cls.water, name="Water intake permit")
        cls.other_item.action_publish()

    def _download(self, report, records, lang="en_US"):
        self.authenticate(self.catalog_admin.login, self.catalog_admin.login)
        url = f"/report/pdf/{report}/{','.join(map(str, records.ids))}"
        with mute_logger("odoo.addons.web.controllers.report"):
            return self.url_open("/report/download", data={
                "data": json.dumps([url, "qweb-pdf"]),
                # under test, the report comes back as its HTML: wkhtmltopdf could not fetch
                # the assets from this test server while it serves the download (the real
                # PDF is tested in test_case_documents)
                "context": json.dumps({"lang": lang}),
                "token": "dummy",
                "csrf_token": self.csrf_token(),
            }, timeout=60)

    def csrf_token(self):
        # a page of the back end carries the session's token, as the web client reads it
        response = self.url_open("/odoo/action-dawa_approval.dawa_approval_item_action")
        marker = 'csrf_token: "'
        start = response.text.index(marker) + len(marker)
        return response.text[start:response.text.index('"', start)]

    def test_guide_card_of_one_item(self):
        response = self._download("dawa_approval.report_item_guide_card", self.item)
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn(f"Service%20Guide%20Card-{self.item.code}.pdf",
                      response.headers["Content-Disposition"])
        self.assertIn(f'data-item-id="{self.item.id}"', response.text)

    def test_file_name_in_the_users_language(self):
        """``print_report_name`` is translated: a Chinese user downloads 办事指南明白卡-<code>.pdf
        (the zh_CN term is set here as i18n/zh_CN.po gives it)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        action = self.env.ref("dawa_approval.action_report_item_guide_card")
        action.with_context(lang="zh_CN").print_report_name = "'办事指南明白卡-%s' % object.code"
        self.catalog_admin.lang = "zh_CN"  # the file is named in the user's language
        response = self._download("dawa_approval.report_item_guide_card", self.item, "zh_CN")
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn(url_quote(f"办事指南明白卡-{self.item.code}.pdf"),
                      response.headers["Content-Disposition"])

    def test_guide_cards_of_several_items(self):
        response = self._download("dawa_approval.report_item_guide_card",
                                  self.item | self.other_item)
        self.assertEqual(response.status_code, 200, response.text[:500])
        for item in self.item | self.other_item:
            self.assertIn(f'data-item-id="{item.id}"', response.text)
