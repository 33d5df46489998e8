import base64
import os
import shutil
import subprocess
import tempfile

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import DawaCaseCommon

BUREAU = "盘锦市大洼区行政审批局"
BASE_URL = "https://zwfw.dawa.example"


@tagged("post_install", "-at_install")
class TestCaseDocuments(DawaCaseCommon, HttpCase):
    """The printed documents of a case and the 明白卡 of the items; QR codes cached.

    An ``HttpCase``: for the real PDF, wkhtmltopdf fetches the report assets from the test
    server, which can only answer while the registry is in test mode (outside it, the server
    waits for the registry lock held by the test run and wkhtmltopdf hangs).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.name = BUREAU
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", BASE_URL)
        cls.water_item = cls._create_item(
            cls.water,
            name="Water intake permit",
            code="TEST-WATER-001",
            material_ids=[
                Command.create({"name": "Water resources report", "sequence": 1,
                                "original_copies": 1, "photocopies": 2}),
                Command.create({"name": "Intake facility drawings", "sequence": 2}),
            ],
        )
        cls.water_item.action_publish()
        cls.water_item.handling_agency_id = cls.bureau

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _html(self, kind, records, user=None, lang=None):
        report = f"dawa_approval.action_report_case_{kind}" if kind != "card" else (
            "dawa_approval.action_report_item_guide_card")
        Report = self.env["ir.actions.report"].with_user(user or self.clerk)
        if lang:
            Report = Report.with_context(lang=lang)
        content, report_type = Report._render_qweb_html(report, records.ids)
        self.assertEqual(report_type, "html")
        return content.decode()

    def _cells(self, html, column):
        """Texts of one column of the document's table rows."""
        tree = lxml_html.fromstring(html)
        return [
            cell.text_content().strip()
            for cell in tree.xpath(
                f"//table[contains(@class, 'dawa_doc_table')]/tbody/tr/td[{column}]")
        ]

    def _accepted_case(self, items=None, **values):
        case = self._provide_all(self._create_case(items, **values))
        case.with_user(self.clerk).action_accept()
        return case

    def _qr_attachments(self, record):
        """The cached QR codes of ``record``: a case's hang on its key (``access_token``),
        which only administrators read."""
        return self.env["ir.attachment"].sudo().search([
            ("res_model", "=", record._name), ("res_id", "=", record.id),
            ("res_field", "=", record._qr_attachment_field),
            ("name", "=like", "qr-%.png")])

    # ------------------------------------------------------------------
    # documents
    # ------------------------------------------------------------------

    def test_acceptance_notice_has_qr_and_query_code(self):
        with freeze_time("2026-11-23"):
            case = self._accepted_case()
            html = self._html("acceptance", case)
        token = case.sudo().access_token
        # the long token is in the QR code only: paper carries the query page and the code
        self.assertNotIn(token, html)
        self.assertIn(f"{BASE_URL}/dawa/query", html)
        code = case.sudo().query_code
        tree = lxml_html.fromstring(html)
        printed = tree.xpath("//div[contains(@class, 'dawa_doc_query_code')]")
        self.assertEqual([p.text_content().strip() for p in printed], [f"{code[:4]} {code[4:]}"])
        qr = case._get_qr_image().decode()
        self.assertIn(f"data:image/png;base64,{qr}", html)
        self.assertTrue(base64.b64decode(qr).startswith(b"\x89PNG"))
        for text in (case.name, case.applicant_name, self.item.name, BUREAU,
                     "Article 32, paragraph 1, item 5", "3 working days"):
            self.assertIn(text, html)

    def test_acceptance_notice_lists_every_material_received(self):
        """收件清单: every material provided (with its originals and copies) or accepted with
        tolerance (容缺, nothing received yet), none that is missing."""
        case = self._create_case(self.item | self.water_item)
        lines = {m.name: m for m in case.material_ids}
        for name in ("Application form", "Intake facility drawings", "Water resources report"):
            lines[name].with_user(self.clerk).provided = True
        lines["Construction contract"].with_user(self.clerk).tolerated = True
        # "Site photos" (optional) were not brought
        case.with_user(self.clerk).action_accept()
        html = self._html("acceptance", case)
        received = case.material_ids.filtered(lambda m: m.provided or m.tolerated)
        tree = lxml_html.fromstring(html)
        rows = tree.xpath("//table[contains(@class, 'dawa_doc_received')]/tbody/tr")
        names = [row.xpath("td[2]")[0].text_content().strip() for row in rows]
        self.assertEqual(sorted(names), sorted(received.mapped("name")))
        self.assertEqual(len(names), 4)
        self.assertNotIn("Site photos", names)
        water = rows[names.index("Water resources report")]
        # joint case: No., material, item, originals, copies, remarks
        self.assertEqual([td.text_content().strip() for td in water.xpath("td")[2:5]],
                         [self.water_item.name, "1", "2"])
        tolerated = rows[names.index("Construction contract")]
        self.assertEqual([td.text_content().strip() for td in tolerated.xpath("td")[3:6]],
                         ["0", "0", "To be supplied later (tolerance)"])

    def test_acceptance_notice_has_window_contact_and_seal_position(self):
        self.env.company.write({"dawa_window_address": "大洼区政务服务中心二楼 12号窗口",
                                "dawa_window_phone": "0427-6888888"})
        case = self._accepted_case()
        html = self._html("acceptance", case)
        self.assertIn("大洼区政务服务中心二楼 12号窗口", html)
        self.assertIn("0427-6888888", html)
        # falls back on the company's address and phone
        self.env.company.write({"dawa_window_address": False, "dawa_window_phone": False,
                                "street": "兴盛街 88号", "phone": "0427-6000000"})
        html = self._html("acceptance", case)
        self.assertIn("兴盛街 88号", html)
        self.assertIn("0427-6000000", html)

    def test_every_notice_has_the_seal_position(self):
        tree = lxml_html.fromstring(self._html("acceptance", self._accepted_case()))
        self.assertEqual(len(tree.xpath("//div[contains(@class, 'dawa_doc_seal_position')]")), 1)
        for kind, case in self._cases_of_every_kind().items():
            tree = lxml_html.fromstring(self._html(kind, case))
            self.assertEqual(
                len(tree.xpath("//div[contains(@class, 'dawa_doc_seal_position')]")), 1, kind)

    def _cases_of_every_kind(self):
        """One case for each document kind, in the state that prints it."""
        cases = {}
        with freeze_time("2026-10-12"):
            cases["acceptance"] = self._accepted_case(
                applicant_name="盘锦鑫达建筑工程有限公司")
            correction = self._create_case(correction_note="请在每页签字。")
            correction.with_user(self.clerk).action_request_correction()
            cases["correction"] = correction
            extension = self._accepted_case(
                extension_reason="现场核查需征求消防部门意见。")
            extension.with_user(self.manager).action_extend()
            cases["extension"] = extension
            procedure = self._accepted_case(suspension_procedure_id=self.hearing.id)
            procedure.with_user(self.reviewer).action_suspend()
            cases["special_procedure"] = procedure
            not_accepted = self._create_case(decision_note="该事项不属于本局职权范围。")
            not_accepted.with_user(self.clerk).action_not_accept()
            cases["not_accepted"] = not_accepted
            approved = self._submit(self._accepted_case(self.item | self.water_item))
            approved.with_user(self.approver).action_approve()
            cases["approval"] = approved
            denied = self._submit(self._accepted_case(decision_note="项目选址位于蓄滞洪区。"))
            denied.with_user(self.approver).action_deny()
            cases["denial"] = denied
        return cases

    def test_acceptance_notice_dates_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        with freeze_time("2026-11-27"):
            case = self._accepted_case()
            html = self._html("acceptance", case, lang="zh_CN")
        self.assertIn("2026年11月27日", html)
        self.assertIn("2026年12月2日", html)  # 3 working days later: the promised deadline

    def test_correction_notice_lists_exactly_the_missing_materials(self):
        case = self._create_case(self.item | self.water_item, correction_note="Sign every page.")
        provided = case.material_ids.filtered(
            lambda m: m.name in ("Application form", "Intake facility drawings"))
        provided.provided = True
        case.with_user(self.clerk).action_request_correction()
        html = self._html("correction", case)
        missing = case.material_ids._filter_missing()
        self.assertEqual(
            sorted(missing.mapped("name")), ["Construction contract", "Water resources report"])
        self.assertEqual(self._cells(html, 2), missing.mapped("name"))
        # joint case: the item column names each material's item
        self.assertEqual(self._cells(html, 3), [m.item_id.name for m in missing])
        self.assertEqual(self._cells(html, 5), ["0", "2"])  # copies
        for absent in ("Application form", "Intake facility drawings", "Site photos"):
            self.assertNotIn(absent, html)
        self.assertIn("Sign every page.", html)
        self.assertIn("Article 32, paragraph 1, item 4", html)

    def test_correction_notice_with_only_a_note(self):
        case = self._provide_all(self._create_case(correction_note="Stamp the form."))
        case.with_user(self.clerk).action_request_correction()
        html = self._html("correction", case)
        self.assertFalse(self._cells(html, 2))
        self.assertIn("Stamp the form.", html)

    def test_non_acceptance_notice(self):
        case = self._create_case(decision_note="The item is not handled by this bureau.")
        case.with_user(self.clerk).action_not_accept()
        html = self._html("not_accepted", case)
        self.assertTrue(case.decision_ref)
        for text in (case.decision_ref, "The item is not handled by this bureau.",
                     "administrative reconsideration", "six months"):
            self.assertIn(text, html)

    def test_approval_decision_of_a_joint_case_lists_every_item(self):
        case = self._accepted_case(self.item | self.water_item)
        self._submit(case)
        case.with_user(self.approver).action_approve()
        html = self._html("approval", case)
        self.assertEqual(self._cells(html, 2), [self.item.name, self.water_item.name])
        self.assertEqual(self._cells(html, 3), [self.item.code, self.water_item.code])
        self.assertIn(case.decision_ref, html)
        self.assertIn("Article 38, paragraph 1", html)
        self.assertNotIn("administrative reconsideration", html)

    def test_denial_decision_has_reasons_and_remedy(self):
        case = self._accepted_case(decision_note="The site lies in a flood storage area.")
        self._submit(case)
        case.with_user(self.approver).action_deny()
        html = self._html("denial", case)
        for text in (case.decision_ref, "The site lies in a flood storage area.",
                     "Article 38, paragraph 2", "administrative reconsideration",
                     "sixty days"):
            self.assertIn(text, html)

    def test_document_must_fit_the_case(self):
        case = self._accepted_case()
        for kind in ("approval", "denial", "not_accepted", "correction"):
            with self.assertRaisesText(UserError, case.name):
                self._html(kind, case)
        self._submit(case)
        case.with_user(self.approver).action_approve()
        with self.assertRaises(UserError):
            self._html("denial", case)
        self.assertEqual(case.decision, "approved")

    def test_delivered_case_still_prints_its_decision(self):
        approved = self._accepted_case()
        self._submit(approved)
        approved.with_user(self.approver).action_approve()
        denied = self._accepted_case(decision_note="Incomplete safety plan.")
        self._submit(denied)
        denied.with_user(self.approver).action_deny()
        self._set_delivery(approved | denied)
        (approved | denied).with_user(self.clerk).action_deliver()
        self.assertEqual((approved | denied).mapped("state"), ["closed", "closed"])
        self.assertEqual(approved.decision, "approved")
        self.assertEqual(denied.decision, "denied")
        self.assertIn(approved.decision_ref, self._html("approval", approved))
        self.assertIn("Incomplete safety plan.", self._html("denial", denied))
        with self.assertRaises(UserError):
            self._html("approval", denied)

    def test_printing_a_decision_writes_no_ledger_line(self):
        case = self._accepted_case()
        self._submit(case)
        case.with_user(self.approver).action_approve()
        Usage = self.env["dawa.seal.usage"].sudo()
        lines = Usage.search([("case_id", "=", case.id)])
        self.assertEqual(len(lines), 1)
        total = Usage.search_count([])
        for _i in range(2):
            self._html("approval", case)
        self.env["ir.actions.report"].with_user(self.clerk)._render_qweb_pdf(
            "dawa_approval.action_report_case_approval", case.ids)
        self.assertEqual(Usage.search_count([]), total)
        self.assertEqual(Usage.search([("case_id", "=", case.id)]), lines)
        self.assertTrue(Usage.verify_chain()["ok"])

    # ------------------------------------------------------------------
    # QR codes
    # ------------------------------------------------------------------

    def test_qr_code_is_cached(self):
        case = self._accepted_case()
        first = case._get_qr_image()
        attachment = self._qr_attachments(case)
        self.assertEqual(len(attachment), 1)
        self.assertRegex(attachment.name, r"^qr-[0-9a-f]{16}\.png$")
        self.assertEqual(attachment.mimetype, "image/png")
        self.assertEqual(case.with_user(self.clerk)._get_qr_image(), first)
        self._html("acceptance", case)
        self.assertEqual(self._qr_attachments(case), attachment)

    def test_qr_code_follows_the_base_url_and_the_token(self):
        case = self._accepted_case()
        first = case._get_qr_image()
        old = self._qr_attachments(case)
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "https://new.example")
        second = case._get_qr_image()
        new = self._qr_attachments(case)
        self.assertNotEqual(second, first)
        self.assertEqual(len(new), 1)
        self.assertNotEqual(new, old)
        self.assertFalse(old.exists())
        self.assertIn("https://new.example/dawa/query", self._html("acceptance", case))
        self.assertEqual(case._get_qr_url(), f"https://new.example/dawa/case/{case.sudo().access_token}")
        case.sudo().access_token = "another-token"
        self.assertNotEqual(case._get_qr_image(), second)
        self.assertEqual(len(self._qr_attachments(case)), 1)
        self.assertEqual(case._get_qr_url(), "https://new.example/dawa/case/another-token")

    def test_public_address_setting_wins_over_the_base_url(self):
        """QR codes and notices carry the bureau's public address when it is set."""
        case = self._accepted_case()
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.dawa_public_base_url_loopback)  # BASE_URL is public
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "http://127.0.0.1:8069")
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.dawa_public_base_url_loopback)
        settings.dawa_public_base_url = "https://zwfw.dawa.gov.cn/"
        settings.execute()
        self.assertFalse(self.env["res.config.settings"].create({}).dawa_public_base_url_loopback)
        token = case.sudo().access_token
        self.assertEqual(case._get_qr_url(), f"https://zwfw.dawa.gov.cn/dawa/case/{token}")
        self.assertEqual(self.item._get_qr_url(),
                         "https://zwfw.dawa.gov.cn/dawa/guide/TEST-HOUSING-001")
        self.assertIn("https://zwfw.dawa.gov.cn/dawa/query", self._html("acceptance", case))
        settings = self.env["res.config.settings"].create({})
        settings.dawa_public_base_url = "http://localhost:8069"
        self.assertTrue(settings.dawa_public_base_url_loopback)

    def test_item_qr_url_is_its_public_guide(self):
        self.assertEqual(self.item._get_qr_url(), f"{BASE_URL}/dawa/guide/TEST-HOUSING-001")

    # ------------------------------------------------------------------
    # 明白卡
    # ------------------------------------------------------------------

    def test_guide_card_one_card_per_item(self):
        items = self.item | self.water_item
        self.water_item.write({
            "fee_required": True, "fee_standard": "50 yuan per application",
            "window": "Window 12", "phone": "0427-6888012",
            "conditions": "The applicant holds the land use right.",
        })
        html = self._html("card", items)
        tree = lxml_html.fromstring(html)
        cards = tree.xpath("//div[contains(@class, 'dawa_card_page')]")
        self.assertEqual([int(card.get("data-item-id")) for card in cards], items.ids)
        # one card per page
        self.assertIsNone(cards[0].get("style"))
        self.assertIn("page-break-before: always", cards[1].get("style"))
        images = items._get_qr_images()
        for card, item in zip(cards, items, strict=True):
            text = card.text_content()
            self.assertIn(item.name, text)
            self.assertIn(item.code, text)
            for material in item.material_ids:
                self.assertIn(material.name, text)
            qr_images = card.xpath(".//img[starts-with(@src, 'data:image/png;base64,')]")
            self.assertEqual(len(qr_images), 1)
            self.assertIn(images[item.id].decode(), qr_images[0].get("src"))
        water = cards[1].text_content()
        for text in ("50 yuan per application", "Window 12", "0427-6888012",
                     "The applicant holds the land use right.", "5 working days",
                     "20 working days"):
            self.assertIn(text, water)
        self.assertIn("Free of charge", cards[0].text_content())
        self.assertEqual(
            len(self.env["ir.attachment"].sudo().search([
                ("res_model", "=", "dawa.approval.item"), ("res_id", "in", items.ids),
                ("name", "=like", "qr-%.png")])), 2)

    # ------------------------------------------------------------------
    # real PDF
    # ------------------------------------------------------------------

    def test_pdf_renders_chinese_text(self):
        """wkhtmltopdf renders every notice, in Chinese, with a text layer that reads back
        exactly: 中华人民共和国行政许可法, not Kangxi radicals (U+2E80-U+2FDF) for 人民行大
        (which Noto Serif CJK gives under wkhtmltopdf; AR PL UMing comes first)."""
        self.assertTrue(shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dawa_approval"], ["zh_CN"],
                                                        overwrite=True)
        # wkhtmltopdf fetches the report assets from the test server of this run
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        cases = self._cases_of_every_kind()
        Report = self.env["ir.actions.report"].with_user(self.clerk).with_context(
            force_report_rendering=True, lang="zh_CN")
        for kind, case in cases.items():
            with self.subTest(kind=kind):
                pdf, report_type = Report._render_qweb_pdf(
                    f"dawa_approval.action_report_case_{kind}", case.ids)
                self.assertEqual(report_type, "pdf")
                self.assertTrue(pdf.startswith(b"%PDF"))
                if os.environ.get("DAWA_PDF_DIR"):  # to look at them: DAWA_PDF_DIR=dir ./dawa test
                    with open(os.path.join(os.environ["DAWA_PDF_DIR"], f"{kind}.pdf"), "wb") as out:
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
                self.assertIn("中华人民共和国行政许可法", compact, kind)
                for expected in (BUREAU, case.applicant_name):
                    self.assertIn("".join(expected.split()), compact, kind)
                if kind in ("approval", "denial", "not_accepted"):
                    self.assertIn(case.decision_ref, compact, kind)
                if kind == "acceptance":
                    self.assertIn(case.sudo().query_code, compact)
