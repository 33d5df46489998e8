from odoo import api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import tagged, warmup
from odoo.tools import SQL, mute_logger

from .common import DawaCaseCommon


@tagged("post_install", "-at_install", "is_query_count")
class TestSealLedger(DawaCaseCommon):
    def _approved_case(self):
        case = self._provide_all(self._create_case())
        case.action_accept()
        case.with_user(self.approver).action_approve()
        return case

    def test_every_decision_writes_one_chained_line(self):
        Usage = self.env["dawa.seal.usage"]
        before = Usage.search([])
        approved = self._approved_case()
        refused = self._create_case(decision_note="Not a legal person")
        refused.action_not_accept()
        denied = self._provide_all(self._create_case(decision_note="Unsafe site"))
        denied.action_accept()
        denied.with_user(self.approver).action_deny()
        lines = Usage.search([]) - before
        self.assertEqual(lines.case_id, approved | refused | denied)
        self.assertEqual(
            set(lines.mapped("document_type")),
            {"approval_decision", "not_accepted_notice", "denial_decision"})
        self.assertEqual(lines.seal_id, self.approval_seal)
        by_case = {line.case_id: line for line in lines}
        self.assertEqual(by_case[approved].approver_id, self.approver)
        self.assertEqual(by_case[approved].operator_id, self.approver)
        self.assertEqual(by_case[approved].document_ref, approved.decision_ref)
        ordered = lines.sorted("id")
        for previous, line in zip(ordered, ordered[1:], strict=False):
            self.assertEqual(line.prev_hash, previous.hash)
        self.assertEqual(len(set(ordered.mapped("hash"))), 3)
        self.assertTrue(Usage.verify_chain()["ok"])

    def test_no_approval_seal_in_use_blocks_the_decision(self):
        case = self._provide_all(self._create_case())
        case.action_accept()
        self.approval_seal.with_user(self.seal_keeper).action_suspend()
        with self.assertRaisesRegex(UserError, "No approval seal"):
            case.with_user(self.approver).action_approve()
        self.assertEqual(case.state, "accepted")
        self.assertFalse(self.env["dawa.seal.usage"].search([("case_id", "=", case.id)]))

    def test_approval_seal_never_on_licence_changes(self):
        revocation = self.env.ref("dawa_approval.document_type_licence_revocation")
        with self.assertRaisesRegex(UserError, "agency seal"):
            self.env["dawa.seal"]._get_approval_seal(revocation)
        self.approval_seal.allowed_document_types = self.env.ref(
            "dawa_approval.document_type_approval_decision")
        with self.assertRaises(UserError):
            self.env["dawa.seal"]._get_approval_seal(
                self.env.ref("dawa_approval.document_type_denial_decision"))

    def test_ledger_is_append_only_for_everybody(self):
        line = self.env["dawa.seal.usage"].search([("case_id", "=", self._approved_case().id)])
        for env in (self.env, self.env(su=True), line.with_user(self.manager).env):
            with self.assertRaisesRegex(UserError, "append-only"):
                line.with_env(env).write({"document_ref": "forged"})
            with self.assertRaisesRegex(UserError, "append-only"):
                line.with_env(env).unlink()
        with self.assertRaises(AccessError):
            self.env["dawa.seal.usage"].with_user(self.seal_keeper).create({
                "seal_id": self.approval_seal.id,
                "document_type_id": self.env.ref(
                    "dawa_approval.document_type_approval_decision").id,
                "document_ref": "forged",
            })
        self.assertTrue(line.with_user(self.seal_keeper).read(["hash"]))
        with self.assertRaises(AccessError):
            line.with_user(self.clerk).read(["hash"])

    def test_verify_chain_finds_a_change_made_behind_the_orm(self):
        cases = [self._approved_case() for _i in range(3)]
        Usage = self.env["dawa.seal.usage"]
        middle = Usage.search([("case_id", "=", cases[1].id)])
        result = Usage.verify_chain()
        self.assertTrue(result["ok"])
        checked = result["checked"]
        self.env.cr.execute(SQL(
            "UPDATE dawa_seal_usage SET document_ref = %s WHERE id = %s", "forged", middle.id))
        result = Usage.verify_chain()
        self.assertEqual(result, {"ok": False, "checked": checked - 1, "broken_id": middle.id})
        notification = Usage.action_verify_chain()
        self.assertEqual(notification["params"]["type"], "danger")

    @warmup
    def test_query_budget_does_not_grow_with_the_lines(self):
        items = self.item
        for index in range(9):
            items |= self.item.copy({"code": f"TEST-BUDGET-{index}", "name": f"Item {index}"})
        items.write({"state": "published", "handling_agency_id": self.bureau.id})
        for lines in (self.item, items):
            case = self._provide_all(self._create_case(items=lines))
            self.env.invalidate_all()
            # Accept (11): the case, its lines, their items, its materials (one read each,
            # whatever their number), the bureau, one UPDATE of the case and one of its lines'
            # stored state, the tracking message and its values.
            with self.subTest(lines=len(lines)), self.assertQueryCount(11):
                case.with_user(self.clerk).action_accept()
            self.env.invalidate_all()
            # Approve (17): the case, the document type, the seal search, the UPDATE of the
            # case and its lines, the decision sequence (2), the ledger head and its INSERT,
            # the decision number UPDATE, the tracking message and its values.
            with self.subTest(lines=len(lines)), self.assertQueryCount(17):
                case.with_user(self.approver).action_approve()
            self.env.invalidate_all()
            # Deliver (6): the case, its UPDATE and its lines', the tracking message and values.
            with self.subTest(lines=len(lines)), self.assertQueryCount(6):
                case.with_user(self.clerk).action_deliver()


