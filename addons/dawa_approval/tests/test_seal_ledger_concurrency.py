import collections
import re
import threading
import time

import requests
from freezegun import freeze_time

import odoo
from odoo import SUPERUSER_ID, api, http
from odoo.exceptions import UserError
from odoo.modules.registry import DummyRLock, Registry
from odoo.service import security
from odoo.service.model import retrying
from odoo.tests import new_test_user, tagged
from odoo.tests.common import HOST, get_db_name
from odoo.tools import SQL, mute_logger

from ..models.dawa_seal_usage import rpc_env, takes_ledger_turn
from .test_seal_usage import DawaLedgerCommon

DECISION_NUMBER = re.compile(r"^大洼审批许字〔(\d{4})〕([1-9]\d*)号$")
DECISION_SEQUENCES = (
    "dawa.approval.approval_decision", "dawa.approval.denial_decision",
    "dawa.approval.not_accepted_notice",
)


class RouteError(Exception):
    """The error answer of a JSON-RPC route: ``name``, the exception's class, and its
    ``message``."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class DawaCommittedLedgerCommon(DawaLedgerCommon):
    """Decisions taken as the server takes them: real cursors, each call wrapped in
    ``retrying`` as Odoo runs an RPC call, data committed (two approvers, the seals, an instant
    item and its accepted cases), removed afterwards.

    A decision called by the web client (a button: /web/dataset/call_button, or
    /web/dataset/call_kw; ``_call_route`` calls them over HTTP, ``_approve_call`` the way they
    run the call) takes its turn in a transaction of its own (``rpc_env``): it waits, and is
    never run again. One called from code after a write of the same transaction
    (``write_first``) takes the lock in place and is run again by Odoo when it waited."""

    CASES = 12

    @classmethod
    def setUpClass(cls):
        # The approvers are committed before the class's own transaction starts: creating a
        # user touches rows (the digest's subscribers) that this transaction then keeps locked.
        registry = Registry(get_db_name())
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            bureau = env.ref("dawa_approval.agency_bureau")
            cls.approver_ids = [
                new_test_user(env, login=f"test_race_approver_{index}",
                              groups="dawa_approval.group_approver",
                              dawa_agency_id=bureau.id).id
                for index in (1, 2)]
        cls.addClassCleanup(cls._delete_approvers, registry)
        super().setUpClass()

    @classmethod
    def _delete_approvers(cls, registry):
        with registry.cursor() as cr:
            approvers = api.Environment(cr, SUPERUSER_ID, {})["res.users"].browse(
                cls.approver_ids)
            partners = approvers.partner_id
            # the sessions of _call_route: Odoo logs each request's device
            cr.execute(SQL("DELETE FROM res_device_log WHERE user_id IN %s",
                           tuple(cls.approver_ids)))
            approvers.unlink()
            partners.unlink()

    def setUp(self):
        super().setUp()
        self.registry_ = self.env.registry
        # The test runner holds the registries' lock while tests run, and Odoo looks the
        # registry up again when it retries a call: let the other threads do so, as HttpCase
        # does for its server's threads (Registry.enter_test_mode).
        self.patch(Registry, "_lock", DummyRLock())
        with self.registry_.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            self._save_shared_state(env)
            bureau = env.ref("dawa_approval.agency_bureau")
            seal = env["dawa.seal"].search(
                [("kind", "=", "approval"), ("state", "=", "in_use"),
                 ("agency_id", "=", bureau.id)], limit=1)
            self.created_seal = not seal
            if not seal:
                seal = env["dawa.seal"].create({
                    "name": "Concurrency test seal", "code": "TEST-RACE-SEAL",
                    "kind": "approval", "agency_id": bureau.id, "state": "in_use"})
            # the decisions are sealed as they are taken, with an electronic approval seal
            electronic = env["dawa.seal"].create({
                "name": "Concurrency test electronic seal", "code": "TEST-RACE-ESEAL",
                "kind": "electronic", "agency_id": bureau.id, "state": "in_use"})
            self.electronic_seal_id = electronic.id
            item = env["dawa.approval.item"].create(self._item_values(env))
            item.action_publish()
            cases = env["dawa.approval.case"].create([{
                "applicant_type": "organization",
                "applicant_name": f"Concurrent applicant {index}",
                "applicant_id_number": "91211100MA0YJ1C45H",
                "line_ids": [(0, 0, {"item_id": item.id})],
            } for index in range(self.CASES)])
            cases.action_accept()
            self.seal_id, self.item_id = seal.id, item.id
            self.case_ids = cases.ids
        self.addCleanup(self._cleanup)

    def _item_values(self, env):
        return {
            "name": "Concurrency test item", "code": "TEST-RACE-ITEM",
            "source_agency_id": env.ref("dawa_approval.agency_bureau").id, "legal_basis": "-",
            "statutory_days": 0, "promised_days": 0, "item_type": "filing",
            "case_kind": "instant",  # decided straight after acceptance
        }

    def _save_shared_state(self, env):
        """The ledger head and the decision counters, put back by ``_cleanup``."""
        env.cr.execute(SQL("SELECT line_count, last_id, last_hash, mac "
                           "FROM dawa_seal_usage_head WHERE id = 1"))
        self.saved_head = env.cr.fetchone()
        env.cr.execute(SQL(
            """SELECT r.id, r.number_next, s.code, r.date_from, r.date_to
                 FROM ir_sequence_date_range r
                 JOIN ir_sequence s ON s.id = r.sequence_id WHERE s.code IN %s""",
            DECISION_SEQUENCES))
        self.saved_ranges = {row[0]: row[1:] for row in env.cr.fetchall()}

    def _cleanup(self):
        with self.registry_.cursor() as cr:
            cr.execute(SQL(
                "ALTER TABLE dawa_seal_usage DISABLE TRIGGER dawa_seal_usage_append_only"))
            cr.execute(SQL("DELETE FROM dawa_seal_usage WHERE case_id IN %s",
                           tuple(self.case_ids)))
            cr.execute(SQL(
                "ALTER TABLE dawa_seal_usage ENABLE TRIGGER dawa_seal_usage_append_only"))
            cr.execute(SQL(
                "UPDATE dawa_seal_usage_head SET line_count = %s, last_id = %s, "
                "last_hash = %s, mac = %s WHERE id = 1", *self.saved_head))
            cr.execute(SQL(
                """DELETE FROM ir_sequence_date_range r USING ir_sequence s
                    WHERE s.id = r.sequence_id AND s.code IN %s AND r.id != ALL(%s)""",
                DECISION_SEQUENCES, list(self.saved_ranges) or [0]))
            for range_id, (number_next, *_rest) in self.saved_ranges.items():
                cr.execute(SQL("UPDATE ir_sequence_date_range SET number_next = %s "
                               "WHERE id = %s", number_next, range_id))
            self._delete_records(cr, "dawa.approval.case", self.case_ids)
            cr.execute(SQL("DELETE FROM dawa_approval_item WHERE id = %s", self.item_id))
            cr.execute(SQL("DELETE FROM dawa_seal WHERE id = %s", self.electronic_seal_id))
            if self.created_seal:
                cr.execute(SQL("DELETE FROM dawa_seal WHERE id = %s", self.seal_id))

    def _delete_records(self, cr, model, ids):
        """Delete the records ``ids`` of ``model`` with their activities, followers and
        messages (which point to them without a foreign key)."""
        if not ids:
            return
        ids = tuple(ids)
        cr.execute(SQL("DELETE FROM mail_activity WHERE res_model = %s AND res_id IN %s",
                       model, ids))
        cr.execute(SQL("DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s",
                       model, ids))
        cr.execute(SQL("DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                       model, ids))
        cr.execute(SQL("DELETE FROM %s WHERE id IN %s",
                       SQL.identifier(self.env[model]._table), ids))

    def _first_free_number(self, case_id=None):
        """The next approval decision number, before the test, of the year of the decision
        of ``case_id`` (by default the first case)."""
        with self.registry_.cursor() as cr:
            case = self._env(cr)["dawa.approval.case"].browse(case_id or self.case_ids[0])
            year = case.decision_date.year
        return next((number_next for number_next, code, date_from, _to in
                     self.saved_ranges.values()
                     if code == DECISION_SEQUENCES[0] and date_from.year == year), 1)

    def _env(self, cr, uid=SUPERUSER_ID):
        return api.Environment(cr, uid, {"tracking_disable": True})

    def _approve_call(self, env, case_id, before_approve=None, write_first=False):
        """``(call, calls)``: ``call`` approves the case as ``env``'s user the way an RPC call
        does; ``before_approve`` runs once, on the first try, after this transaction's
        snapshot is taken (a retry runs undisturbed). Without ``write_first``, the call is a
        button's (``rpc_env``, as controllers/dataset.py runs it); with it, code that writes
        the approver's note on the case, then approves it."""
        calls = []

        def call():
            calls.append(1)
            case = env["dawa.approval.case"].browse(case_id)
            case.read(["state"])  # the snapshot of this transaction starts here
            if before_approve and len(calls) == 1:
                before_approve()
            if write_first:
                case.write({"decision_note": "Approved as reviewed."})
                case.action_approve()
                return
            with rpc_env(env, case._name, "action_approve") as call_env:
                odoo.api.call_kw(call_env[case._name], "action_approve", [case.ids], {})

        return call, calls

    def _approve_in_thread(self, case_id, uid, outcome, write_first=False):
        """Start approving the case as ``uid`` in a thread of its own, as an RPC call does;
        ``outcome`` receives the number of tries or the exception."""
        def approve():
            with self.registry_.cursor() as cr:
                env = self._env(cr, uid)
                call, calls = self._approve_call(env, case_id, write_first=write_first)
                try:
                    retrying(call, env)
                    outcome.append(len(calls))
                except Exception as exc:  # noqa: BLE001 - reported by the caller
                    outcome.append(exc)

        thread = threading.Thread(target=approve)
        thread.start()
        return thread

    def _call_route(self, uid, route, model, method, args):
        """The web client's call of ``method`` over HTTP, on ``/web/dataset/<route>``
        (``call_button`` or ``call_kw``), as user ``uid`` in a session of its own: the
        answer's result, or its error raised as ``RouteError``."""
        store = http.root.session_store
        session = store.new()
        session.update(http.get_default_session(), db=get_db_name())
        with self.registry_.cursor() as cr:
            env = self._env(cr, uid)
            session.uid = uid
            session.login = env.user.login
            session.session_token = security.compute_session_token(session, env)
            session.context = dict(env["res.users"].context_get(), tracking_disable=True)
        store.save(session)
        self.addCleanup(store.delete, session)
        port = odoo.service.server.server.httpd.server_port
        response = requests.post(
            f"http://{HOST}:{port}/web/dataset/{route}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1,
                  "params": {"model": model, "method": method, "args": args, "kwargs": {}}},
            cookies={"session_id": session.sid}, timeout=120)
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            raise RouteError(answer["error"]["data"]["name"], answer["error"]["data"]["message"])
        return answer.get("result")  # left out when None

    def _check_ledger(self, case_ids):
        """The cases approved, one unbroken chain, one consecutive run of decision numbers
        (returned)."""
        with self.registry_.cursor() as cr:
            env = self._env(cr)
            result = env["dawa.seal.usage"].verify_chain()
            self.assertTrue(result["ok"], result)
            self.assertEqual(result["missing_case_ids"], [])
            cases = env["dawa.approval.case"].browse(case_ids)
            self.assertEqual(set(cases.mapped("state")), {"approved"})
            lines = env["dawa.seal.usage"].search([("case_id", "in", case_ids)]).sorted("id")
            self.assertEqual(lines.case_id, cases)
            for line in lines:
                self.assertEqual(line.document_ref, line.case_id.decision_ref)
            for previous, line in zip(lines, lines[1:], strict=False):
                self.assertEqual(line.prev_hash, previous.hash, "one chain, no fork")
            numbers = []
            for case in cases:
                match = DECISION_NUMBER.match(case.decision_ref)
                self.assertTrue(match, case.decision_ref)
                self.assertEqual(int(match[1]), case.decision_date.year)
                numbers.append(int(match[2]))
            self.assertEqual(len(set(numbers)), len(numbers), "distinct numbers")
            numbers.sort()
            self.assertEqual(numbers, list(range(numbers[0], numbers[0] + len(numbers))),
                             "consecutive numbers")
            return numbers

    def _approve_over_http(self, route, case_id, outcome):
        """Approve the case as the second approver over ``route``; ``outcome`` receives the
        answer or the exception."""
        try:
            outcome.append(self._call_route(self.approver_ids[1], route, "dawa.approval.case",
                                            "action_approve", [[case_id]]))
        except Exception as exc:  # noqa: BLE001 - reported by the caller
            outcome.append(exc)

    def _count_tries(self):
        """{case id: tries}: how many times the approval of each case was run from now on,
        in whichever thread (the server's too)."""
        tries = collections.Counter()
        Case = type(self.env["dawa.approval.case"])
        check = Case._check_decidable

        def counting(records):
            tries.update(records.ids)
            return check(records)

        self.patch(Case, "_check_decidable", counting)
        return tries


