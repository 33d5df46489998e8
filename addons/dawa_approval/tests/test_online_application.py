import base64
import io
import os
import re
from datetime import date

from freezegun import freeze_time
from PIL import Image

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from odoo.addons.dawa_approval.controllers.online import (
    APPLY_LIMITER,
    COMPLAINT_LIMITER,
    CORRECT_LIMITER,
)
from odoo.addons.dawa_approval.controllers.portal import QUERY_LIMITER

from .common import EnglishVisitorMixin
from .test_public_case import DawaRatingCommon

CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')
KEY_PATTERN = re.compile(r'name="form_key" value="([^"]+)"')
NUMBER_PATTERN = re.compile(r"DW\d{10,}")

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
# the headers a scanner writes (the server reads an image's size from them, never decoding
# it): JPEG with its JFIF segment and frame header (A4 at 300 dpi), PNG with its IHDR chunk
JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xc0\x00\x0b\x08\x0d\xb0\x09\xb0\x01\x01\x11\x00" + b"\x00" * 64 + b"\xff\xd9")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x09\xb0\x00\x00\x0d\xb0\x08\x00"
       b"\x00\x00\x00" + b"\x00" * 64)
# a 12000 × 12000 px PNG: a few hundred bytes that would decode to 144 million pixels
PNG_BOMB = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x2e\xe0\x00\x00\x2e\xe0\x08\x00"
            b"\x00\x00\x00" + b"\x00" * 64)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 256

ORGANISATION = {
    "applicant_type": "organization",
    "applicant_name": "Panjin Online Builders Co., Ltd.",
    "applicant_id_number": "91211100MA0YJ1C45H",
    "applicant_phone": "13812345678",
}


