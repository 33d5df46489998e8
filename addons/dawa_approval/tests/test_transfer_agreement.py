from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DawaCommon


@tagged("post_install", "-at_install")
class TestTransferAgreement(DawaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.housing_items = cls._create_item(cls.housing, name="Housing item A") | cls._create_item(
            cls.housing, name="Housing item B", supervising_agency_id=cls.housing.id
        )
        cls.housing_items[0].action_publish()
        cls.water_item = cls._create_item(cls.water, name="Water item")
        Seal = cls.env["dawa.seal"]
        seal_vals = {
            "kind": "department",
            "state": "in_use",
            "filing_ref": "Filing",
            "announcement_ref": "Announcement",
        }
        cls.housing_seal = Seal.create(dict(
            seal_vals, name="Housing business seal", code="T-TA-HOUSING", agency_id=cls.housing.id
        ))
        cls.housing_seal_suspended = Seal.create(dict(
            seal_vals, name="Housing old seal", code="T-TA-HOUSING-2",
            agency_id=cls.housing.id, state="suspended",
        ))
        cls.water_seal = Seal.create(dict(
            seal_vals, name="Water business seal", code="T-TA-WATER", agency_id=cls.water.id
        ))

    def _agreement(self, user=None, **vals):
        values = {
            "agency_id": self.housing.id,
            "item_ids": [Command.set(self.housing_items.ids)],
            "seal_ids": [Command.set((self.housing_seal | self.housing_seal_suspended).ids)],
            "line_ids": [Command.create({"kind": "archive", "name": "Case archives 2016-2018",
                                         "quantity": 53})],
        }
        values.update(vals)
        return self.env["dawa.transfer.agreement"].with_user(user or self.catalog_admin).create(
            values
        )

    def test_number_from_sequence(self):
        first, second = self._agreement(), self._agreement(item_ids=[], seal_ids=[])
        self.assertTrue(first.name)
        self.assertNotEqual(first.name, second.name)

    def test_sign_needs_items(self):
        agreement = self._agreement(item_ids=[])
        with self.assertRaisesText(ValidationError, "transfers no item"):
            agreement.action_sign()
        self.assertEqual(agreement.state, "draft")
        self.assertFalse(agreement.date_signed)

    @freeze_time("2026-03-02 10:00:00")
    def test_sign_and_done(self):
        self.assertFalse(self.catalog_admin.has_group("dawa_approval.group_seal_keeper"))
        agreement = self._agreement()
        self.assertEqual(self.housing_items.handling_agency_id, self.housing)
        agreement.action_sign()
        self.assertEqual(agreement.state, "signed")
        self.assertEqual(agreement.date_signed, date(2026, 3, 2))
        # signing hands nothing over yet
        self.assertEqual(self.housing_items.handling_agency_id, self.housing)
        self.assertEqual(self.housing_seal.state, "in_use")

        # the catalogue administrator retires no seal: the seal keeper does, first
        with self.assertRaisesText(UserError, "only a seal keeper retires a seal"):
            agreement.action_done()
        self.assertEqual((agreement.state, self.housing_seal.state), ("signed", "in_use"))
        self.assertEqual(self.housing_items.handling_agency_id, self.housing)
        for seal in self.housing_seal | self.housing_seal_suspended:
            seal.with_user(self.seal_keeper).action_retire()
        agreement.action_done()
        self.assertEqual(agreement.state, "done")
        self.assertEqual(agreement.date_done, date(2026, 3, 2))
        for item in self.housing_items:
            self.assertEqual(item.handling_agency_id, self.bureau)
            self.assertEqual(item.supervising_agency_id, self.housing)
        for seal in self.housing_seal | self.housing_seal_suspended:
            self.assertEqual(seal.state, "retired")
            self.assertEqual(seal.retired_date, date(2026, 3, 2))
        # what the agreement does not hand over is left alone
        self.assertEqual(self.water_item.handling_agency_id, self.water)
        self.assertEqual(self.water_seal.state, "in_use")

    def test_sign_keeps_date_signed(self):
        agreement = self._agreement(date_signed="2019-04-11")
        agreement.action_sign()
        self.assertEqual(agreement.date_signed, date(2019, 4, 11))

    def test_done_with_already_retired_seal(self):
        self.housing_seal_suspended.sudo().action_retire()
        agreement = self._agreement(user=self.manager)
        agreement.action_sign()
        agreement.action_done()
        self.assertEqual(agreement.state, "done")
        self.assertEqual(self.housing_seal.state, "retired")
        self.assertEqual(self.housing_seal_suspended.state, "retired")

    def _retire_seals(self, agreement):
        """The seal keeper retires the seals an agreement hands over."""
        agreement.seal_ids.with_user(self.seal_keeper).action_retire()

    def test_wrong_state_refused(self):
        agreement = self._agreement()
        with self.assertRaisesText(UserError, "only possible when"):
            agreement.action_done()
        self.assertEqual(agreement.state, "draft")
        self.assertEqual(self.housing_items.handling_agency_id, self.housing)
        agreement.action_sign()
        with self.assertRaisesText(UserError, "only possible when"):
            agreement.action_sign()
        self._retire_seals(agreement)
        agreement.action_done()
        for step in ("action_sign", "action_done"):
            with self.subTest(step=step), self.assertRaisesText(UserError, "only possible when"):
                getattr(agreement, step)()
        self.assertEqual(agreement.state, "done")

    def test_done_agreement_is_frozen(self):
        agreement = self._agreement()
        agreement.action_sign()
        self._retire_seals(agreement)
        agreement.action_done()
        other_item = self._create_item(self.housing, name="Late housing item")
        line = agreement.line_ids
        writes = {
            "note": {"note": "<p>changed</p>"},
            "name": {"name": "Another number"},
            "date_signed": {"date_signed": "2026-01-01"},
            "item_ids": {"item_ids": [Command.link(other_item.id)]},
            "seal_ids": {"seal_ids": [Command.clear()]},
            "line_ids": {"line_ids": [Command.create({"name": "More archives"})]},
        }
        for field, vals in writes.items():
            with self.subTest(field=field), self.assertRaisesText(
                    UserError, "can no longer be changed"):
                agreement.write(vals)
        with self.assertRaisesText(UserError, "only be changed with its buttons"):
            agreement.with_user(self.catalog_admin).write({"state": "draft"})
        self.assertEqual(agreement.state, "done")
        self.assertFalse(other_item.transfer_agreement_id)
        with self.assertRaisesText(UserError, "completed"):
            line.write({"quantity": 1})
        with self.assertRaisesText(UserError, "completed"):
            line.unlink()
        with self.assertRaisesText(UserError, "completed"):
            self.env["dawa.transfer.agreement.line"].create({
                "agreement_id": agreement.id, "name": "Forgotten archives",
            })
        self.assertEqual(line.quantity, 53)
        self.assertEqual(len(agreement.line_ids), 1)
        # the chatter still works on a completed agreement
        agreement.message_post(body="Archived in the registry.")

    def test_signed_agreement_still_editable(self):
        agreement = self._agreement()
        agreement.action_sign()
        agreement.line_ids.quantity = 60
        agreement.write({"line_ids": [Command.create({"name": "Blank certificate forms"})]})
        self.assertEqual(len(agreement.line_ids), 2)

    def test_other_department_refused(self):
        with self.assertRaisesText(ValidationError, "can only hand over"):
            self._agreement(item_ids=[Command.set((self.housing_items | self.water_item).ids)])
        with self.assertRaisesText(ValidationError, "can only hand over"):
            self._agreement(seal_ids=[Command.set(self.water_seal.ids)])
        agreement = self._agreement()
        with self.assertRaisesText(ValidationError, "can only hand over"):
            agreement.write({"item_ids": [Command.link(self.water_item.id)]})
        with self.assertRaisesText(ValidationError, "can only hand over"):
            agreement.write({"seal_ids": [Command.link(self.water_seal.id)]})
        with self.assertRaisesText(ValidationError, "can only hand over"):
            agreement.agency_id = self.water
        self.assertEqual(agreement.item_ids, self.housing_items)
        self.assertFalse(self.water_item.transfer_agreement_id)

    def test_other_roles_may_not(self):
        draft = self._agreement()
        signed = self._agreement(item_ids=[], seal_ids=[])
        signed.item_ids = self._create_item(self.housing, name="Signed housing item")
        signed.action_sign()
        for user in (self.clerk, self.reviewer, self.approver, self.seal_keeper, self.employee):
            with self.subTest(user=user.login, step="sign"), self.assertRaises(UserError):
                draft.with_user(user).action_sign()
            with self.subTest(user=user.login, step="done"), self.assertRaises(UserError):
                signed.with_user(user).action_done()
            with self.subTest(user=user.login, op="write"), self.assertRaises(AccessError):
                draft.with_user(user).write({"note": "<p>x</p>"})
            with self.subTest(user=user.login, op="create"), self.assertRaises(AccessError):
                self._agreement(user=user)
        self.assertEqual(draft.state, "draft")
        self.assertEqual(signed.state, "signed")
        self.assertEqual(self.housing_seal.state, "in_use")

    def test_departments_only(self):
        """Powers are handed over by the eight departments: not by the bureau itself, nor a
        town, whatever the form's domain offers."""
        town = self.env["dawa.agency"].create(
            {"name": "Test town", "code": "test_town_agreement", "kind": "town"})
        for agency in (self.bureau, town):
            with self.subTest(agency=agency.code), self.assertRaisesText(
                    ValidationError, "departments"):
                self._agreement(agency_id=agency.id, item_ids=[], seal_ids=[])
        agreement = self._agreement(item_ids=[], seal_ids=[])
        with self.assertRaisesText(ValidationError, "departments"):
            agreement.with_user(self.catalog_admin).agency_id = self.bureau
        self.assertEqual(agreement.agency_id, self.housing)

    def test_manager_may(self):
        agreement = self._agreement(user=self.manager)
        agreement.action_sign()
        agreement.action_done()
        self.assertEqual(agreement.state, "done")
        self.assertEqual(self.housing_items.handling_agency_id, self.bureau)


@tagged("post_install", "-at_install")
class TestTransferAgreementItemLink(DawaCommon):
    def test_item_link_follows_the_agreement_rules(self):
        agreement = self.env["dawa.transfer.agreement"].create({"agency_id": self.housing.id})
        water_item = self.env["dawa.approval.item"].create({
            "name": "Water abstraction licence", "code": "TEST-WATER-LINK",
            "source_agency_id": self.water.id,
        })
        with self.assertRaises(ValidationError):
            water_item.transfer_agreement_id = agreement
        self.item.transfer_agreement_id = agreement
        agreement.action_sign()
        agreement.action_done()
        with self.assertRaises(UserError):
            self.item.transfer_agreement_id = False
        other = self.env["dawa.approval.item"].create({
            "name": "Demolition permit", "code": "TEST-HOUSING-LINK",
            "source_agency_id": self.housing.id,
        })
        with self.assertRaises(UserError):
            other.transfer_agreement_id = agreement


@tagged("post_install", "-at_install")
class TestTransferAgreementOverJsonRpc(DawaCommon, HttpCase):
    """What a catalogue administrator without any seal right tried over the web client's
    endpoint to retire a seal of the bureau: an item "from" the bureau and an agreement with
    the bureau listing its seal, signed and completed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bureau_seal = cls.env["dawa.seal"].create({
            "name": "Agency seal of the bureau", "code": "TEST-TA-BUREAU", "kind": "agency",
            "agency_id": cls.bureau.id, "state": "in_use"})
        cls.housing_seal = cls.env["dawa.seal"].create({
            "name": "Housing business seal", "code": "TEST-TA-RPC-HOUSING",
            "kind": "department", "agency_id": cls.housing.id, "state": "in_use"})

    def _call(self, login, model, method, args):
        self.authenticate(login, login)
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": model, "method": method, "args": args,
                "kwargs": {"context": {"lang": "en_US", "tracking_disable": True}}})

    def test_catalogue_admin_cannot_retire_a_bureau_seal(self):
        login = self.catalog_admin.login
        item_id = self._call(login, "dawa.approval.item", "create", [{
            "name": "Item from the bureau", "code": "TEST-TA-FROM-BUREAU",
            "source_agency_id": self.bureau.id, "legal_basis": "None",
            "material_ids": [[0, 0, {"name": "Application form"}]]}])
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
            self._call(login, "dawa.transfer.agreement", "create", [{
                "agency_id": self.bureau.id, "item_ids": [[6, 0, [item_id]]],
                "seal_ids": [[6, 0, self.bureau_seal.ids]]}])
        # nor the bureau's seal on a department's agreement
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
            self._call(login, "dawa.transfer.agreement", "create", [{
                "agency_id": self.housing.id, "seal_ids": [[6, 0, self.bureau_seal.ids]]}])
        # nor a department's agreement turned into the bureau's afterwards
        agreement_id = self._call(login, "dawa.transfer.agreement", "create", [{
            "agency_id": self.housing.id}])
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
            self._call(login, "dawa.transfer.agreement", "write", [
                [agreement_id], {"agency_id": self.bureau.id,
                                 "seal_ids": [[6, 0, self.bureau_seal.ids]]}])
        self.assertEqual(self.bureau_seal.state, "in_use")
        self.assertFalse(self.env["dawa.transfer.agreement"].search(
            [("agency_id", "=", self.bureau.id)]))

    def test_only_a_seal_keeper_completes_a_step_that_retires_seals(self):
        login = self.catalog_admin.login
        item = self._create_item(self.housing, name="Housing item for the handover")
        agreement_id = self._call(login, "dawa.transfer.agreement", "create", [{
            "agency_id": self.housing.id, "item_ids": [[6, 0, item.ids]],
            "seal_ids": [[6, 0, self.housing_seal.ids]]}])
        self._call(login, "dawa.transfer.agreement", "action_sign", [[agreement_id]])
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._call(login, "dawa.transfer.agreement", "action_done", [[agreement_id]])
        agreement = self.env["dawa.transfer.agreement"].browse(agreement_id)
        self.assertEqual((agreement.state, self.housing_seal.state), ("signed", "in_use"))
        # the seal keeper retires it; then the catalogue administrator completes
        self._call(self.seal_keeper.login, "dawa.seal", "action_retire",
                   [self.housing_seal.ids])
        self._call(login, "dawa.transfer.agreement", "action_done", [[agreement_id]])
        self.assertEqual((agreement.state, self.housing_seal.state), ("done", "retired"))
        self.assertEqual(item.handling_agency_id, self.bureau)
