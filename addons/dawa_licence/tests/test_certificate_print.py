from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DawaCertificateCommon


@tagged("post_install", "-at_install")
class TestCertificatePrint(DawaCertificateCommon):
    """Printing a licence on a pre-printed form takes the next serial on hand and records it;
    a spoiled form is voided with its reason and who, then the next one is taken; the 套打
    layout follows the form type's offsets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-10"):
            cls.licence = cls._approved_case(licence_scope="3号楼").licence_ids
            cls.other = cls._approved_case().licence_ids

    def test_printing_takes_the_next_serial(self):
        action = self.licence.with_user(self.clerk).action_print_certificate()
        self.assertEqual(action["report_name"], "dawa_licence.report_licence_paper")
        self.assertEqual(self.licence.certificate_serial, "S0000101")
        form = self._form(101)
        self.assertEqual((form.state, form.licence_id, form.issued_by_id),
                         ("issued", self.licence, self.clerk))
        self.assertTrue(form.issued_at)
        self.assertIn("S0000101", self.licence.message_ids[0].body)
        self.other.with_user(self.clerk_2).action_print_certificate()
        self.assertEqual(self.other.certificate_serial, "S0000102")
        self.assertEqual(self.form_type.issued_count, 2)

    def test_printing_queries(self):
        self.licence.with_user(self.clerk).action_print_certificate()
        licence = self.other.with_user(self.clerk)
        licence.read(["certificate_type_id", "state", "certificate_serial"])  # warm the cache
        with self.assertQueryCount(14):
            licence.action_print_certificate()

    def test_a_printed_licence_prints_again_only_after_voiding(self):
        licence = self.licence.with_user(self.clerk)
        licence.action_print_certificate()
        with self.assertRaisesRegex(UserError, "already printed on form S0000101"):
            licence.action_print_certificate()
        # another clerk may not void the form this clerk printed
        with self.assertRaisesRegex(UserError, "only the forms he printed"):
            self._form(101).with_user(self.clerk_2).action_void("spoiled", "Jammed")
        with self.assertRaisesRegex(UserError, "Say why"):
            self._form(101).with_user(self.clerk).action_void("spoiled", "  ")
        wizard = self.env["dawa.certificate.form.void"].with_user(self.clerk).create({
            "form_ids": [(6, 0, self._form(101).ids)], "reason_kind": "spoiled",
            "reason": "Paper jammed in the printer"})
        wizard.action_confirm()
        form = self._form(101)
        self.assertEqual((form.state, form.void_reason_kind, form.voided_by_id),
                         ("voided", "spoiled", self.clerk))
        self.assertEqual(form.void_reason, "Paper jammed in the printer")
        self.assertTrue(form.voided_at)
        self.assertFalse(self.licence.certificate_serial)
        self.assertIn("Paper jammed", self.licence.message_ids[0].body)
        licence.action_print_certificate()
        self.assertEqual(self.licence.certificate_serial, "S0000102")
        self.assertEqual(self.licence.certificate_form_ids.mapped("state"), ["voided", "issued"])
        with self.assertRaisesRegex(UserError, "Voided"):
            form.with_user(self.seal_keeper).action_void("other", "Again")

    def test_who_voids_what(self):
        with self.assertRaisesRegex(UserError, "only the forms he printed"):
            self._form(105).with_user(self.clerk).action_void("damaged", "Torn")
        with self.assertRaisesRegex(UserError, "only the forms he printed"):
            self._form(105).with_user(self.employee).action_void("damaged", "Torn")
        self._form(105).with_user(self.seal_keeper).action_void("damaged", "Torn")
        self.assertEqual(self._form(105).voided_by_id, self.seal_keeper)
        self.assertIn("S0000105", self.batch.message_ids[0].body)

    def test_who_prints_what(self):
        with self.assertRaisesRegex(UserError, "window clerks"):
            self.licence.with_user(self.seal_keeper).action_print_certificate()
        with self.assertRaisesRegex(UserError, "window clerks"):
            self.licence.with_user(self.department_user).action_print_certificate()
        self.licence._revoke("TEST撤字1号")
        with self.assertRaisesRegex(UserError, "Revoked"):
            self.licence.with_user(self.clerk).action_print_certificate()
        self.item.certificate_type_id = False
        with self.assertRaisesRegex(UserError, "no certificate form type"):
            self.other.with_user(self.clerk).action_print_certificate()

    def test_no_form_on_hand(self):
        self.batch.form_ids.with_user(self.seal_keeper).action_void("lost", "Box lost")
        with self.assertRaisesRegex(UserError, "No blank form"):
            self.licence.with_user(self.clerk).action_print_certificate()
        self.assertFalse(self.licence.certificate_serial)

    def test_serial_refused_to_the_attacker(self):
        for user in (self.clerk, self.manager):
            with self.assertRaisesRegex(UserError, "buttons|sealing"):
                self.licence.with_user(user).write({"certificate_serial": "S0000999"})
        self.assertFalse(self.licence.certificate_serial)

    def test_paper_layout_only_for_a_printed_licence_at_the_offsets(self):
        Report = self.env["ir.actions.report"].with_user(self.clerk)
        with self.assertRaisesRegex(UserError, "cannot be printed"):
            Report._render_qweb_html("dawa_licence.action_report_licence_paper",
                                     self.licence.ids)
        self.licence.with_user(self.clerk).action_print_certificate()
        html = Report.with_context(lang="zh_CN")._render_qweb_html(
            "dawa_licence.action_report_licence_paper", self.licence.ids)[0].decode()
        self.assertIn(self.licence.name, html)
        self.assertIn("3号楼", html)
        self.assertIn("二〇二六年三月十日", html)
        # the values at their places moved by the offsets (64 + 1.5, 64 - 2)
        self.assertIn("left: 67.5mm; top: 62.0mm;", html)
        # no frame nor labels: the form has them
        self.assertNotIn('class="dawa_cert_frame"', html)
        self.assertNotIn("Licence No.", html)
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.seal_keeper)._render_qweb_html(
                "dawa_licence.action_report_licence_paper", self.licence.ids)

    def test_alignment_page(self):
        action = self.form_type.with_user(self.seal_keeper).action_print_alignment_page()
        self.assertEqual(action["report_name"], "dawa_licence.report_certificate_alignment")
        html = self.env["ir.actions.report"].with_user(self.seal_keeper)._render_qweb_html(
            "dawa_licence.action_report_certificate_alignment", self.form_type.ids)[0].decode()
        self.assertIn("left: 67.5mm; top: 62.0mm;", html)
        self.assertIn("dawa_cert_guide", html)
        self.assertIn("(licence number)", html)

    def test_every_reader_opens_the_licence_form(self):
        """The licence's form, as the web client reads it, for every role that reads the
        register: the blank forms it used only for who keeps or prints them."""
        self.licence.with_user(self.clerk).action_print_certificate()
        for user in (self.clerk, self.seal_keeper, self.catalog_admin, self.manager):
            Licence = self.env["dawa.licence"].with_user(user)
            arch = etree.fromstring(Licence.get_views([(False, "form")])["views"]["form"]["arch"])
            names = {node.get("name") for node in arch.xpath("//field[not(ancestor::field)]")}
            values = self.licence.with_user(user).read(sorted(names))[0]
            self.assertEqual(values["certificate_serial"], "S0000101", user.login)
            self.assertEqual("certificate_form_ids" in names, user != self.catalog_admin,
                             user.login)