class DawaOnlineCommon(EnglishVisitorMixin, DawaRatingCommon, HttpCase):
    """Online applications over HTTP, with real multipart uploads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.materials = {m.name: m for m in cls.item.material_ids}
        cls.Case = cls.env["dawa.approval.case"].with_context(active_test=False)
        cls.apply_url = f"/dawa/apply/{cls.item.code}"

    def setUp(self):
        super().setUp()
        for limiter in (APPLY_LIMITER, CORRECT_LIMITER, COMPLAINT_LIMITER, QUERY_LIMITER):
            limiter.reset()
            self.addCleanup(limiter.reset)

    def _form(self, url=None):
        """(csrf token, form key) of a freshly opened form."""
        response = self.url_open(url or self.apply_url)
        self.assertEqual(response.status_code, 200, response.text[:300])
        return (CSRF_PATTERN.search(response.text).group(1),
                KEY_PATTERN.search(response.text).group(1))

    def _files(self, **overrides):
        """The multipart files of the test item: the two required materials in PDF and JPEG;
        ``overrides`` maps a material name to (file name, content) or None (left out)."""
        files = {"Application form": ("application.pdf", PDF),
                 "Construction contract": ("contract.jpg", JPEG)}
        files.update(overrides)
        return {f"file_{self.materials[name].id}": (upload[0], upload[1], "application/pdf")
                for name, upload in files.items() if upload}

    def _apply(self, form=None, files=None, timeout=12, **values):
        csrf, key = form or self._form()
        data = {"csrf_token": csrf, "form_key": key, **ORGANISATION, **values}
        return self.url_open(self.apply_url, data=data,
                             files=self._files() if files is None else files, timeout=timeout)

    def _online_cases(self):
        return self.Case.search([("channel", "=", "online")])

    def _material_attachments(self):
        return self.env["ir.attachment"].sudo().search_count(
            [("res_model", "=", "dawa.approval.case.material")])

    def assertRefused(self, response, status, message):
        """A clear answer on the form, and nothing written."""
        self.assertEqual(response.status_code, status, response.text[:500])
        self.assertIn(message, response.text)
        self.assertFalse(self._online_cases(), "no half-made case")
        self.assertEqual(self._material_attachments(), 0, "no file kept")


@tagged("post_install", "-at_install")
class TestOnlineApplication(DawaOnlineCommon):

    def test_form_is_a_public_mobile_form_with_every_material(self):
        response = self.url_open(self.apply_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="viewport"', response.text)
        self.assertRegex(response.text, CSRF_PATTERN)
        self.assertRegex(response.text, KEY_PATTERN)
        self.assertIn('enctype="multipart/form-data"', response.text)
        for material in self.item.material_ids:
            self.assertIn(f'name="file_{material.id}"', response.text)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        # the service guide leads here
        guide = self.url_open(f"/dawa/guide/{self.item.code}")
        self.assertIn(f'href="/dawa/apply/{self.item.code}"', guide.text)

    def test_offline_or_unknown_item_has_no_form(self):
        offline = self._create_item(self.housing, code="TEST-OFFLINE", online=False)
        offline.action_publish()
        offline.handling_agency_id = self.bureau
        for url in ("/dawa/apply/TEST-OFFLINE", "/dawa/apply/NO-SUCH-ITEM", "/dawa/apply/a b"):
            self.assertEqual(self.url_open(url).status_code, 404, url)

    def test_application_makes_a_received_online_case_with_its_uploads(self):
        response = self._apply()
        self.assertEqual(response.status_code, 200, response.text[:500])
        case = self._online_cases()
        self.assertEqual(len(case), 1)
        self.assertEqual(case.state, "received")
        self.assertEqual(case.item_ids, self.item)
        self.assertEqual(case.sudo().applicant_id_number_raw, ORGANISATION["applicant_id_number"])
        self.assertFalse(case.user_id)
        self.assertEqual(case.received_date, case._bureau_today())
        # the confirmation shows the number and the query code, and the §32 date
        self.assertIn(case.name, response.text)
        self.assertIn(case.sudo().query_code, response.text)
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        due = case._get_correction_notice_due(calendar)
        self.assertEqual(due, calendar.add(case.received_date, 5))
        # each file on its material line, waiting for the clerk's check
        lines = {line.name: line for line in case.material_ids}
        self.assertEqual(lines["Application form"].upload_state, "uploaded")
        self.assertEqual(lines["Application form"].upload_filename, "application.pdf")
        self.assertEqual(base64.b64decode(lines["Application form"].upload_data), PDF)
        self.assertEqual(lines["Construction contract"].upload_mimetype, "image/jpeg")
        self.assertFalse(lines["Site photos"].upload_state)
        self.assertFalse(any(case.material_ids.mapped("provided")))
        # the clerks are told
        activities = case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(
                "dawa_approval.mail_activity_type_online_upload"))
        self.assertIn(self.clerk, activities.user_id)
        self.assertNotIn(self.employee, activities.user_id)

    def test_a_jpeg_named_pdf_is_stored_as_what_it_is(self):
        # a real photo, as a camera or a phone saves it
        buffer = io.BytesIO()
        Image.new("RGB", (32, 24), (180, 40, 40)).save(buffer, "JPEG")
        photo = buffer.getvalue()
        response = self._apply(files=self._files(**{"Application form": ("scan.pdf", photo)}))
        self.assertEqual(response.status_code, 200, response.text[:500])
        line = self._online_cases().material_ids.filtered(lambda m: m.name == "Application form")
        self.assertEqual(line.upload_filename, "scan.jpg")
        self.assertEqual(line.upload_mimetype, "image/jpeg")
        stored = base64.b64decode(line.upload_data)
        self.assertEqual(stored, photo)
        self.assertEqual(Image.open(io.BytesIO(stored)).format, "JPEG")

    def test_a_png_named_pdf_is_stored_as_what_it_is(self):
        response = self._apply(files=self._files(**{"Application form": ("scan.pdf", PNG)}))
        self.assertEqual(response.status_code, 200, response.text[:500])
        line = self._online_cases().material_ids.filtered(lambda m: m.name == "Application form")
        self.assertEqual(line.upload_filename, "scan.png")
        self.assertEqual(line.upload_mimetype, "image/png")

    def test_huge_image_is_refused_before_it_is_decoded(self):
        response = self._apply(files=self._files(**{"Application form": ("scan.png", PNG_BOMB)}))
        self.assertRefused(response, 400, "the image is too large")
        self.assertFalse(self._online_cases())

    def test_image_is_kept_as_sent(self):
        """A scan is stored as the applicant sent it: Odoo would otherwise shrink an image
        above 1920 px (this one is 2480 × 3504)."""
        response = self._apply(files=self._files(**{"Application form": ("scan.png", PNG)}))
        self.assertEqual(response.status_code, 200, response.text[:500])
        line = self._online_cases().material_ids.filtered(lambda m: m.name == "Application form")
        self.assertEqual(base64.b64decode(line.upload_data), PNG)

    def test_executable_renamed_pdf_is_refused(self):
        response = self._apply(files=self._files(**{"Application form": ("licence.pdf", EXE)}))
        self.assertRefused(response, 400, "only PDF, JPEG or PNG files are accepted")
        self.assertIn("Application form", response.text)

    def test_empty_file_is_refused(self):
        response = self._apply(files=self._files(**{"Application form": ("empty.pdf", b"")}))
        self.assertRefused(response, 400, "only PDF, JPEG or PNG files are accepted")

    def test_fifty_megabyte_file_is_refused(self):
        # a scan: lines of data, read by the server and measured by the form
        big = PDF + (b"0" * 1023 + b"\n") * (50 * 1024)
        response = self._apply(files=self._files(**{"Application form": ("big.pdf", big)}),
                               timeout=120)
        self.assertRefused(response, 400, "larger than the 10 MB allowed")
        self.assertIn("Application form", response.text)

    def test_fifty_megabyte_file_the_server_will_not_read(self):
        """50 MB without a line break: the server stops reading it (its form memory
        limit) and the applicant gets our page, not the server's English error."""
        big = PDF + b"\x00" * (50 * 1024 * 1024)
        response = self._apply(files=self._files(**{"Application form": ("big.pdf", big)}),
                               timeout=120)
        self.assertRefused(response, 413, "The files sent are too large")
        self.assertIn('name="viewport"', response.text)

    def test_wrong_check_digit_gets_the_window_message(self):
        # the window's answer to the same number
        with self.assertRaises(ValidationError) as window:
            self._create_case(applicant_type="person", applicant_name="张三",
                              applicant_id_number="211104199001011235")
        response = self._apply(applicant_type="person", applicant_name="张三",
                               applicant_id_number="211104199001011235")
        self.assertRefused(response, 400, "its check digit is wrong")
        self.assertIn(str(window.exception.args[0]), response.text)
        # an organisation's credit code, likewise
        with self.assertRaises(ValidationError) as window:
            self._create_case(applicant_id_number="91211100MA0YJ1C45A")
        response = self._apply(applicant_id_number="91211100MA0YJ1C45A")
        self.assertRefused(response, 400, "fails its check (GB 32100)")
        self.assertIn(str(window.exception.args[0]).split(".")[0], response.text)

    def test_missing_required_upload_is_refused(self):
        response = self._apply(files=self._files(**{"Application form": None}))
        self.assertRefused(response, 400, "Application form is required")
        # the typed values come back, the files must be chosen again
        self.assertIn(ORGANISATION["applicant_name"], response.text)

    def test_missing_applicant_data_is_refused(self):
        response = self._apply(applicant_id_number="", applicant_phone="call me",
                               applicant_name=" ")
        self.assertRefused(response, 400, "Enter the applicant&#39;s ID number")
        self.assertIn("Enter a phone number", response.text)
        self.assertIn("Enter the applicant&#39;s name", response.text)

    def test_replayed_form_makes_no_second_case(self):
        form = self._form()
        self.assertEqual(self._apply(form=form).status_code, 200)
        case = self._online_cases()
        response = self._apply(form=form)
        self.assertEqual(response.status_code, 409)
        self.assertIn("already submitted", response.text)
        self.assertEqual(self._online_cases(), case)
        # and the other applicant is not shown who made the first one
        self.assertNotIn(case.name, response.text)
        self.assertNotIn(case.sudo().query_code, response.text)

    def test_forged_form_key_is_refused(self):
        csrf, key = self._form()
        for forged in ("", "1.abc.def", key[:-1] + ("0" if key[-1] != "0" else "1")):
            response = self._apply(form=(csrf, forged))
            self.assertRefused(response, 400, "This form has expired or is not valid")

    @mute_logger("odoo.http")
    def test_post_without_csrf_is_refused(self):
        _csrf, key = self._form()
        response = self._apply(form=("", key))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._online_cases())

    def test_flood_from_one_address_is_stopped(self):
        for _attempt in range(APPLY_LIMITER.limit):
            self.assertEqual(self._apply(files=self._files(**{"Application form": None}))
                             .status_code, 400)
        response = self._apply()
        self.assertRefused(response, 429, "Too many applications were sent from your network")
        APPLY_LIMITER.reset()  # ten minutes later
        self.assertEqual(self._apply().status_code, 200)

    def test_no_page_shows_another_applicants_data(self):
        self._apply()
        first = self._online_cases()
        response = self._apply(applicant_name="Panjin Second Co., Ltd.",
                               applicant_id_number="91211104MA0Y8K2L3H")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(first.name, response.text)
        self.assertNotIn(first.sudo().query_code, response.text)
        self.assertNotIn(ORGANISATION["applicant_name"], response.text)
        self.assertNotIn(ORGANISATION["applicant_id_number"], response.text)
        # the fresh form is empty
        form = self.url_open(self.apply_url).text
        self.assertNotIn("Panjin Second", form)

    def test_zh_cn_visitor_gets_the_chinese_page(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        response = self.url_open(self.apply_url, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        self.assertIn('lang="zh-CN"', response.text)


@tagged("post_install", "-at_install")
class TestOnlineCorrection(DawaOnlineCommon):

    def setUp(self):
        super().setUp()
        self.assertEqual(self._apply().status_code, 200)
        self.case = self._online_cases()
        self.lines = {line.name: line for line in self.case.material_ids}
        self.code = self.case.sudo().query_code

    def _correct(self, number=None, code=None, files=None, upload=False):
        csrf = CSRF_PATTERN.search(self.url_open("/dawa/correct").text).group(1)
        data = {"csrf_token": csrf, "number": number or self.case.name,
                "code": code or self.code}
        if upload:
            data["upload"] = "1"
        return self.url_open("/dawa/correct", data=data, files=files)

    def test_clerk_checks_and_requests_correction_then_applicant_uploads_again(self):
        form_line = self.lines["Application form"].with_user(self.clerk)
        contract_line = self.lines["Construction contract"].with_user(self.clerk)
        # the clerk opens the file in the browser
        action = form_line.action_preview_upload()
        self.assertIn(f"/web/content/dawa.approval.case.material/{form_line.id}/upload_data",
                      action["url"])
        self.authenticate("test_clerk", "test_clerk")
        preview = self.url_open(action["url"])
        self.assertEqual(preview.status_code, 200)
        self.assertEqual(preview.content, PDF)
        # checked: provided; the other one needs a correction
        self.assertFalse(self.case.user_id)
        contract_line.action_check_upload()
        self.assertEqual(self.case.user_id, self.clerk, "who checks it handles it")
        self.assertEqual(self.case.with_user(self.clerk).applicant_id_number,
                         ORGANISATION["applicant_id_number"])
        self.assertTrue(contract_line.provided)
        self.assertEqual(contract_line.upload_state, "checked")
        with self.assertRaisesText(UserError, "Write what the applicant must correct"):
            form_line.action_request_upload_correction()
        form_line.upload_feedback = "The form is not signed"
        form_line.action_request_upload_correction()
        self.assertEqual(form_line.upload_state, "correction")
        self.case.with_user(self.clerk).action_request_correction()
        self.assertEqual(self.case.state, "correction")

        # the applicant sees exactly what to correct, with number and query code
        self.url_open("/web/session/logout")
        page = self._correct()
        self.assertEqual(page.status_code, 200, page.text[:300])
        self.assertIn("The form is not signed", page.text)
        self.assertIn(f'name="file_{form_line.id}"', page.text)
        self.assertNotIn(f'name="file_{contract_line.id}"', page.text)
        # a line of another case cannot be slipped in
        response = self._correct(upload=True, files={
            f"file_{form_line.id}": ("signed.pdf", PDF, "application/pdf"),
            f"file_{contract_line.id}": ("other.pdf", EXE, "application/pdf"),
        })
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn("Application form", response.text)
        self.assertEqual(form_line.upload_state, "uploaded")
        self.assertEqual(form_line.upload_filename, "signed.pdf")
        self.assertEqual(contract_line.upload_filename, "contract.jpg")
        activities = self.case.activity_ids.filtered(
            lambda a: a.summary == "Check the corrected files uploaded online")
        self.assertIn(self.clerk, activities.user_id)
        # the clerk checks it (his activity is done) and accepts
        form_line.action_check_upload()
        self.assertFalse(self.case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(
                "dawa_approval.mail_activity_type_online_upload")))
        self.case.with_user(self.clerk).action_accept()
        self.assertEqual(self.case.state, "accepted")

    def test_what_to_correct_is_frozen_once_checked(self):
        """Once the case is accepted, the clerk's note to the applicant is part of the file:
        a direct write over JSON-RPC is refused as the form's is."""
        clerk_lines = self.case.material_ids.with_user(self.clerk)
        clerk_lines.filtered("upload_state").action_check_upload()
        clerk_lines.filtered(lambda line: not line.provided).write({"provided": True})
        self.case.with_user(self.clerk).action_accept()
        line = self.lines["Application form"]
        self.authenticate("test_clerk", "test_clerk")
        with mute_logger("odoo.http"), self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": line._name, "method": "write",
                "args": [[line.id], {"upload_feedback": "Forged afterwards"}],
                "kwargs": {"context": {"lang": "en_US"}}})
        with self.assertRaisesRegex(UserError, "no longer being checked"):
            line.with_user(self.clerk).write({"upload_feedback": "Forged afterwards"})
        self.assertFalse(line.upload_feedback)

    def test_bad_corrected_file_is_refused(self):
        line = self.lines["Application form"]
        line.with_user(self.clerk).upload_feedback = "Unreadable"
        line.with_user(self.clerk).action_request_upload_correction()
        before = line.upload_data
        response = self._correct(upload=True, files={
            f"file_{line.id}": ("signed.pdf", EXE, "application/pdf")})
        self.assertEqual(response.status_code, 400)
        self.assertIn("only PDF, JPEG or PNG files are accepted", response.text)
        self.assertEqual(line.upload_state, "correction")
        self.assertEqual(line.upload_data, before)

    def test_wrong_pair_gets_the_generic_answer(self):
        other = self._create_case()
        for number, code in ((self.case.name, other.sudo().query_code),
                             (other.name, self.code), (self.case.name, "K7MP3XWA")):
            response = self._correct(number, code)
            self.assertEqual(response.status_code, 400)
            self.assertIn("No application matches", response.text)
            self.assertNotIn("Application form", response.text)

    def test_uploads_are_for_bureau_staff_only(self):
        line = self.lines["Application form"]
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", line._name), ("res_id", "=", line.id),
            ("res_field", "=", "upload_file")])
        self.assertEqual(len(attachment), 1)
        for user in (self.employee, self.department_user, self.seal_keeper):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                line.with_user(user).read(["upload_data"])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                attachment.with_user(user).read(["datas"])
        self.assertTrue(line.with_user(self.clerk).read(["upload_data"])[0]["upload_data"])
        # the public gets nothing, logged out or as another user
        url = f"/web/content/{line._name}/{line.id}/upload_data"
        self.assertNotEqual(self.url_open(url).content, PDF)
        self.assertNotEqual(self.url_open(f"/web/content/{attachment.id}").content, PDF)
        self.authenticate("test_employee", "test_employee")
        self.assertNotEqual(self.url_open(url).content, PDF)

    def test_uploads_change_only_through_the_buttons(self):
        line = self.lines["Application form"].with_user(self.clerk)
        for values in ({"upload_state": "checked"}, {"upload_filename": "x.pdf"},
                       {"upload_data": base64.b64encode(PDF)}):
            with self.subTest(values=values), self.assertRaises(UserError):
                line.write(values)
        with self.assertRaisesText(UserError, "Only a window clerk"):
            line.with_user(self.employee).action_check_upload()
        line.action_check_upload()
        with self.assertRaisesText(UserError, "has no uploaded file waiting"):
            line.action_check_upload()