@tagged("post_install", "-at_install")
class TestSealLedgerConcurrency(DawaCommittedLedgerCommon):
    """Decisions taken at the same moment in separate transactions."""

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_twelve_simultaneous_approvals_by_two_approvers(self):
        barrier = threading.Barrier(self.CASES)
        errors, tries = [], []

        def approve(case_id, uid):
            try:
                with self.registry_.cursor() as cr:
                    env = self._env(cr, uid)
                    call, calls = self._approve_call(env, case_id)
                    barrier.wait(timeout=60)
                    try:
                        retrying(call, env)
                    finally:
                        tries.append(len(calls))
            except Exception as exc:  # noqa: BLE001 - every failure is reported below
                errors.append(f"{case_id}: {exc!r}")

        threads = [
            threading.Thread(target=approve,
                             args=(case_id, self.approver_ids[index % 2]))
            for index, case_id in enumerate(self.case_ids)
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 180
        for thread in threads:
            thread.join(timeout=max(deadline - time.monotonic(), 0))
        self.assertFalse(any(thread.is_alive() for thread in threads), "hung approval")
        self.assertEqual(errors, [])
        self.assertEqual(tries, [1] * self.CASES, "each waited for its turn, none run again")
        numbers = self._check_ledger(self.case_ids)
        self.assertEqual(numbers[0], self._first_free_number(), "no number skipped")
        with self.registry_.cursor() as cr:
            approvers = self._env(cr)["dawa.approval.case"].browse(self.case_ids).approver_id
            self.assertEqual(approvers.ids, sorted(self.approver_ids))

    def _approve_after_another(self, log_session=False, write_first=False):
        """Approve the second case while the first one is approved and committed just after
        the call's first query; returns the number of tries. ``log_session``: the call's
        transaction logs the session's device meanwhile, as Odoo's session check does now
        and then; ``write_first``: it writes the case before approving it."""
        first, second = self.case_ids[:2]
        with self.registry_.cursor() as cr1, self.registry_.cursor() as cr2:
            env1, env2 = self._env(cr1, self.approver_ids[0]), self._env(cr2, self.approver_ids[1])

            def approve_first():
                env1["dawa.approval.case"].browse(first).action_approve()
                cr1.commit()
                if log_session:
                    cr2.execute(SQL(
                        "INSERT INTO res_device_log (session_identifier, user_id, "
                        "first_activity, last_activity, revoked) "
                        "VALUES ('test-race', %s, now(), now(), false)", self.approver_ids[1]))

            call, calls = self._approve_call(env2, second, approve_first, write_first)
            retrying(call, env2)
            cr2.execute(SQL("DELETE FROM res_device_log WHERE session_identifier = 'test-race'"))
        self.assertEqual(len(self._check_ledger([first, second])), 2)
        return len(calls)

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_decision_committed_meanwhile_is_chained_on_not_forked(self):
        """The chain head moved after this call's first query: the decision, in its own
        turn, sees the new head and follows it, at the first try."""
        self.assertEqual(self._approve_after_another(), 1)

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_decision_after_the_session_log_takes_its_turn(self):
        """The session's device log, written by Odoo before the method is called, does not
        keep the decision in place."""
        self.assertEqual(self._approve_after_another(log_session=True), 1)

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_decision_after_a_write_committed_meanwhile_is_run_again(self):
        """The same, in a transaction that wrote first: PostgreSQL refuses to lock the moved
        head, Odoo runs the call again, and the second decision follows the first."""
        self.assertEqual(self._approve_after_another(write_first=True), 2,
                         "refused once for the stale snapshot, then retried")

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_decision_waits_for_the_one_in_progress(self):
        """While a decision is being sealed, the next one waits for it, then goes through at
        its first try; in a transaction that wrote first, at its second."""
        for write_first, tries in ((False, 1), (True, 2)):
            first, second = self.case_ids[:2] if not write_first else self.case_ids[2:4]
            outcome = []
            with self.registry_.cursor() as cr1:
                env1 = self._env(cr1, self.approver_ids[0])
                case = env1["dawa.approval.case"].browse(first)
                case.write({"decision_note": "Approved as reviewed."})
                case.action_approve()  # in place, after a write: holds the ledger

                thread = self._approve_in_thread(second, self.approver_ids[1], outcome,
                                                 write_first=write_first)
                time.sleep(1)
                self.assertTrue(thread.is_alive(), "the second decision waits")
                self.assertEqual(outcome, [])
                cr1.commit()
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
            self.assertEqual(outcome, [tries])
        self.assertEqual(len(self._check_ledger(self.case_ids[:4])), 4)

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_first_decisions_of_a_year_waiting_for_the_seal_keeper(self):
        """No numbering range for the year yet and no electronic seal in use, so the first
        decision appends nothing to the ledger: the decision that waited for it is still run
        again, and numbered in the range the first one created (found by the load bench:
        "two date ranges for the same sequence")."""
        first, second = self.case_ids[:2]
        with self.registry_.cursor() as cr:
            cr.execute(SQL("UPDATE dawa_seal SET state = 'retired' WHERE id = %s",
                           self.electronic_seal_id))
        outcome = []
        with freeze_time("2031-01-02 02:00:00"), self.registry_.cursor() as cr1:
            env1 = self._env(cr1, self.approver_ids[0])
            case = env1["dawa.approval.case"].browse(first)
            case.write({"decision_note": "Approved as reviewed."})
            case.action_approve()  # in place, after a write: creates 2031's range

            thread = self._approve_in_thread(second, self.approver_ids[1], outcome,
                                             write_first=True)
            time.sleep(1)
            self.assertTrue(thread.is_alive(), "the second decision waits")
            cr1.commit()
            thread.join(timeout=60)
        self.assertFalse(thread.is_alive())
        self.assertEqual(outcome, [2])
        with self.registry_.cursor() as cr:
            cases = self._env(cr)["dawa.approval.case"].browse([first, second])
            self.assertEqual(sorted(cases.mapped("decision_ref")),
                             ["大洼审批许字〔2031〕1号", "大洼审批许字〔2031〕2号"])
            self.assertEqual(cases.mapped("sealed"), [False, False], "for the seal keeper")

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_two_users_approving_the_same_case(self):
        case_id = self.case_ids[0]
        with self.registry_.cursor() as cr1, self.registry_.cursor() as cr2:
            env1, env2 = self._env(cr1, self.approver_ids[0]), self._env(cr2, self.approver_ids[1])

            def approve_first():
                env1["dawa.approval.case"].browse(case_id).action_approve()
                cr1.commit()

            # The second one, in its turn, meets an approved case: one decision, one line.
            call, calls = self._approve_call(env2, case_id, approve_first)
            with self.assertRaisesRegex(UserError, "Approved"):
                retrying(call, env2)
            self.assertEqual(len(calls), 1)
        with self.registry_.cursor() as cr:
            lines = self._env(cr)["dawa.seal.usage"].search([("case_id", "=", case_id)])
            self.assertEqual(len(lines), 1)
            self.assertEqual(lines.approver_id.id, self.approver_ids[0])

    @mute_logger("odoo.sql_db", "odoo.service.model", "odoo.http")
    def test_button_over_http_waits_for_the_decision_in_progress(self):
        """The 批准 button as the web client sends it (/web/dataset/call_button; orm.call
        sends /web/dataset/call_kw): while a decision is being sealed, the call waits for it in
        a transaction of its own, then goes through at its first try."""
        tries = self._count_tries()
        for route, (first, second), answer in (("call_button", self.case_ids[:2], False),
                                               ("call_kw", self.case_ids[2:4], None)):
            outcome = []
            with self.subTest(route=route), self.registry_.cursor() as cr1:
                env1 = self._env(cr1, self.approver_ids[0])
                case = env1["dawa.approval.case"].browse(first)
                case.write({"decision_note": "Approved as reviewed."})
                case.action_approve()  # from code, after a write: in place, holds the ledger
                thread = threading.Thread(target=self._approve_over_http,
                                          args=(route, second, outcome))
                thread.start()
                time.sleep(1)
                self.assertTrue(thread.is_alive(), "the button's call waits")
                self.assertEqual(outcome, [])
                cr1.commit()
                thread.join(timeout=60)
                self.assertFalse(thread.is_alive())
                self.assertEqual(outcome, [answer])
                self.assertEqual(tries[second], 1, "run once, never again")
        self.assertEqual(len(self._check_ledger(self.case_ids[:4])), 4)
        with self.registry_.cursor() as cr:
            cases = self._env(cr)["dawa.approval.case"].browse(self.case_ids[:4])
            self.assertEqual(cases.approver_id.ids, sorted(self.approver_ids))


@tagged("post_install", "-at_install")
class TestLedgerTurnEntry(DawaLedgerCommon):
    """Which calls take a turn of their own: the web client's calls of the actions marked
    ``in_ledger_turn``, never a call from code."""

    def test_actions_marked_for_their_turn(self):
        Case = self.env["dawa.approval.case"]
        # found through the overrides of other add-ons (dawa_supervision's action_approve)
        for name in ("action_approve", "action_deny", "action_not_accept", "action_seal"):
            self.assertTrue(takes_ledger_turn(Case, name), name)
        for name in ("write", "read", "action_accept", "action_submit", "action_deliver"):
            self.assertFalse(takes_ledger_turn(Case, name), name)
        # an RPC call of anything else runs in the request's own transaction
        with rpc_env(self.env, Case._name, "action_submit") as env:
            self.assertIs(env, self.env)
        with rpc_env(self.env, "dawa.no.such.model", "action_approve") as env:
            self.assertIs(env, self.env)

    def test_decision_called_from_code_runs_in_place(self):
        case = self._provide_all(self._create_case(items=self.instant_item))
        case.action_accept()
        cursors = []
        Case = type(case)
        check = Case._check_decidable

        def spy(records):
            cursors.append(records.env.cr)
            return check(records)

        self.patch(Case, "_check_decidable", spy)
        case.with_user(self.approver).action_approve()
        self.assertEqual(cursors, [self.env.cr])
        self.assertEqual(case.state, "approved")
        self.assertTrue(self.Usage.search([("case_id", "=", case.id)]))
