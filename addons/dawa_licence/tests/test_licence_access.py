from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DawaLicenceCommon

# what an attacker would like to change, field by field
FORGED = {
    "name": "FORGED-1", "state": "revoked", "valid_to": "2099-12-31", "holder_name": "Someone",
    "scope": "Anything", "version": 7, "verification_code": "x" * 43, "identifier": "X",
    "issue_date": "2020-01-01", "expiry_status": "expired",
}


@tagged("post_install", "-at_install")
class TestLicenceAccess(DawaLicenceCommon):
    """The register's fields change only through the actions, whatever the role and the
    path (the ORM calls the RPC routes make: write, create, unlink, search_read)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-05-11"):
            cls.licence = cls._approved_case().licence_ids
            cls.person_licence = cls._approved_case(
                applicant_type="person", applicant_name="李建华",
                applicant_id_number="211104199001011230").licence_ids

    def test_no_role_writes_a_field_directly(self):
        for user in (self.clerk, self.reviewer, self.approver, self.manager):
            for name, value in FORGED.items():
                with self.subTest(user=user.login, field=name), \
                        self.assertRaises(UserError):
                    self.licence.with_user(user).write({name: value})
        self.licence.invalidate_recordset()
        self.assertEqual(self.licence.state, "valid")
        self.assertNotEqual(self.licence.name, "FORGED-1")

    def test_read_only_roles_and_outsiders_cannot_write_at_all(self):
        for user in (self.seal_keeper, self.catalog_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.licence.with_user(user).write({"activity_ids": []})
        with self.assertRaises(AccessError):
            self.licence.with_user(self.department_user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["dawa.licence"].with_user(self.department_user).search_read(
                [], ["name"])

    def test_nobody_creates_or_deletes_a_licence(self):
        values = {"name": "FORGED-2", "case_id": self.licence.case_id.id,
                  "item_id": self.item.id, "holder_type": "organization",
                  "holder_name": "Forged"}
        for user in (self.clerk, self.approver, self.manager, self.seal_keeper):
            # the guard refuses the fields (UserError) before the access rights would
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.env["dawa.licence"].with_user(user).create(values)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["dawa.licence"].with_user(user).create({})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.licence.with_user(user).unlink()
        with self.assertRaises(UserError):
            self.licence.sudo().unlink()

    def test_private_transitions_not_callable_over_rpc(self):
        from odoo.service.model import get_public_method
        for name in ("_set_state", "_revoke", "_new_version", "_cron_expire"):
            with self.subTest(method=name), self.assertRaises(AccessError):
                get_public_method(self.licence.with_user(self.approver), name)

    def test_person_holder_number_masked_to_other_clerks(self):
        other = self.env["res.users"].create({
            "login": "test_other_licence_clerk", "name": "Other Clerk",
            "groups_id": [(6, 0, [self.env.ref("dawa_approval.group_window_clerk").id])],
            "dawa_agency_id": self.bureau.id})
        number = self.person_licence.with_user(other).holder_id_number
        self.assertNotEqual(number, "211104199001011230")
        self.assertIn("*", number)
        self.assertEqual(self.person_licence.with_user(self.manager).holder_id_number,
                         "211104199001011230")
        # an organisation's credit code is public
        self.assertEqual(self.licence.with_user(other).holder_id_number, "91211100MA0YJ1C45H")
        with self.assertRaises(AccessError):
            self.person_licence.with_user(other).read(["holder_id_number_raw"])

    def test_holder_number_searched_whole_and_alone(self):
        Licence = self.env["dawa.licence"].with_user(self.clerk)
        self.assertEqual(Licence.search([("holder_id_number", "=", "211104199001011230")]),
                         self.person_licence)
        with self.assertRaises(UserError):
            Licence.search([("holder_id_number", "ilike", "2111")])
        with self.assertRaises(UserError):
            Licence.search(["|", ("holder_id_number", "=", "211104199001011230"),
                            ("holder_id_number", "=", "211104199001011235")])