@tagged("post_install", "-at_install")
class TestOnlineFee(DawaRatingCommon):
    """缴费: a fee item's approval waits for the payment before delivery."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_item = cls._create_item(
            cls.housing, code="TEST-FEE-001", fee_required=True,
            fee_standard="50 yuan per certificate")
        cls.fee_item.action_publish()
        cls.fee_item.handling_agency_id = cls.bureau

    def _approved(self, items):
        case = self._decided_case(line_ids=[Command.create({"item_id": item.id})
                                            for item in items])
        return self._set_delivery(case)

    def test_fee_item_is_delivered_once_paid(self):
        case = self._approved(self.fee_item)
        self.assertTrue(case.fee_required)
        self.assertTrue(case.sealed)
        clerk_case = case.with_user(self.clerk)
        # the payment notice is written after the approval
        clerk_case.write({"fee_amount": 50, "fee_payment_code": "2111040000012345"})
        html = self.env["ir.actions.report"].with_user(self.clerk)._render_qweb_html(
            "dawa_approval.report_case_payment_notice", case.ids)[0].decode()
        self.assertIn("2111040000012345", html)
        self.assertIn("50.00", html)
        with self.assertRaisesText(UserError, "is not paid yet"):
            clerk_case.action_deliver()
        # nobody writes the payment directly, the clerk records it
        with self.assertRaises(UserError):
            clerk_case.write({"fee_paid_date": case.decision_date, "fee_receipt_ref": "X"})
        action = clerk_case.action_record_payment()
        wizard = self.env[action["res_model"]].with_user(self.clerk).with_context(
            **action["context"]).create({"receipt_ref": "NT-2026-0001"})
        wizard.action_confirm()
        self.assertEqual(case.fee_receipt_ref, "NT-2026-0001")
        self.assertEqual(case.fee_paid_user_id, self.clerk)
        with self.assertRaisesText(UserError, "already recorded"):
            clerk_case.action_record_payment()
        with self.assertRaisesText(UserError, "can no longer be changed"):
            clerk_case.write({"fee_amount": 10})
        clerk_case.action_deliver()
        self.assertEqual(case.state, "closed")

    def test_payment_is_a_clerks_step(self):
        case = self._approved(self.fee_item)
        with self.assertRaises(UserError):
            case.with_user(self.seal_keeper)._record_payment(case.decision_date, "X")
        with self.assertRaises(AccessError):
            self.env["dawa.case.fee.payment"].with_user(self.employee).create(
                {"case_id": case.id, "receipt_ref": "X"})

    def test_a_later_catalogue_change_does_not_change_the_fee_owed(self):
        case = self._approved(self.fee_item)
        self.fee_item.fee_required = False
        self.assertTrue(case.fee_required)
        with self.assertRaisesText(UserError, "is not paid yet"):
            case.with_user(self.clerk).action_deliver()
        free = self._approved(self.item)
        self.item.fee_required = True
        self.assertFalse(free.fee_required)
        free.with_user(self.clerk).action_deliver()
        self.assertEqual(free.state, "closed")

    def test_free_item_skips_the_fee(self):
        case = self._approved(self.item)
        self.assertFalse(case.fee_required)
        with self.assertRaisesText(UserError, "has no fee to pay"):
            case.with_user(self.clerk).action_record_payment()
        with self.assertRaisesText(UserError, "has no payment notice"):
            self.env["ir.actions.report"]._render_qweb_html(
                "dawa_approval.report_case_payment_notice", case.ids)
        case.with_user(self.clerk).action_deliver()
        self.assertEqual(case.state, "closed")


@tagged("post_install", "-at_install")
class TestOnlinePages(DawaOnlineCommon):
    """The day of receipt is the bureau's, and the pages an applicant walks through on a
    phone (written to $DAWA_HTML_DIR for a look when it is set)."""

    @freeze_time("2026-09-30 17:30:00", tick=True)  # 2026-10-01 01:30 in Panjin
    def test_received_on_the_bureaus_day(self):
        response = self._apply()
        self.assertEqual(response.status_code, 200, response.text[:500])
        case = self._online_cases()
        self.assertEqual(case.received_date, date(2026, 10, 1))
        # §32: five working days from the submission, on the bureau's calendar
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        self.assertEqual(case._get_correction_notice_due(calendar),
                         calendar.add(date(2026, 10, 1), 5))
        self.assertGreater(case._get_correction_notice_due(calendar), date(2026, 10, 8))

    def test_the_pages_of_an_applicant(self):
        pages = {}
        headers = {"Accept-Language": "zh-CN,zh;q=0.9"}
        pages["apply"] = self.url_open(self.apply_url, headers=headers)
        pages["apply_done"] = self._apply()
        case = self._online_cases()
        line = case.material_ids.filtered(lambda m: m.name == "Application form")
        line.with_user(self.clerk).upload_feedback = "The form is not signed"
        line.with_user(self.clerk).action_request_upload_correction()
        case.with_user(self.clerk).action_request_correction()
        csrf = CSRF_PATTERN.search(self.url_open("/dawa/correct").text).group(1)
        pages["correct"] = self.url_open("/dawa/correct", data={
            "csrf_token": csrf, "number": case.name, "code": case.sudo().query_code})
        self._decided_case(applicant_type="person", applicant_name="张三",
                           applicant_id_number="211104199001011230")
        self._decided_case()
        pages["publicity"] = self.url_open("/dawa/publicity", headers=headers)
        pages["complaint"] = self.url_open("/dawa/complaint", headers=headers)
        for name, response in pages.items():
            self.assertEqual(response.status_code, 200, name)
            self.assertIn('name="viewport"', response.text, name)
            self.assertNotIn("Traceback", response.text, name)
        self.assertIn("The form is not signed", pages["correct"].text)
        target = os.environ.get("DAWA_HTML_DIR")
        if target:
            os.makedirs(target, exist_ok=True)
            for name, response in pages.items():
                with open(os.path.join(target, f"{name}.html"), "w", encoding="utf-8") as file:
                    file.write(response.text)


@tagged("post_install", "-at_install")
class TestOnlineFeePage(DawaOnlineCommon):
    """The applicant reads the fee on the case's public page and downloads the notice."""

    def test_fee_on_the_public_page(self):
        fee_item = self._create_item(self.housing, code="TEST-FEE-PAGE", fee_required=True)
        fee_item.action_publish()
        fee_item.handling_agency_id = self.bureau
        case = self._set_delivery(self._decided_case(
            line_ids=[Command.create({"item_id": fee_item.id})]))
        case.with_user(self.clerk).write({"fee_amount": 80, "fee_payment_code": "21110400099"})
        url = f"/dawa/case/{case.sudo().access_token}"
        page = self.url_open(url)
        self.assertIn("80.00", page.text)
        self.assertIn("21110400099", page.text)
        self.assertIn("Not paid yet", page.text)
        notice = self.url_open(f"{url}/payment_notice")
        self.assertEqual(notice.status_code, 200)
        self.assertEqual(notice.headers["Content-Type"], "application/pdf")
        # (in test mode Odoo renders a report's HTML instead of calling wkhtmltopdf)
        self.assertIn(b"21110400099", notice.content)
        # a free approval has neither
        free = self._decided_case()
        free_url = f"/dawa/case/{free.sudo().access_token}"
        self.assertNotIn("Not paid yet", self.url_open(free_url).text)
        self.assertEqual(self.url_open(f"{free_url}/payment_notice").status_code, 404)
        self.assertEqual(self.url_open("/dawa/case/" + "x" * 43 + "/payment_notice").status_code,
                         404)
