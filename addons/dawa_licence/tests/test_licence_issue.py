from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .. import post_init_hook
from ..tools import licences
from .common import BUREAU_USCC, TYPE_CODE, DawaLicenceCommon


@tagged("post_install", "-at_install")
class TestLicenceIssue(DawaLicenceCommon):
    """Sealing an approval of a licensing item issues its licence; numbers per licence type
    and year, without gaps; the decision and the licence show each other."""

    def test_sealing_issues_a_numbered_licence(self):
        with freeze_time("2026-03-10"):
            case = self._approved_case(licence_scope="Building 3, Xinxing Road")
        self.assertTrue(case.sealed)
        licence = case.licence_ids
        self.assertEqual(len(licence), 1)
        self.assertEqual(case.licence_id, licence)
        self.assertEqual(case.licence_count, 1)
        self.assertRegex(licence.name, r"^TEST建施2026\d{5}$")
        self.assertEqual(licence.licence_type_name, "建筑工程施工许可证")
        self.assertEqual(licence.item_id, self.item)
        self.assertEqual(licence.holder_name, case.applicant_name)
        self.assertEqual(licence.holder_type, "organization")
        self.assertEqual(licence.sudo().holder_id_number_raw, "91211100MA0YJ1C45H")
        self.assertEqual(licence.scope, "Building 3, Xinxing Road")
        self.assertEqual(licence.issue_date, date(2026, 3, 10))
        self.assertEqual(licence.valid_from, date(2026, 3, 10))
        self.assertEqual(licence.valid_to, date(2029, 3, 9))
        self.assertEqual(licence.state, "valid")
        self.assertEqual(licence.version, 1)
        self.assertEqual(licence.authority_name, self.bureau.name)
        self.assertGreaterEqual(len(licence.sudo().verification_code), 43)
        self.assertFalse(licence.identifier, "no identifier without the bureau's credit code")

    def test_identifier_with_check_character(self):
        self.bureau.uscc = BUREAU_USCC
        with freeze_time("2026-03-10"):
            licence = self._approved_case().licence_ids
        self.assertTrue(licence.identifier.startswith(
            f"{licences.ROOT}.{TYPE_CODE}.{BUREAU_USCC}."))
        self.assertIsNone(licences.identifier_error(licence.identifier))
        self.assertIn(f".{licence.year:04d}{licence.serial:06d}.001.", licence.identifier)

    def test_numbers_follow_each_other_per_type_and_restart_each_year(self):
        with freeze_time("2025-12-29"):
            first = self._approved_case().licence_ids
            second = self._approved_case().licence_ids
        with freeze_time("2026-01-05"):
            third = self._approved_case().licence_ids
        self.assertEqual(second.serial, first.serial + 1)
        self.assertEqual(second.name, licences.licence_number("TEST建施", 2025, second.serial))
        self.assertEqual((third.year, third.serial), (2026, 1))
        self.assertEqual(third.name, "TEST建施202600001")

    def test_items_sharing_a_prefix_share_the_numbering(self):
        other = self._create_item(self.housing, code="TEST-HOUSING-002", name="Permit change")
        other.action_publish()
        other.handling_agency_id = self.bureau
        other.write({"result_kind": "licence", "licence_prefix": "TEST建施"})
        with freeze_time("2026-05-11"):
            first = self._approved_case().licence_ids
            second = self._approved_case(items=other).licence_ids
        self.assertEqual(second.serial, first.serial + 1)
        self.assertEqual(second.valid_to, False, "no validity set: no end")

    def test_no_licence_for_an_approval_document_or_a_denial(self):
        with freeze_time("2026-05-11"):
            instant = self._approved_case(items=self.instant_item)
            denied = self._provide_all(self._create_case())
            denied.with_user(self.clerk).action_accept()
            self._submit(denied)
            denied.decision_note = "Conditions not met."
            denied.with_user(self.approver).action_deny()
        self.assertTrue(instant.sealed)
        self.assertFalse(instant.licence_ids)
        self.assertTrue(denied.sealed)
        self.assertFalse(denied.licence_ids)

    def test_joint_case_issues_one_licence_per_licensing_item(self):
        with freeze_time("2026-05-11"):
            case = self._approved_case(items=self.item | self.instant_item)
        self.assertEqual(case.licence_ids.item_id, self.item)

    def test_seal_keeper_path_issues_on_sealing_not_on_decision(self):
        self.electronic_seal.state = "suspended"
        with freeze_time("2026-05-11"):
            case = self._provide_all(self._create_case())
            case.with_user(self.clerk).action_accept()
            self._submit(case)
            case.with_user(self.approver).action_approve()
            self.assertFalse(case.sealed)
            self.assertFalse(case.licence_ids)
        with freeze_time("2026-05-12"):
            case.with_user(self.seal_keeper).action_seal()
        self.assertEqual(case.licence_ids.issue_date, date(2026, 5, 12))
        self.assertEqual(case.licence_ids.case_id, case)

    def test_decision_validity_wins_over_the_item(self):
        with freeze_time("2026-05-11"):
            licence = self._approved_case(licence_valid_until="2026-12-31").licence_ids
        self.assertEqual(licence.valid_to, date(2026, 12, 31))

    def test_post_init_issues_licences_in_decision_order(self):
        with freeze_time("2026-05-11"):
            early = self._approved_case()
        with freeze_time("2026-05-12"):
            late = self._approved_case()
        # as before the register existed: the licences never issued, the numbers free again
        self.env.cr.execute(SQL("DELETE FROM dawa_licence WHERE id IN %s",
                                tuple((early | late).licence_ids.ids)))
        self.env.invalidate_all()
        sequence = self.env["ir.sequence"].search([("code", "=", "dawa.licence:TEST建施")])
        sequence.date_range_ids.number_next = 1
        post_init_hook(self.env)
        self.assertEqual(early.licence_ids.serial, 1)
        self.assertEqual(late.licence_ids.serial, 2)
        self.assertEqual(early.licence_ids.issue_date, date(2026, 5, 11))
        post_init_hook(self.env)
        self.assertEqual(len(early.licence_ids | late.licence_ids), 2, "issued once")

    def test_new_version_supersedes_and_keeps_the_number(self):
        self.bureau.uscc = BUREAU_USCC
        with freeze_time("2026-05-11"):
            first = self._approved_case().licence_ids
            second = first._new_version({"scope": "Buildings 3 and 4"}, "Scope changed.")
        self.assertEqual(first.state, "superseded")
        self.assertEqual(first.expiry_status, "ended")
        self.assertEqual((second.name, second.version, second.previous_id), (first.name, 2, first))
        self.assertIn(".002.", second.identifier)
        self.assertIsNone(licences.identifier_error(second.identifier))
        self.assertEqual(first.case_id.licence_id, second)
        with self.assertRaises(UserError):
            first._new_version({}, "again")

    def test_state_machine_refuses_wrong_sources(self):
        with freeze_time("2026-05-11"):
            licence = self._approved_case().licence_ids
            licence._revoke("大洼审批撤字〔2026〕1号")
            self.assertEqual(licence.state, "revoked")
            with self.assertRaises(UserError):
                licence._set_state("expired")
            with self.assertRaises(UserError):
                licence._revoke("again")
            licence._set_state("cancelled", reason="§70 (4)")
            self.assertEqual(licence.state, "cancelled")
            with self.assertRaises(UserError):
                licence._set_state("superseded")

    def test_publicity_shows_the_licence_state(self):
        with freeze_time("2026-05-11"):
            case = self._approved_case()
            status = case._get_publicity_status()[case.id]
            self.assertEqual((status["licence_state"], status["revoked"]), ("valid", False))
            self.assertEqual(status["valid_to"], case.licence_id.valid_to)
            case.licence_id._revoke("大洼审批撤字〔2026〕2号")
            status = case._get_publicity_status()[case.id]
            self.assertEqual((status["licence_state"], status["revoked"]), ("revoked", True))
            self.assertTrue(case._get_publicity_records()[0]["revoked"])



    def test_decision_opens_its_licence_and_back(self):
        with freeze_time("2026-05-11"):
            case = self._approved_case()
        action = case.with_user(self.clerk).action_view_licences()
        self.assertEqual((action["res_model"], action["res_id"]),
                         ("dawa.licence", case.licence_id.id))
        back = case.licence_id.with_user(self.clerk).action_view_case()
        self.assertEqual((back["res_model"], back["res_id"]), ("dawa.approval.case", case.id))
        self.assertEqual(case.with_user(self.clerk).licence_status, "valid")

    def test_item_numbering_rule_is_checked(self):
        for values in ({"licence_padding": 0}, {"licence_padding": 11},
                       {"licence_validity_months": -1}, {"licence_type_code": "1110.0W032"}):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.item.with_user(self.catalog_admin).write(values)
