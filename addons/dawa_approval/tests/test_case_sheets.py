import base64
import io
import json
import os
import shutil
import subprocess
import tempfile
from urllib.parse import quote as url_quote

from freezegun import freeze_time
from lxml import html as lxml_html
from PIL import Image, ImageDraw

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DawaCaseCommon

BUREAU = "盘锦市大洼区行政审批局"


def seal_impression_png():
    """A red ring on a transparent background, as an electronic seal's impression."""
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, 194, 194), outline=(230, 0, 18, 255), width=8)
    draw.regular_polygon((100, 100, 40), 5, fill=(230, 0, 18, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestCaseSheets(DawaCaseCommon, HttpCase):
    """The 审批表 (internal approval sheet) and the 送达回证 (proof of delivery); the GB/T 9704
    版头 of the notices; the electronic seal's impression over the seal position."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.name = BUREAU

    def _html(self, kind, records, user=None, lang=None):
        Report = self.env["ir.actions.report"].with_user(user or self.clerk)
        if lang:
            Report = Report.with_context(lang=lang)
        content, report_type = Report._render_qweb_html(
            f"dawa_approval.action_report_case_{kind}", records.ids)
        self.assertEqual(report_type, "html")
        return content.decode()

    def _rows(self, html):
        """{label: value} of the sheet's rows."""
        tree = lxml_html.fromstring(html)
        return {
            row.xpath("th")[0].text_content().strip(): row.xpath("td")[0].text_content().strip()
            for row in tree.xpath("//table[contains(@class, 'dawa_sheet_table')]/tbody/tr")
        }

    def _decided_case(self, deny=False, **values):
        with freeze_time("2026-11-23"):
            case = self._provide_all(self._create_case(**values))
            case.with_user(self.clerk).action_accept()
        with freeze_time("2026-11-24"):
            self._submit(case, "条件符合，建议准予许可。")
        with freeze_time("2026-11-25"):
            if deny:
                case.decision_note = case.decision_note or "Incomplete safety plan."
                case.with_user(self.approver).action_deny()
            else:
                case.with_user(self.approver).action_approve()
        return case

    # ------------------------------------------------------------------
    # 审批表
    # ------------------------------------------------------------------

    def test_approval_sheet_has_every_step(self):
        case = self._decided_case()
        html = self._html("approval_sheet", case, user=self.reviewer)
        rows = self._rows(html)
        self.assertEqual(rows["Application Number"], case.name)
        self.assertEqual(rows["Applicant"], case.applicant_name)
        self.assertIn(self.item.name, rows["Approval Items"])
        self.assertIn(self.item.code, rows["Approval Items"])
        self.assertEqual(rows["Decision Number"], case.decision_ref)
        self.assertEqual(rows["Decision"], "Approved")
        # materials received, with the originals and copies
        for material in case.material_ids:
            self.assertIn(material.name, rows["Materials"])
        # the opinion with its reviewer and date, the decision with its approver and date
        self.assertIn("条件符合，建议准予许可。", rows["Review Opinion"])
        self.assertIn(self.reviewer.name, rows["Review Opinion"])
        self.assertIn("November 24, 2026", rows["Review Opinion"])
        self.assertIn(self.approver.name, rows["Approval Opinion"])
        self.assertIn("November 25, 2026", rows["Approval Opinion"])
        self.assertIn("Approved", rows["Approval Opinion"])
        self.assertIn("November 23, 2026", rows["Accepted On"])
        self.assertIn(BUREAU, html)

    def test_approval_sheet_of_a_denial_gives_the_reasons(self):
        case = self._decided_case(deny=True, decision_note="项目选址位于蓄滞洪区。")
        rows = self._rows(self._html("approval_sheet", case, user=self.reviewer))
        self.assertIn("Denied", rows["Approval Opinion"])
        self.assertIn("项目选址位于蓄滞洪区。", rows["Approval Opinion"])

    def test_approval_sheet_once_the_opinion_is_in(self):
        case = self._provide_all(self._create_case())
        case.with_user(self.clerk).action_accept()
        with self.assertRaisesText(UserError, case.name):
            self._html("approval_sheet", case, user=self.reviewer)
        self._submit(case)
        rows = self._rows(self._html("approval_sheet", case, user=self.reviewer))
        self.assertEqual(rows["Decision Number"], "")
        self.assertIn("The conditions of the licence are met.", rows["Review Opinion"])

    # ------------------------------------------------------------------
    # 送达回证
    # ------------------------------------------------------------------

    def test_proof_of_delivery_by_mail(self):
        case = self._decided_case()
        self._set_delivery(case, method="mail", recipient="王芳", tracking="SF1234567890")
        rows = self._rows(self._html("delivery_receipt", case))
        self.assertEqual(rows["Document Served"], f"Approval Decision {case.decision_ref}")
        self.assertEqual(rows["Person Served"], case.applicant_name)
        self.assertEqual(rows["Received By"], "王芳")
        self.assertEqual(rows["Delivery Method"], "By Mail")
        self.assertEqual(rows["Tracking Number"], "SF1234567890")
        self.assertEqual(rows["Delivery Date"], "")  # written by hand on the day
        self.assertIn("Signature or Seal of the Recipient", rows)
        self.assertIn("Served By", rows)
        with freeze_time("2026-11-27"):
            case.with_user(self.clerk).action_deliver()
        html = self._html("delivery_receipt", case)
        rows = self._rows(html)
        self.assertEqual(rows["Delivery Date"], "November 27, 2026")
        tree = lxml_html.fromstring(html)
        self.assertEqual(len(tree.xpath("//div[contains(@class, 'dawa_doc_seal_position')]")), 1)

    def test_proof_of_delivery_at_the_window_has_no_tracking_number(self):
        case = self._decided_case(deny=True)
        self._set_delivery(case, method="window", recipient="张伟")
        rows = self._rows(self._html("delivery_receipt", case))
        self.assertEqual(rows["Document Served"], f"Denial Decision {case.decision_ref}")
        self.assertEqual(rows["Delivery Method"], "Collected at the Window")
        self.assertNotIn("Tracking Number", rows)

    def test_proof_of_delivery_needs_the_sealed_decision(self):
        self.electronic_seal.state = "suspended"  # the seal keeper's path
        case = self._decided_case()
        self.assertFalse(case.sealed)
        with self.assertRaisesText(UserError, case.name):
            self._html("delivery_receipt", case)
        case.with_user(self.seal_keeper).action_seal()
        self.assertIn(case.decision_ref, self._html("delivery_receipt", case))

    # ------------------------------------------------------------------
    # GB/T 9704 版头 and the seal
    # ------------------------------------------------------------------

    def test_notice_head_in_the_order_of_gbt_9704(self):
        """Issuing authority (red) → document number → red separator line → title."""
        case = self._decided_case()
        for kind in ("approval", "acceptance", "delivery_receipt"):
            tree = lxml_html.fromstring(self._html(kind, case))
            page = tree.xpath("//div[contains(@class, 'page')]")[0]
            classes = [
                element.get("class") for element in page.iter()
                if element.get("class") in ("dawa_doc_issuer", "dawa_doc_number",
                                            "dawa_doc_rule", "dawa_doc_title")]
            self.assertEqual(classes, ["dawa_doc_issuer", "dawa_doc_number", "dawa_doc_rule",
                                       "dawa_doc_title"], kind)
            self.assertEqual(
                tree.xpath("//div[@class='dawa_doc_issuer']")[0].text_content(), BUREAU)
        number = lxml_html.fromstring(self._html("approval", case)).xpath(
            "//p[@class='dawa_doc_number']")[0].text_content()
        self.assertEqual(number, case.decision_ref)
        self.assertRegex(number, r"^大洼审批许字〔2026〕[1-9]\d*号$")

    def _electronic_seal_with_impression(self):
        """The in-use electronic approval seal, now one with its impression."""
        self.electronic_seal.state = "suspended"
        return self.env["dawa.seal"].create({
            "name": "Electronic approval seal with impression",
            "code": "TEST-SEAL-ELECTRONIC-IMG",
            "kind": "electronic",
            "agency_id": self.bureau.id,
            "state": "in_use",
            "impression_image": seal_impression_png(),
        })

    def test_electronic_seal_impression_over_the_seal_position(self):
        seal = self._electronic_seal_with_impression()
        case = self._decided_case()
        self.assertTrue(case.sealed)
        tree = lxml_html.fromstring(self._html("approval", case))
        sealed = tree.xpath("//div[contains(@class, 'dawa_doc_seal_position')]"
                            "[contains(@class, 'dawa_doc_sealed')]")
        self.assertEqual(len(sealed), 1)
        self.assertTrue(sealed[0].xpath("img")[0].get("src").startswith("data:image/png;base64,"))
        # the notices sealed by hand keep an empty seal position
        tree = lxml_html.fromstring(self._html("acceptance", case))
        self.assertFalse(tree.xpath("//div[contains(@class, 'dawa_doc_sealed')]"))
        self.assertEqual(
            len(tree.xpath("//div[contains(@class, 'dawa_doc_seal_position')]")), 1)
        # a decision sealed by the seal keeper with the physical seal: no image
        seal.state = "suspended"
        by_hand = self._decided_case()
        by_hand.with_user(self.seal_keeper).action_seal()
        tree = lxml_html.fromstring(self._html("approval", by_hand))
        self.assertFalse(tree.xpath("//div[contains(@class, 'dawa_doc_sealed')]"))
        # the impression is fixed once the seal is in use
        with self.assertRaisesText(UserError, seal.name):
            seal.with_user(self.seal_keeper).impression_image = seal_impression_png()

    # ------------------------------------------------------------------
    # download and PDF
    # ------------------------------------------------------------------

    def _download(self, report, records, user, lang):
        self.authenticate(user.login, user.login)
        page = self.url_open("/odoo/action-dawa_approval.dawa_approval_case_action")
        marker = 'csrf_token: "'
        start = page.text.index(marker) + len(marker)
        csrf = page.text[start:page.text.index('"', start)]
        url = f"/report/pdf/{report}/{','.join(map(str, records.ids))}"
        with mute_logger("odoo.addons.web.controllers.report"):
            return self.url_open("/report/download", data={
                "data": json.dumps([url, "qweb-pdf"]),
                "context": json.dumps({"lang": lang}),
                "token": "dummy",
                "csrf_token": csrf,
            }, timeout=60)

    def test_download_names_in_chinese(self):
        """The sheets are downloaded as 审批表-<number>.pdf and 送达回证-<decision number>.pdf
        (the zh_CN terms set here as i18n/zh_CN.po gives them)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        names = {
            "approval_sheet": "'审批表-%s' % object.name",
            "delivery_receipt": "'送达回证-%s' % (object.decision_ref or object.name)",
        }
        for kind, name in names.items():
            self.env.ref(f"dawa_approval.action_report_case_{kind}").with_context(
                lang="zh_CN").print_report_name = name
        case = self._decided_case()
        self.approver.lang = "zh_CN"
        for kind, expected in (("approval_sheet", f"审批表-{case.name}.pdf"),
                               ("delivery_receipt", f"送达回证-{case.decision_ref}.pdf")):
            with self.subTest(kind=kind):
                response = self._download(
                    f"dawa_approval.report_case_{kind}", case, self.approver, "zh_CN")
                self.assertEqual(response.status_code, 200, response.text[:500])
                self.assertIn(url_quote(expected), response.headers["Content-Disposition"])

    def test_pdf_text_layer_reads_back(self):
        """wkhtmltopdf + pdftotext, in Chinese: no Kangxi radicals (U+2E80-U+2FDF), the
        bureau, the applicant and the decision number read back exactly."""
        self.assertTrue(shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dawa_approval"], ["zh_CN"],
                                                        overwrite=True)
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        self._electronic_seal_with_impression()
        case = self._decided_case(applicant_name="盘锦鑫达建筑工程有限公司")
        self._set_delivery(case, method="mail", recipient="王芳", tracking="SF1234567890")
        Report = self.env["ir.actions.report"].with_user(self.approver).with_context(
            force_report_rendering=True, lang="zh_CN")
        for kind in ("approval_sheet", "delivery_receipt", "approval"):
            with self.subTest(kind=kind):
                pdf, report_type = Report._render_qweb_pdf(
                    f"dawa_approval.action_report_case_{kind}", case.ids)
                self.assertEqual(report_type, "pdf")
                if os.environ.get("DAWA_PDF_DIR"):
                    with open(os.path.join(os.environ["DAWA_PDF_DIR"], f"{kind}.pdf"),
                              "wb") as out:
                        out.write(pdf)
                with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
                    handle.write(pdf)
                    handle.flush()
                    text = subprocess.run(
                        ["pdftotext", "-layout", handle.name, "-"], capture_output=True,
                        check=True, text=True).stdout
                radicals = sorted({ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF})
                self.assertFalse(radicals, f"{kind}: Kangxi radicals in the text layer")
                compact = "".join(text.split())
                for expected in (BUREAU, case.applicant_name, case.decision_ref):
                    self.assertIn(expected, compact, kind)
                if kind == "approval_sheet":
                    self.assertIn("条件符合，建议准予许可。", compact)
                if kind == "delivery_receipt":
                    self.assertIn("SF1234567890", compact)
                    self.assertIn("王芳", compact)