@tagged("post_install", "-at_install")
class TestSealLedgerConcurrency(DawaCaseCommon):
    """Two transactions deciding at the same moment, on real separate cursors."""

    def setUp(self):
        super().setUp()
        self.registry_ = self.env.registry
        with self.registry_.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            bureau = env.ref("dawa_approval.agency_bureau")
            seal = env["dawa.seal"].search(
                [("kind", "=", "approval"), ("state", "=", "in_use"),
                 ("agency_id", "=", bureau.id)], limit=1)
            self.created_seal = not seal
            if not seal:
                seal = env["dawa.seal"].create({
                    "name": "Concurrency test seal", "code": "TEST-CONCURRENCY-SEAL",
                    "kind": "approval", "agency_id": bureau.id, "state": "in_use"})
            item = env["dawa.approval.item"].create({
                "name": "Concurrency test item", "code": "TEST-CONCURRENCY-ITEM",
                "source_agency_id": bureau.id, "legal_basis": "-",
                "statutory_days": 20, "promised_days": 5,
                "item_type": "filing",
            })
            item.action_publish()
            cases = env["dawa.approval.case"].create([{
                "applicant_name": f"Concurrent applicant {index}",
                "applicant_id_number": "91211100MA0YJ1C45H",
                "line_ids": [(0, 0, {"item_id": item.id})],
            } for index in range(2)])
            cases.action_accept()
            self.seal_id, self.item_id, self.case_ids = seal.id, item.id, cases.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry_.cursor() as cr:
            cr.execute(SQL("DELETE FROM dawa_seal_usage WHERE case_id IN %s",
                           tuple(self.case_ids)))
            cr.execute(SQL("DELETE FROM dawa_approval_case WHERE id IN %s",
                           tuple(self.case_ids)))
            cr.execute(SQL("DELETE FROM dawa_approval_item WHERE id = %s", self.item_id))
            if self.created_seal:
                cr.execute(SQL("DELETE FROM dawa_seal WHERE id = %s", self.seal_id))

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})

    def _approve_racing(self, env, case_id, other_cr, other_action):
        """Approve in ``env`` while ``other_action`` commits on ``other_cr`` after this
        transaction's snapshot was taken — once; a retry runs undisturbed."""
        calls = []

        def approve():
            calls.append(1)
            case = env["dawa.approval.case"].browse(case_id)
            case.read(["state"])  # the snapshot of this transaction starts here
            if len(calls) == 1:
                other_action(self._env(other_cr))
                other_cr.commit()
            case.action_approve()
            env.flush_all()

        return approve, calls

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_two_decisions_at_once_do_not_fork_the_chain(self):
        with self.registry_.cursor() as cr1, self.registry_.cursor() as cr2:
            env2 = self._env(cr2)
            approve, calls = self._approve_racing(
                env2, self.case_ids[1], cr1,
                lambda env1: env1["dawa.approval.case"].browse(self.case_ids[0]).action_approve())
            # The second decision met a chain head that moved under it: refused with the
            # constraint's message (as the RPC layer shows it), nothing written.
            with self.assertRaisesRegex(ValidationError, "sealed at the same moment"):
                retrying(approve, env2)
            self.assertEqual(len(calls), 1)
            env2.invalidate_all()
            self.assertEqual(env2["dawa.approval.case"].browse(self.case_ids[1]).state,
                             "accepted")
            # Tried again, it chains on the first one.
            retrying(approve, env2)
            self.assertTrue(env2["dawa.seal.usage"].verify_chain()["ok"])
            lines = env2["dawa.seal.usage"].search([("case_id", "in", self.case_ids)])
            self.assertEqual(len(lines), 2)
            first, second = lines.sorted("id")
            self.assertEqual(second.prev_hash, first.hash)

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_two_users_approving_the_same_case(self):
        case_id = self.case_ids[0]
        with self.registry_.cursor() as cr1, self.registry_.cursor() as cr2:
            env2 = self._env(cr2)
            approve, calls = self._approve_racing(
                env2, case_id, cr1,
                lambda env1: env1["dawa.approval.case"].browse(case_id).action_approve())
            # The concurrent update is a serialization failure: Odoo retries, and the retry
            # meets an approved case.
            with self.assertRaisesRegex(UserError, "Approved"):
                retrying(approve, env2)
            self.assertEqual(len(calls), 2)
            lines = env2["dawa.seal.usage"].search([("case_id", "=", case_id)])
            self.assertEqual(len(lines), 1)
