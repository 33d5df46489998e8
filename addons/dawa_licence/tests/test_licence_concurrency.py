import threading
import time

from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.dawa_approval.tests.test_seal_ledger_concurrency import (
    DawaCommittedLedgerCommon,
)

PREFIX = "TEST-RACE-LIC"


@tagged("post_install", "-at_install")
class TestLicenceNumbersUnderSimultaneousSealing(DawaCommittedLedgerCommon):
    """Approvals sealed at the same moment by two approvers in separate transactions (the
    seal ledger's concurrency set-up, data committed): the licences' numbers follow each other
    with no gap and no repeat."""

    def _item_values(self, env):
        return {**super()._item_values(env), "result_kind": "licence",
                "licence_prefix": PREFIX, "licence_padding": 5}

    def _cleanup(self):
        with self.registry_.cursor() as cr:
            cr.execute(SQL("DELETE FROM dawa_licence WHERE case_id IN %s", tuple(self.case_ids)))
            cr.execute(SQL("DELETE FROM ir_sequence WHERE code = %s", f"dawa.licence:{PREFIX}"))
        return super()._cleanup()

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_simultaneous_sealings_number_licences_without_gap(self):
        barrier = threading.Barrier(self.CASES)
        errors = []

        def approve(case_id, uid):
            try:
                with self.registry_.cursor() as cr:
                    env = self._env(cr, uid)
                    call, _calls = self._approve_call(env, case_id)
                    barrier.wait(timeout=60)
                    retrying(call, env)
            except Exception as exc:  # noqa: BLE001 - every failure is reported below
                errors.append(f"{case_id}: {exc!r}")

        threads = [threading.Thread(target=approve, args=(case_id, self.approver_ids[index % 2]))
                   for index, case_id in enumerate(self.case_ids)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 180
        for thread in threads:
            thread.join(timeout=max(deadline - time.monotonic(), 0))
        self.assertFalse(any(thread.is_alive() for thread in threads), "hung approval")
        self.assertEqual(errors, [])
        with self.registry_.cursor() as cr:
            licences = self._env(cr)["dawa.licence"].search([("case_id", "in", self.case_ids)])
            self.assertEqual(len(licences), self.CASES, "one licence per sealed approval")
            self.assertEqual(set(licences.mapped("year")), {licences[0].year})
            serials = sorted(licences.mapped("serial"))
            self.assertEqual(serials, list(range(1, self.CASES + 1)), "no gap, no repeat")
            self.assertEqual(len(set(licences.mapped("name"))), self.CASES)
            # numbered in the order of the sealings (the ledger's order)
            lines = self._env(cr)["dawa.seal.usage"].search(
                [("case_id", "in", self.case_ids)]).sorted("id")
            by_case = {licence.case_id.id: licence.serial for licence in licences}
            self.assertEqual([by_case[line.case_id.id] for line in lines], serials)
