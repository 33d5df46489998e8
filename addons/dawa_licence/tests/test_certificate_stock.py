from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DawaCertificateCommon


@tagged("post_install", "-at_install")
class TestCertificateStock(DawaCertificateCommon):
    """制式证书台账: batches received by two people make one form per serial; a serial
    exists once; the figures and the gaps per form type; nothing is changed or deleted
    outside the actions, by anyone."""

    def test_receiving_makes_one_form_per_serial(self):
        batch = self.batch
        self.assertEqual(batch.state, "received")
        self.assertRegex(batch.name, r"^ZSRK\d{4}-\d{4}$")
        self.assertEqual(batch.received_by_id, self.seal_keeper)
        self.assertTrue(batch.received_date)
        self.assertEqual(batch.quantity, 10)
        self.assertEqual(batch.serial_range, "S0000101–S0000110")
        forms = batch.form_ids.sorted("number")
        self.assertEqual(forms.mapped("name"), [f"S{n:07d}" for n in range(101, 111)])
        self.assertEqual(set(forms.mapped("state")), {"on_hand"})
        self.assertEqual(forms.certificate_type_id, self.form_type)
        self.assertEqual((self.form_type.received_count, self.form_type.on_hand_count), (10, 10))
        self.assertIn("S0000101–S0000110", batch.message_ids[0].body)

    def test_a_serial_is_received_once(self):
        with self.assertRaisesRegex(UserError, "S0000110.*received once"):
            self._receive(110, 120)
        # the refused batch made no form
        self.assertEqual(self.form_type.received_count, 10)

    def test_two_people_count_the_receipt(self):
        Stock = self.env["dawa.certificate.stock"].with_user(self.seal_keeper)
        values = {"certificate_type_id": self.form_type.id, "serial_first": 1,
                  "serial_last": 5}
        alone = Stock.create(values)
        with self.assertRaisesRegex(UserError, "Two people count"):
            alone.action_receive()
        himself = Stock.create({**values, "counted_by_id": self.seal_keeper.id})
        with self.assertRaisesRegex(UserError, "Two people count"):
            himself.action_receive()
        self.assertEqual(alone.state, "draft")

    def test_only_the_seal_keeper_receives(self):
        batch = self.env["dawa.certificate.stock"].with_user(self.seal_keeper).create({
            "certificate_type_id": self.form_type.id, "serial_first": 1, "serial_last": 5,
            "counted_by_id": self.manager.id})
        with self.assertRaisesRegex(UserError, "Only"):
            batch.with_user(self.clerk).action_receive()
        with self.assertRaises(AccessError):
            self.env["dawa.certificate.stock"].with_user(self.clerk).create({
                "certificate_type_id": self.form_type.id, "serial_first": 1, "serial_last": 5})
        with self.assertRaises(AccessError):
            self.env["dawa.certificate.stock"].with_user(self.department_user).search_read([])
        with self.assertRaises(AccessError):
            self.env["dawa.certificate.form"].with_user(self.department_user).search_read([])
        with self.assertRaisesRegex(UserError, "already|Received"):
            self.batch.action_receive()

    def test_bad_batches_are_refused(self):
        Stock = self.env["dawa.certificate.stock"].with_user(self.seal_keeper)
        base = {"certificate_type_id": self.form_type.id, "counted_by_id": self.manager.id}
        with self.assertRaisesRegex(ValidationError, "first to the last"):
            Stock.create({**base, "serial_first": 50, "serial_last": 40})
        with self.assertRaisesRegex(ValidationError, "at most"):
            Stock.create({**base, "serial_first": 1, "serial_last": 10_000_000})
        with self.assertRaisesRegex(ValidationError, "name the department"):
            Stock.create({**base, "serial_first": 1, "serial_last": 5, "source": "department"})
        agreement = self.env["dawa.transfer.agreement"].create({
            "name": "TEST移交001", "agency_id": self.water.id, "date_signed": "2026-01-05"})
        with self.assertRaisesRegex(ValidationError, "not with"):
            Stock.create({**base, "serial_first": 1, "serial_last": 5, "source": "department",
                          "agency_id": self.housing.id, "transfer_agreement_id": agreement.id})

    def test_handed_over_by_a_department_with_its_agreement(self):
        agreement = self.env["dawa.transfer.agreement"].create({
            "name": "TEST移交002", "agency_id": self.housing.id, "date_signed": "2026-01-05"})
        batch = self._receive(1, 20, source="department", agency_id=self.housing.id,
                              transfer_agreement_id=agreement.id)
        self.assertEqual(batch.transfer_agreement_id, agreement)
        self.assertEqual(batch.on_hand_count, 20)

    def test_workflow_fields_refused_to_the_attacker(self):
        """Over the RPC path (``with_user().create/write``): the state, the receiver, the
        receipt number and every field of a form are the actions'."""
        Stock = self.env["dawa.certificate.stock"].with_user(self.seal_keeper)
        with self.assertRaisesRegex(UserError, "buttons"):
            Stock.create({"certificate_type_id": self.form_type.id, "serial_first": 1,
                          "serial_last": 5, "state": "received"})
        draft = Stock.create({"certificate_type_id": self.form_type.id, "serial_first": 1,
                              "serial_last": 5})
        for values in ({"state": "received"}, {"received_by_id": self.manager.id},
                       {"name": "ZSRK-FAKE"}):
            with self.assertRaisesRegex(UserError, "buttons"):
                draft.write(values)
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            self.batch.with_user(self.seal_keeper).write({"serial_last": 200})
        with self.assertRaisesRegex(UserError, "never deleted"):
            self.batch.with_user(self.seal_keeper).unlink()
        form = self._form(101)
        for user in (self.seal_keeper, self.clerk, self.manager):
            # the guard speaks before the access rights (an AccessError is a UserError)
            with self.assertRaises(UserError):
                form.with_user(user).write({"state": "voided"})
            with self.assertRaises(UserError):
                self.env["dawa.certificate.form"].with_user(user).create({
                    "name": "S9", "number": 9, "stock_id": self.batch.id,
                    "certificate_type_id": self.form_type.id})
        # even with the model's rights, the guard refuses (an administrator's write path)
        with self.assertRaisesRegex(UserError, "buttons|voiding"):
            form.with_user(self.env.ref("base.user_admin")).write({"state": "voided"})
        with self.assertRaisesRegex(UserError, "never deleted"):
            form.sudo().unlink()
        self.assertEqual(form.state, "on_hand")
        # a draft may still be deleted
        draft.unlink()

    def test_gaps_are_shown(self):
        self._receive(121, 125)
        self.assertEqual(self.form_type.missing_serials, "S0000111–S0000120")
        self.assertFalse(self.form_type.skipped_serials)
        with freeze_time("2026-03-10"):
            licences = [self._approved_case().licence_ids for _i in range(2)]
        licences[0].with_user(self.clerk).action_print_certificate()
        licences[1].with_user(self.clerk).action_print_certificate()
        self.assertEqual(licences[1].certificate_serial, "S0000102")
        self._form(103).with_user(self.seal_keeper).action_void("damaged", "Wet")
        self.assertFalse(self.form_type.skipped_serials, "a voided form is accounted for")
        # a form left on hand below the last issued one is shown (as when a printing that
        # took it failed and was rolled back while another clerk printed the next one)
        self._form(101).sudo().write({"state": "on_hand", "licence_id": False})
        self.form_type.invalidate_recordset()
        self.assertEqual(self.form_type.skipped_serials, "S0000101")
        self.assertEqual(
            (self.form_type.on_hand_count, self.form_type.issued_count,
             self.form_type.voided_count, self.form_type.received_count), (13, 1, 1, 15))
