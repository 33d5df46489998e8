import json
import shutil
import subprocess
import tempfile
import unicodedata

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DawaStaffCommon


@tagged("post_install", "-at_install")
class TestEvaluationForm(DawaStaffCommon, HttpCase):
    """The registration form (年度考核登记表), downloaded the way the web client does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.name = "盘锦市大洼区行政审批局"
        cls.clerk_employee.write({"name": "张晓雪", "gender": "female",
                                  "birthday": "1993-06-09", "certificate": "bachelor",
                                  "political_status": "league_member"})
        cls._decided_case("2026-03-02", "2026-03-04")
        quarter = cls._open_period(name="2026 Q1", kind="quarter", date_from="2026-01-01",
                                   date_to="2026-03-31")
        for evaluation in quarter.evaluation_ids:
            cls._score(evaluation)
        quarter.with_user(cls.hr_officer).action_confirm()
        cls.period = cls._open_period()
        cls.evaluation = cls._evaluation(cls.period, cls.clerk_employee)
        cls._fill(cls.evaluation, summary="全年受理申请三百余件，无超期。")
        cls.evaluation.unit_opinion = "同意评为合格。"
        cls.evaluation.action_self_assess()
        cls.evaluation.action_score()
        cls.evaluation.with_user(cls.hr_officer).action_confirm()

    def csrf_token(self):
        response = self.url_open("/odoo/action-dawa_staff.dawa_staff_secondment_action")
        marker = 'csrf_token: "'
        start = response.text.index(marker) + len(marker)
        return response.text[start:response.text.index('"', start)]

    def _download(self, user, records):
        self.authenticate(user.login, user.login)
        url = f"/report/pdf/dawa_staff.report_evaluation_form/{','.join(map(str, records.ids))}"
        with mute_logger("odoo.addons.web.controllers.report", "odoo.http"):
            return self.url_open("/report/download", data={
                "data": json.dumps([url, "qweb-pdf"]),
                # under test the report comes back as its HTML (see dawa_approval's
                # test_report_download); the real PDF is tested below
                "context": json.dumps({"lang": "en_US"}),
                "token": "dummy",
                "csrf_token": self.csrf_token(),
            }, timeout=60)

    def test_hr_downloads_the_form(self):
        response = self._download(self.hr_officer, self.evaluation)
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("Evaluation%20Registration%20Form",
                      response.headers["Content-Disposition"])
        html = response.text
        self.assertIn(f'data-oe-id="{self.evaluation.id}"', html)
        for expected in (
            "Public Institution Staff Yearly Evaluation Registration Form", "(Year 2026)",
            "张晓雪", "Female", "1993.06", "Bachelor", "Communist Youth League Member",
            "2024.03", "Window clerk", "盘锦市大洼区行政审批局",
            "全年受理申请三百余件，无超期。", "同意评为合格。", "Qualified",
            "Cases decided: 1; decided on time: 1 of 1", "2026 Q1",
            "Personal Summary", "Opinion of the Unit and Grade", "Opinion of the Person",
            "Signature:",
        ):
            self.assertIn(expected, html)

    def test_gender_as_the_form_writes_it(self):
        """性别 女 / 男 on the form, not the HR selection's 女性 / 男性."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dawa_staff"], ["zh_CN"],
                                                        overwrite=True)
        Report = self.env["ir.actions.report"].with_user(self.hr_officer).with_context(
            lang="zh_CN")
        html = Report._render_qweb_html("dawa_staff.action_report_evaluation_form",
                                        self.evaluation.ids)[0].decode()
        cell = lxml_html.fromstring(html).xpath("//th[text()='性别']/following-sibling::td[1]")
        self.assertEqual(cell[0].text_content().strip(), "女")
        self.assertNotIn("女性", html)
        self.clerk_employee.gender = "male"
        html = Report._render_qweb_html("dawa_staff.action_report_evaluation_form",
                                        self.evaluation.ids)[0].decode()
        cell = lxml_html.fromstring(html).xpath("//th[text()='性别']/following-sibling::td[1]")
        self.assertEqual(cell[0].text_content().strip(), "男")

    def test_only_hr_officers_print_it(self):
        response = self._download(self.clerk, self.evaluation)
        self.assertNotIn("张晓雪", response.text)
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")

    def test_comment_only_form(self):
        self.env["dawa.staff.sanction"].create({
            "employee_id": self.reviewer_employee.id, "kind": "sanction", "level": "demerit",
            "date": "2026-02-01", "name": "Falsified a record"})
        evaluation = self._evaluation(self.period, self.reviewer_employee)
        self._fill(evaluation, grade=False)
        evaluation.action_self_assess()
        evaluation.action_score()
        evaluation.with_user(self.hr_officer).action_confirm()
        html = self._download(self.hr_officer, evaluation).text
        self.assertIn("Civil Servant Yearly Evaluation Registration Form", html)
        self.assertIn("No grade: comment only", html)
        self.assertIn("Demerit of 02/01/2026: the yearly evaluation of 2026 is a comment", html)

    def test_pdf_renders_chinese_text(self):
        self.assertTrue(shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed")
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        pdf, report_type = self.env["ir.actions.report"].with_user(self.hr_officer).with_context(
            force_report_rendering=True, lang="en_US")._render_qweb_pdf(
                "dawa_staff.action_report_evaluation_form", self.evaluation.ids)
        self.assertEqual(report_type, "pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(["pdftotext", "-layout", handle.name, "-"],
                                  capture_output=True, check=True, text=True).stdout
        compact = unicodedata.normalize("NFKC", "".join(text.split()))
        for expected in ("张晓雪", "盘锦市大洼区行政审批局", "全年受理申请三百余件",
                         "同意评为合格"):
            self.assertIn(expected, compact)
