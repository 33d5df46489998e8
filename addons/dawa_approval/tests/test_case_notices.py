import html as html_lib
import json
import os
import re
import shutil
import subprocess
import tempfile

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DawaCaseCommon

BUREAU = "盘锦市大洼区行政审批局"
PUBLIC_URL = "https://zwfw.dawa.example"


@tagged("post_install", "-at_install")
class TestCaseNotices(DawaCaseCommon, HttpCase):
    """What the applicant gets on paper: each notice's own number in the 版头, the decision's
    draft mark, reasons, licence terms and QR code, the warning when the printed address is
    the server itself, the bureau's address, the Print menu by state, and the 落款 kept with
    the last paragraph on long notices (real PDF, pdftotext per page)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.name = BUREAU
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", PUBLIC_URL)

    def _html(self, kind, records, user=None, lang=None):
        Report = self.env["ir.actions.report"].with_user(user or self.clerk)
        if lang:
            Report = Report.with_context(lang=lang)
        content, _type = Report._render_qweb_html(
            f"dawa_approval.action_report_case_{kind}", records.ids)
        return content.decode()

    def _count(self, html, css_class):
        """Elements of the document with ``css_class`` (the style sheet names them all)."""
        return len(lxml_html.fromstring(html).xpath(
            f"//*[contains(concat(' ', @class, ' '), ' {css_class} ')]"))

    def _head_number(self, html):
        return lxml_html.fromstring(html).xpath(
            "//p[contains(@class, 'dawa_doc_number')]")[0].text_content().strip()

    def _accepted_case(self, items=None, **values):
        case = self._provide_all(self._create_case(items, **values))
        case.with_user(self.clerk).action_accept()
        return case

    def _approved_case(self, **values):
        case = self._submit(self._accepted_case(**values))
        case.with_user(self.approver).action_approve()
        return case

    # ------------------------------------------------------------------
    # numbers of the notices (GB/T 9704 发文字号)
    # ------------------------------------------------------------------

    def test_each_notice_has_its_own_number_in_the_head(self):
        with freeze_time("2026-11-23"):
            first = self._accepted_case()
            second = self._accepted_case()
            correction = self._create_case(correction_note="请在每页签字。")
            correction.with_user(self.clerk).action_request_correction()
            extended = self._accepted_case(extension_reason="需现场核查。")
            extended.with_user(self.manager).action_extend()
        pattern = r"^大洼审批{}字〔2026〕(\d+)号$"
        one = int(re.match(pattern.format("受"), first.acceptance_ref).group(1))
        self.assertEqual(second.acceptance_ref, f"大洼审批受字〔2026〕{one + 1}号")
        self.assertRegex(correction.correction_ref, pattern.format("补"))
        self.assertRegex(extended.extension_ref, pattern.format("延"))
        self.assertFalse(correction.acceptance_ref)
        for kind, case, number in (("acceptance", first, first.acceptance_ref),
                                   ("correction", correction, correction.correction_ref),
                                   ("extension", extended, extended.extension_ref)):
            html = self._html(kind, case)
            self.assertEqual(self._head_number(html), number, kind)
            # the application number is in the body only
            self.assertNotIn(case.name, self._head_number(html))
            self.assertIn(case.name, html)
        decided = self._approved_case()
        self.assertEqual(self._head_number(self._html("approval", decided)),
                         decided.decision_ref)
        # the approval sheet and the proof of delivery are forms: no number in the head
        self.assertEqual(self._head_number(self._html("delivery_receipt", decided)), "")

    def test_notice_numbers_refused_on_direct_write(self):
        case = self._accepted_case()
        for user in (self.clerk, self.manager):
            with self.assertRaises(UserError):
                case.with_user(user).write({"acceptance_ref": "大洼审批受字〔2026〕999号"})
            with self.assertRaises(UserError):
                self._create_case(user=self.clerk).with_user(user).write(
                    {"correction_ref": "x"})
        with self.assertRaises(UserError):
            self._create_case(extension_ref="大洼审批延字〔2026〕1号")

    # ------------------------------------------------------------------
    # the decision
    # ------------------------------------------------------------------

    def test_unsealed_decision_is_a_draft_with_the_stamp_guide(self):
        """Before the seal keeper seals it, the decision prints with 草稿（未用印）across the
        page and the dashed guide for the stamp; sealed by hand, the same page without the
        draft mark; sealed electronically, no guide for a stamp either."""
        self.electronic_seal.state = "suspended"
        case = self._approved_case()
        self.assertFalse(case.sealed)
        tree = lxml_html.fromstring(self._html("approval", case))
        self.assertEqual(len(tree.xpath("//div[contains(@class, 'dawa_doc_draft')]")), 1)
        guide = tree.xpath("//div[contains(@class, 'dawa_doc_seal_position')]")
        self.assertEqual(len(guide), 1)
        self.assertNotIn("dawa_doc_sealed", guide[0].get("class"))
        case.with_user(self.seal_keeper).action_seal()
        tree = lxml_html.fromstring(self._html("approval", case))
        self.assertFalse(tree.xpath("//div[contains(@class, 'dawa_doc_draft')]"))
        self.assertTrue(tree.xpath("//div[@class='dawa_doc_seal_position']"))
        # the notices sealed by hand never carry the draft mark
        self.assertEqual(self._count(self._html("acceptance", case), "dawa_doc_draft"), 0)
        self.electronic_seal.state = "in_use"
        electronic = self._approved_case()
        self.assertTrue(electronic.sealed)
        html = self._html("approval", electronic)
        self.assertEqual(self._count(html, "dawa_doc_draft"), 0)
        self.assertNotIn("(Seal)", html)

    def test_decision_has_reasons_terms_and_qr(self):
        approved = self._approved_case(decision_note="现场核查符合要求。")
        html = self._html("approval", approved)
        tree = lxml_html.fromstring(html)
        self.assertEqual(tree.xpath("//p[contains(@class, 'dawa_doc_reasons')]")[0]
                         .text_content().strip(), "现场核查符合要求。")
        self.assertIn("Reasons for the decision:", html)
        qr = tree.xpath("//table[contains(@class, 'dawa_doc_qr')]//img")
        self.assertEqual(len(qr), 1)
        self.assertTrue(qr[0].get("src").startswith("data:image/png;base64,"))
        self.assertIn(f"{PUBLIC_URL}/dawa/publicity", html)
        self.assertIn(f"{PUBLIC_URL}/dawa/publicity?q=", approved._get_decision_qr_url("approval"))
        # an approval without written reasons gives the statutory finding
        plain = self._approved_case()
        self.assertIn("meets the conditions and standards",
                      lxml_html.fromstring(self._html("approval", plain)).xpath(
                          "//p[contains(@class, 'dawa_doc_reasons')]")[0].text_content())
        denied = self._submit(self._accepted_case(decision_note="项目选址位于蓄滞洪区。"))
        denied.with_user(self.approver).action_deny()
        tree = lxml_html.fromstring(self._html("denial", denied))
        self.assertEqual(tree.xpath("//p[contains(@class, 'dawa_doc_reasons')]")[0]
                         .text_content().strip(), "项目选址位于蓄滞洪区。")
        self.assertEqual(len(tree.xpath("//table[contains(@class, 'dawa_doc_qr')]//img")), 1)

    # ------------------------------------------------------------------
    # the public address
    # ------------------------------------------------------------------

    def test_loopback_address_warns_the_clerk(self):
        """A notice whose QR code and links carry the server's own address says so in red,
        and the case form shows the warning (public_url_loopback)."""
        case = self._approved_case()
        for kind in ("acceptance", "approval"):
            self.assertEqual(self._count(self._html(kind, case), "dawa_doc_url_warning"), 0)
        self.assertFalse(case.public_url_loopback)
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "http://localhost:8069")
        case.invalidate_recordset(["public_url_loopback"])
        self.assertTrue(case.with_user(self.clerk).public_url_loopback)
        for kind in ("acceptance", "approval"):
            tree = lxml_html.fromstring(self._html(kind, case))
            warning = tree.xpath("//p[contains(@class, 'dawa_doc_url_warning')]")
            self.assertEqual(len(warning), 1, kind)
            self.assertIn("http://localhost:8069", warning[0].text_content())
        # the bureau's public address setting wins over web.base.url
        self.env["ir.config_parameter"].sudo().set_param(
            "dawa_approval.public_base_url", PUBLIC_URL)
        case.invalidate_recordset(["public_url_loopback"])
        self.assertFalse(case.public_url_loopback)
        self.assertEqual(self._count(self._html("acceptance", case), "dawa_doc_url_warning"), 0)
        form = self.env["dawa.approval.case"].with_user(self.clerk).get_views(
            [(False, "form")])["views"]["form"]["arch"]
        self.assertIn("o_dawa_public_url_warning", form)

    # ------------------------------------------------------------------
    # the bureau's address
    # ------------------------------------------------------------------

    def test_bureau_address_in_the_data(self):
        """Every installation gets the bureau's Chinese address (data/res_company_data.xml),
        and the acceptance notice prints the window address of the settings."""
        company = self.env.ref("base.main_company")
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company.state_id, self.env.ref("base.state_cn_LN"))
        self.assertEqual(company.city, "盘锦市")
        self.assertEqual(company.zip, "124200")
        self.assertIn("大洼区", company.street)
        self.env.company.dawa_window_address = "大洼区政务服务中心一楼 3号窗口"
        html = self._html("acceptance", self._accepted_case())
        self.assertIn("大洼区政务服务中心一楼 3号窗口", html)
        self.assertIn("124200", html)
        self.assertNotIn("California", html)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.dawa_window_address, "大洼区政务服务中心一楼 3号窗口")

    # ------------------------------------------------------------------
    # the Print menu, by state, and the routes
    # ------------------------------------------------------------------

    def _offered(self, case, user):
        """The case documents of the Print menu the web client shows ``user`` on ``case``:
        the report bindings of his groups, filtered by their domain."""
        bindings = self.env["ir.actions.actions"].with_user(user).get_bindings(
            "dawa.approval.case").get("report", [])
        Report = self.env["ir.actions.report"].with_user(user)
        valid = Report.browse([binding["id"] for binding in bindings]).get_valid_action_reports(
            "dawa.approval.case", case.ids)
        return {report.report_name.removeprefix("dawa_approval.report_case_")
                for report in Report.browse(valid)
                if report.report_name.startswith("dawa_approval.report_case_")}

    def test_print_menu_offers_the_documents_of_the_state(self):
        received = self._create_case()
        accepted = self._accepted_case()
        approved = self._approved_case()
        bindings = self.env["ir.actions.report"].search(
            [("binding_model_id.model", "=", "dawa.approval.case"),
             ("report_name", "=like", "dawa_approval.report_case_%")])
        self.assertEqual(len(bindings.filtered(lambda r: r.binding_type == "report")), 9)
        self.assertEqual(self._offered(received, self.clerk), set())
        self.assertEqual(self._offered(accepted, self.clerk), {"acceptance"})
        self.assertEqual(self._offered(approved, self.clerk),
                         {"acceptance", "approval", "delivery_receipt"})
        # the reviewers' approval sheet is in their menu only
        self.assertIn("approval_sheet", self._offered(approved, self.reviewer))
        # the special procedure notice once a procedure started, and after it ended
        accepted.suspension_procedure_id = self.hearing
        accepted.with_user(self.reviewer).action_suspend()
        self.assertEqual(self._offered(accepted, self.clerk), {"acceptance", "special_procedure"})
        accepted.with_user(self.reviewer).action_resume()
        self.assertIn("special_procedure", self._offered(accepted, self.clerk))

    def _download(self, kind, case, user):
        self.authenticate(user.login, user.login)
        page = self.url_open("/odoo/action-dawa_approval.dawa_approval_case_action")
        marker = 'csrf_token: "'
        start = page.text.index(marker) + len(marker)
        csrf = page.text[start:page.text.index('"', start)]
        with mute_logger("odoo.addons.web.controllers.report", "odoo.http"):
            return self.url_open("/report/download", data={
                "data": json.dumps([f"/report/pdf/dawa_approval.report_case_{kind}/{case.id}",
                                    "qweb-pdf"]),
                "context": json.dumps({"lang": "zh_CN"}),
                "token": "dummy",
                "csrf_token": csrf,
            }, timeout=60)

    def test_server_refuses_a_document_out_of_its_state(self):
        """A typed /report/ URL gets the same answer as the menu: no approval decision for
        a case only accepted, with a message in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dawa_approval"], ["zh_CN"],
                                                        overwrite=True)
        self.clerk.lang = "zh_CN"
        case = self._accepted_case()
        response = self._download("approval", case, self.clerk)
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
        message = json.loads(html_lib.unescape(response.text))["data"]["message"]
        self.assertIn(case.name, message)
        self.assertIn("准予行政许可决定书", message)
        self.assertIn("不能打印", message)
        response = self._download("acceptance", case, self.clerk)
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(response.headers["Content-Type"], "application/pdf")

    # ------------------------------------------------------------------
    # real PDF: the 落款 stays with the last paragraph
    # ------------------------------------------------------------------

    def test_draft_mark_across_the_unsealed_decision_pdf(self):
        """草稿（未用印）reads back from the PDF of a decision waiting for its seal, on the
        same page layout as the sealed one, and is gone once it is sealed."""
        self.assertTrue(shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dawa_approval"], ["zh_CN"],
                                                        overwrite=True)
        self.electronic_seal.state = "suspended"
        with freeze_time("2026-11-23"):
            case = self._approved_case(applicant_name="盘锦鑫达建筑工程有限公司",
                                       decision_note="经现场核查，施工场地、安全措施符合要求。")
        # -raw: the text in the order it is drawn (the mark is rotated across the page)
        draft = self._pdf_pages("approval", case, "approval_draft", "-raw")
        self.assertIn("草稿（未用印）", "".join(draft))
        for expected in ("决定理由", "经现场核查", "2026年11月23日", case.decision_ref, BUREAU):
            self.assertIn(expected, "".join(draft))
        case.with_user(self.seal_keeper).action_seal()
        sealed = self._pdf_pages("approval", case, "approval_sealed_by_hand", "-raw")
        self.assertNotIn("草稿", "".join(sealed))
        self.assertEqual(len(sealed), len(draft))

    def _pdf_pages(self, kind, case, name, mode="-layout"):
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        pdf, _type = self.env["ir.actions.report"].with_user(self.clerk).with_context(
            force_report_rendering=True, lang="zh_CN")._render_qweb_pdf(
                f"dawa_approval.action_report_case_{kind}", case.ids)
        if os.environ.get("DAWA_PDF_DIR"):  # to look at them: DAWA_PDF_DIR=dir ./dawa test
            with open(os.path.join(os.environ["DAWA_PDF_DIR"], f"{name}.pdf"), "wb") as out:
                out.write(pdf)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(["pdftotext", mode, handle.name, "-"],
                                  capture_output=True, check=True, text=True).stdout
        return ["".join(page.split()) for page in text.split("\f") if page.strip()]

    def test_long_notices_keep_the_signature_with_the_last_paragraph(self):
        self.assertTrue(shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dawa_approval"], ["zh_CN"],
                                                        overwrite=True)
        item = self._create_item(self.bureau, name="饮用水供水单位卫生许可", material_ids=[
            Command.create({"name": f"申请材料第{index}项（须加盖申请单位公章的复印件）",
                            "sequence": index, "original_copies": 1, "photocopies": 1})
            for index in range(1, 19)])
        item.action_publish()
        with freeze_time("2026-11-23"):
            accepted = self._accepted_case(item, applicant_name="盘锦鑫达建筑工程有限公司")
            correction = self._create_case(item, applicant_name="盘锦鑫达建筑工程有限公司",
                                           correction_note="请补充全部材料。\n" * 6)
            correction.with_user(self.clerk).action_request_correction()
        notices = [("acceptance", accepted, "可以扫描下方二维码"),
                   ("correction", correction, "本机关将予以受理")]
        # notes of 4 to 25 lines move the page break through the closing paragraph and the
        # 落款 of a correction notice: wherever it falls, they stay together
        for lines in range(4, 28, 3):
            with freeze_time("2026-11-23"):
                case = self._create_case(applicant_name="盘锦鑫达建筑工程有限公司",
                                         correction_note="\n".join(
                                             f"{index}. 请在申请表第{index}页加盖公章。"
                                             for index in range(1, lines + 1)))
                case.with_user(self.clerk).action_request_correction()
            notices.append((f"correction_{lines}", case, "本机关将予以受理"))
        two_pages = 0
        for name, case, last in notices:
            kind = name.split("_")[0]
            with self.subTest(notice=name):
                pages = self._pdf_pages(kind, case, f"long_{name}")
                if len(pages) == 1:
                    continue
                two_pages += 1
                end = pages[-1]
                # the last page holds the last paragraph (or QR code), the 落款 and the date
                self.assertIn(last, end)
                self.assertIn(BUREAU, end)
                self.assertIn("2026年11月23日", end)
                # ... and it is not the 落款 alone
                self.assertGreater(len(end), len(BUREAU) + 20)
                if kind == "acceptance":
                    self.assertIn(case_query_code(case), end)
        self.assertGreaterEqual(two_pages, 4)
        # a notice of a few materials fits on its page, QR code beside the 落款
        with freeze_time("2026-11-23"):
            short = self._accepted_case(applicant_name="盘锦鑫达建筑工程有限公司")
        pages = self._pdf_pages("acceptance", short, "short_acceptance")
        self.assertEqual(len(pages), 1)
        self.assertIn(case_query_code(short), pages[0])


def case_query_code(case):
    return case.sudo().query_code
