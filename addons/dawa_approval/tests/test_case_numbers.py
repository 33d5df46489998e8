import importlib.util
import os

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DawaCaseCommon


@tagged("post_install", "-at_install")
class TestCaseNumbers(DawaCaseCommon):
    """Application numbers restart each month (date-range sequence); decision number
    prefixes are set per document type."""

    def test_application_numbers_restart_each_month(self):
        with freeze_time("2031-01-31 03:00:00"):
            self.assertEqual(self._create_case().name, "DW203101000001")
            self.assertEqual(self._create_case().name, "DW203101000002")
        # 17:00 UTC is already 1 February in the bureau (Asia/Shanghai)
        with freeze_time("2031-01-31 17:00:00"):
            self.assertEqual(self._create_case().name, "DW203102000001")
        with freeze_time("2031-02-14 03:00:00"):
            cases = self.env["dawa.approval.case"].with_user(self.clerk).create([{
                "applicant_name": f"Applicant {index}",
            } for index in range(3)])
            self.assertEqual(cases.mapped("name"),
                             ["DW203102000002", "DW203102000003", "DW203102000004"])
        ranges = self.env.ref("dawa_approval.seq_dawa_approval_case").date_range_ids.filtered(
            lambda r: r.date_from.year == 2031)
        self.assertEqual(
            sorted((str(r.date_from), str(r.date_to)) for r in ranges),
            [("2031-01-01", "2031-01-31"), ("2031-02-01", "2031-02-28")])

    def test_migration_continues_this_month_and_restarts_the_next(self):
        """migrations/18.0.1.3.0 on the old sequence (DW%(year)s%(month)s, never restarting)."""
        sequence = self.env.ref("dawa_approval.seq_dawa_approval_case")
        sequence.date_range_ids.unlink()
        sequence.write({"use_date_range": False, "prefix": "DW%(year)s%(month)s",
                        "number_next_actual": 42})
        path = os.path.join(os.path.dirname(__file__), os.pardir, "migrations", "18.0.1.3.0",
                            "post-case-numbers.py")
        spec = importlib.util.spec_from_file_location("dawa_approval_case_numbers_1_3_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        with freeze_time("2032-05-20 03:00:00"):
            migration.migrate(self.env.cr, "18.0.1.2.0")
            self.assertTrue(sequence.use_date_range)
            self.assertEqual(sequence.prefix, "DW%(range_year)s%(range_month)s")
            self.assertEqual(self._create_case().name, "DW203205000042")
        with freeze_time("2032-06-01 03:00:00"):
            self.assertEqual(self._create_case().name, "DW203206000001")

    def test_decision_number_prefix_per_document_type(self):
        approval = self.env.ref("dawa_approval.document_type_approval_decision")
        denial = self.env.ref("dawa_approval.document_type_denial_decision")
        acceptance = self.env.ref("dawa_approval.document_type_acceptance_notice")
        certificate = self.env.ref("dawa_approval.document_type_certificate")
        self.assertEqual(approval.number_prefix, "大洼审批许字")
        self.assertEqual(denial.number_prefix, "大洼审批不许字")
        self.assertTrue(approval.has_numbering)
        # the notices have their own numbers (受字, 补字), the certificate none
        self.assertEqual(acceptance.number_prefix, "大洼审批受字")
        self.assertTrue(acceptance.has_numbering)
        self.assertFalse(certificate.has_numbering)
        self.assertFalse(certificate.number_prefix)
        approval.with_user(self.catalog_admin).number_prefix = "大洼审批准字"
        with freeze_time("2026-11-23"):
            case = self._provide_all(self._create_case())
            case.with_user(self.clerk).action_accept()
            self._submit(case)
            case.with_user(self.approver).action_approve()
        # GB/T 9704: full year in 〔〕, no zero padding, no 第
        self.assertRegex(case.decision_ref, r"^大洼审批准字〔2026〕[1-9]\d*号$")
        self.assertEqual(approval.number_prefix, "大洼审批准字")

    def test_decision_number_prefix_checked(self):
        approval = self.env.ref("dawa_approval.document_type_approval_decision")
        as_admin = approval.with_user(self.catalog_admin)
        for bad in ("大洼审批许字〔2026〕", "大洼审批许字第", "", "大洼审批许字号", "许字2026"):
            with self.subTest(prefix=bad), self.assertRaises(UserError):
                as_admin.number_prefix = bad
        certificate = self.env.ref("dawa_approval.document_type_certificate")
        with self.assertRaisesText(UserError, certificate.name):
            certificate.with_user(self.catalog_admin).number_prefix = "大洼审批证字"
        for user in (self.clerk, self.approver, self.seal_keeper):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                approval.with_user(user).number_prefix = "大洼审批准字"
        self.assertEqual(approval.number_prefix, "大洼审批许字")
