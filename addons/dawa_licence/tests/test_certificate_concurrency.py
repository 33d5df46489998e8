import threading

from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.dawa_approval.tests.test_seal_ledger_concurrency import (
    DawaCommittedLedgerCommon,
)

PREFIX = "TEST-RACE-CERT"
FORM_CODE = "TEST-RACE-FORM"


@tagged("post_install", "-at_install")
class TestFormsUnderSimultaneousPrinting(DawaCommittedLedgerCommon):
    """Two clerks print two licences at the same moment, each in his own transaction (the
    seal ledger's concurrency set-up, data committed): each gets a form of his own, the two
    lowest serials, and no form is issued twice. Both hold their form until the other has
    taken his, so a printing that waited for the other, or took the same form, fails."""

    CASES = 2

    def _item_values(self, env):
        return {**super()._item_values(env), "result_kind": "licence",
                "licence_prefix": PREFIX, "licence_padding": 5}

    def setUp(self):
        super().setUp()
        for case_id in self.case_ids:
            with self.registry_.cursor() as cr:
                env = self._env(cr, self.approver_ids[0])
                call, _calls = self._approve_call(env, case_id)
                retrying(call, env)
        with self.registry_.cursor() as cr:
            env = self._env(cr)
            self.form_type_id = env["dawa.certificate.type"].create({
                "name": "Race test form", "code": FORM_CODE, "serial_prefix": "R",
                "serial_padding": 4}).id
            env["dawa.approval.item"].browse(self.item_id).certificate_type_id = \
                self.form_type_id
            batch = env["dawa.certificate.stock"].create({
                "certificate_type_id": self.form_type_id, "serial_first": 1,
                "serial_last": 5, "counted_by_id": self.approver_ids[0]})
            batch.action_receive()
            self.licence_ids = env["dawa.licence"].search(
                [("case_id", "in", self.case_ids)]).ids
        self.assertEqual(len(self.licence_ids), 2)

    def _cleanup(self):
        with self.registry_.cursor() as cr:
            if getattr(self, "form_type_id", None):
                stocks = self._env(cr)["dawa.certificate.stock"].search(
                    [("certificate_type_id", "=", self.form_type_id)]).ids
                cr.execute(SQL("DELETE FROM dawa_certificate_form WHERE certificate_type_id = %s",
                               self.form_type_id))
                self._delete_records(cr, "dawa.certificate.stock", stocks)
            licence_ids = self._env(cr)["dawa.licence"].search(
                [("case_id", "in", self.case_ids)]).ids
            self._delete_records(cr, "dawa.licence", licence_ids)
            cr.execute(SQL("DELETE FROM ir_sequence WHERE code = %s", f"dawa.licence:{PREFIX}"))
        result = super()._cleanup()
        with self.registry_.cursor() as cr:
            cr.execute(SQL("DELETE FROM dawa_certificate_type WHERE code = %s", FORM_CODE))
        return result

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_two_clerks_printing_at_once_get_two_forms(self):
        start = threading.Barrier(2)
        both_hold = threading.Barrier(2)
        errors, taken = [], {}

        def print_certificate(licence_id, uid):
            try:
                with self.registry_.cursor() as cr:
                    env = self._env(cr, uid)
                    licence = env["dawa.licence"].browse(licence_id)
                    licence.read(["state"])  # this transaction's snapshot starts here
                    start.wait(timeout=30)
                    licence.action_print_certificate()
                    taken[licence_id] = licence.certificate_serial
                    both_hold.wait(timeout=30)
            except Exception as exc:  # noqa: BLE001 - every failure is reported below
                errors.append(f"{licence_id}: {exc!r}")

        threads = [threading.Thread(target=print_certificate, args=(licence_id, uid))
                   for licence_id, uid in zip(self.licence_ids, self.approver_ids, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        self.assertFalse(any(thread.is_alive() for thread in threads), "hung printing")
        self.assertEqual(errors, [])
        self.assertEqual(sorted(taken.values()), ["R0001", "R0002"])
        with self.registry_.cursor() as cr:
            env = self._env(cr)
            forms = env["dawa.certificate.form"].search(
                [("certificate_type_id", "=", self.form_type_id), ("state", "=", "issued")])
            self.assertEqual(sorted(forms.mapped("name")), ["R0001", "R0002"])
            self.assertEqual(sorted(forms.licence_id.ids), sorted(self.licence_ids))
            for licence in env["dawa.licence"].browse(self.licence_ids):
                self.assertEqual(licence.certificate_form_ids.name, licence.certificate_serial)
