import hashlib
import importlib.util
import os
import stat
import tempfile
from contextlib import closing, contextmanager
from datetime import date, datetime
from unittest.mock import patch

import psycopg2.errors
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, new_test_user, tagged, warmup
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL, config, mute_logger

from odoo.addons.dawa_approval.models.dawa_seal_usage import HEAD_TABLE
from odoo.addons.dawa_approval.tools import hashchain

from .common import DawaCaseCommon

TEST_KEY = b"ledger key of the dawa_approval tests"


class DawaLedgerCommon(DawaCaseCommon):
    """The ledger keyed with the tests' own key (never the server's key file)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Usage = cls.env["dawa.seal.usage"]
        cls.classPatch(type(cls.Usage), "_get_ledger_key", lambda self: TEST_KEY)

    def _approved_case(self, **values):
        case = self._provide_all(self._create_case(**values))
        case.action_accept()
        self._submit(case)
        case.with_user(self.approver).action_approve()
        return case

    def _line(self, case):
        return self.Usage.search([("case_id", "=", case.id)])

    def _act_as_database_owner(self):
        """What an attacker with the database owner's rights does first: disable the
        append-only trigger (for this test's transaction only, rolled back with it)."""
        self.env.cr.execute(SQL(
            "ALTER TABLE dawa_seal_usage DISABLE TRIGGER dawa_seal_usage_append_only"))

    def _head(self):
        self.env.cr.execute(SQL(
            "SELECT line_count, last_id, last_hash, mac FROM %s WHERE id = 1",
            SQL.identifier(HEAD_TABLE)))
        return self.env.cr.dictfetchone()


@tagged("post_install", "-at_install", "is_query_count")
class TestSealLedger(DawaLedgerCommon):
    def test_every_decision_writes_one_chained_line(self):
        before = self.Usage.search([])
        approved = self._approved_case()
        refused = self._create_case(decision_note="Not a legal person")
        refused.action_not_accept()
        denied = self._provide_all(self._create_case(decision_note="Unsafe site"))
        denied.action_accept()
        self._submit(denied)
        denied.with_user(self.approver).action_deny()
        lines = self.Usage.search([]) - before
        self.assertEqual(lines.case_id, approved | refused | denied)
        self.assertEqual(
            set(lines.mapped("document_type")),
            {"approval_decision", "not_accepted_notice", "denial_decision"})
        self.assertEqual(lines.seal_id, self.electronic_seal, "sealed at once, electronically")
        by_case = {line.case_id: line for line in lines}
        self.assertEqual(by_case[approved].approver_id, self.approver)
        self.assertEqual(by_case[approved].operator_id, self.approver)
        self.assertEqual(by_case[approved].document_ref, approved.decision_ref)
        ordered = lines.sorted("id")
        for previous, line in zip(ordered, ordered[1:], strict=False):
            self.assertEqual(line.prev_hash, previous.hash)
        self.assertEqual(len(set(ordered.mapped("hash"))), 3)
        self.assertEqual(self.Usage.verify_chain(), {
            "ok": True, "checked": len(before) + 3, "broken_id": False,
            "missing_case_ids": [], "altered_case_ids": [],
            "renamed_seal_ids": []})
        head = self._head()
        self.assertEqual((head["line_count"], head["last_id"], head["last_hash"]),
                         (len(before) + 3, ordered[-1].id, ordered[-1].hash))

    def test_no_approval_seal_in_use_blocks_the_decision(self):
        case = self._provide_all(self._create_case())
        case.action_accept()
        self.approval_seal.with_user(self.seal_keeper).action_suspend()
        self._submit(case)
        # with the electronic seal in use, the decision is sealed with it
        self.electronic_seal.with_user(self.seal_keeper).action_suspend()
        with self.assertRaisesRegex(UserError, "No approval seal"):
            case.with_user(self.approver).action_approve()
        self.assertEqual(case.state, "to_decide")
        self.assertFalse(self._line(case))

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
        line = self._line(self._approved_case())
        for env in (self.env, self.env(su=True), line.with_user(self.manager).env):
            with self.assertRaisesRegex(UserError, "append-only"):
                line.with_env(env).write({"document_ref": "forged"})
            with self.assertRaisesRegex(UserError, "append-only"):
                line.with_env(env).unlink()
        with self.assertRaises(AccessError):
            self.Usage.with_user(self.seal_keeper).create({
                "seal_id": self.approval_seal.id,
                "document_type_id": self.env.ref(
                    "dawa_approval.document_type_approval_decision").id,
                "document_ref": "forged",
            })
        self.assertRegex(line.hash, r"^[0-9a-f]{64}$")
        self.assertEqual(line.with_user(self.seal_keeper).read(["hash", "document_ref"]),
                         [{"id": line.id, "hash": line.hash, "document_ref": line.document_ref}])
        with self.assertRaises(AccessError):
            line.with_user(self.clerk).read(["hash"])

    @mute_logger("odoo.sql_db")
    def test_database_refuses_update_and_delete(self):
        """Behind the ORM's back too: the table's trigger refuses every change."""
        line = self._line(self._approved_case())
        statements = [
            ("changed", SQL("UPDATE dawa_seal_usage SET document_ref = 'forged' WHERE id = %s",
                            line.id)),
            ("deleted", SQL("DELETE FROM dawa_seal_usage WHERE id = %s", line.id)),
            ("deleted", SQL("TRUNCATE dawa_seal_usage")),
        ]
        for word, statement in statements:
            with self.subTest(statement=statement.code), self.assertRaisesText(
                    psycopg2.errors.RestrictViolation,
                    f"The seal ledger is append-only: its lines cannot be {word}"):
                self.env.cr.execute(statement)
        # a user deleted while the ledger names them: refused, not silently unlinked
        with self.assertRaisesText(psycopg2.errors.ForeignKeyViolation, "dawa_seal_usage"):
            self.env.cr.execute(SQL("DELETE FROM res_users WHERE id = %s", self.approver.id))
        self.assertEqual(line.document_ref, line.case_id.decision_ref)
        self.assertTrue(self.Usage.verify_chain()["ok"])

    def test_verify_chain_finds_a_line_changed_behind_the_orm(self):
        cases = [self._approved_case() for _i in range(3)]
        middle = self._line(cases[1])
        result = self.Usage.verify_chain()
        self.assertTrue(result["ok"])
        checked = result["checked"]
        self._act_as_database_owner()
        for column, value in (("document_ref", "forged"), ("approver_id", self.manager.id),
                              ("used_at", "2026-01-01 08:00:00")):
            with self.subTest(column=column), closing(self.env.cr.savepoint()):
                self.env.cr.execute(SQL("UPDATE dawa_seal_usage SET %s = %s WHERE id = %s",
                                        SQL.identifier(column), value, middle.id))
                self.assertEqual(self.Usage.verify_chain(), {
                    "ok": False, "checked": checked - 1, "broken_id": middle.id,
                    "missing_case_ids": [], "altered_case_ids": [],
            "renamed_seal_ids": []})
                notification = self.Usage.action_verify_chain()
                self.assertEqual(notification["params"]["type"], "danger")
                self.assertIn(f"line {middle.id} does not match its hash",
                              notification["params"]["message"])
        self.assertTrue(self.Usage.verify_chain()["ok"])

    def test_verify_chain_finds_a_sealed_decision_changed_behind_the_orm(self):
        """The hash covers the decision it seals: change any of its fields on the case (or
        the items of the case) by SQL and its line no longer matches."""
        other_item = self.item.copy({"code": "TEST-HOUSING-002", "name": "Another permit"})
        other_item.write({"state": "published", "handling_agency_id": self.bureau.id})
        case = self._approved_case()
        self._approved_case()  # the line is not the last one: the chain alone must tell
        line = self._line(case)
        self.assertTrue(self.Usage.verify_chain()["ok"])
        forgeries = {
            "case number": SQL("UPDATE dawa_approval_case SET name = 'DW-FORGED' WHERE id = %s",
                               case.id),
            "decision": SQL(
                "UPDATE dawa_approval_case SET decision = 'denied', state = 'denied' "
                "WHERE id = %s", case.id),
            "decision number": SQL(
                "UPDATE dawa_approval_case SET decision_ref = %s WHERE id = %s",
                "大洼审批许字〔2026〕999号", case.id),
            "decision date": SQL(
                "UPDATE dawa_approval_case SET decision_date = decision_date - 30 WHERE id = %s",
                case.id),
            "approver": SQL("UPDATE dawa_approval_case SET approver_id = %s WHERE id = %s",
                            self.manager.id, case.id),
            "applicant": SQL(
                "UPDATE dawa_approval_case SET applicant_name = 'Someone Else Ltd' "
                "WHERE id = %s", case.id),
            "item of the case": SQL(
                "UPDATE dawa_approval_case_line SET item_id = %s WHERE case_id = %s",
                other_item.id, case.id),
            "item added": SQL(
                "INSERT INTO dawa_approval_case_line (case_id, item_id, sequence) "
                "VALUES (%s, %s, 99)", case.id, other_item.id),
            "item code": SQL("UPDATE dawa_approval_item SET code = 'FORGED' WHERE id = %s",
                             self.item.id),
        }
        for what, forgery in forgeries.items():
            with self.subTest(what), closing(self.env.cr.savepoint()):
                self.env.cr.execute(forgery)
                result = self.Usage.verify_chain()
                self.assertEqual((result["ok"], result["broken_id"]), (False, line.id))
        self.env.invalidate_all()
        self.assertTrue(self.Usage.verify_chain()["ok"])

    def test_rechaining_without_the_key_is_caught(self):
        """Database access alone cannot re-chain: a forger who changes a line and computes
        every hash and the head again, without the key, is caught at the first line."""
        cases = [self._approved_case() for _i in range(3)]
        target = self._line(cases[1])
        self._act_as_database_owner()
        self.env.cr.execute(SQL(
            "UPDATE dawa_approval_case SET applicant_name = 'Someone Else Ltd' WHERE id = %s",
            cases[1].id))
        self.env.cr.execute(SQL("SELECT * FROM dawa_seal_usage ORDER BY id"))
        lines = self.env.cr.dictfetchall()
        decisions = self.Usage._read_sealed_decisions([line["case_id"] for line in lines])
        forger_key = b"whatever the forger guesses"
        prev_hash = hashchain.GENESIS
        for line in lines:
            new_hash = hashchain.line_hash(
                forger_key, prev_hash, self.Usage._hash_payload(line, decisions[line["case_id"]]))
            self.env.cr.execute(SQL(
                "UPDATE dawa_seal_usage SET prev_hash = %s, hash = %s WHERE id = %s",
                prev_hash, new_hash, line["id"]))
            prev_hash = new_hash
        head = hashchain.make_head(forger_key, len(lines), lines[-1]["id"], prev_hash)
        self.env.cr.execute(SQL(
            "UPDATE dawa_seal_usage_head SET line_count = %s, last_id = %s, last_hash = %s, "
            "mac = %s", head["line_count"], head["last_id"], head["last_hash"], head["mac"]))
        result = self.Usage.verify_chain()
        self.assertFalse(result["ok"])
        self.assertEqual(result["broken_id"], lines[0]["id"])
        self.assertLess(lines[0]["id"], target.id)
        # and no decision is sealed on a head the key did not make
        case = self._provide_all(self._create_case())
        case.action_accept()
        self._submit(case)
        with self.assertRaisesText(UserError, "ledger was altered"):
            case.with_user(self.approver).action_approve()
        self.assertFalse(case.decision_ref)

    def test_deleted_last_line_is_reported(self):
        cases = [self._approved_case() for _i in range(3)]
        last = self._line(cases[-1])
        self.assertEqual(last, self.Usage.search([], limit=1), "the newest line")
        checked = self.Usage.verify_chain()["checked"]
        self._act_as_database_owner()
        self.env.cr.execute(SQL("DELETE FROM dawa_seal_usage WHERE id = %s", last.id))
        self.assertEqual(self.Usage.verify_chain(), {
            "ok": False, "checked": checked - 1, "broken_id": last.id,
            "missing_case_ids": [cases[-1].id], "altered_case_ids": [], "renamed_seal_ids": []})
        message = self.Usage.action_verify_chain()["params"]["message"]
        self.assertIn(f"line {last.id}, its last one, was deleted", message)
        self.assertIn(f"1 decisions have no ledger line: {cases[-1].name}", message)
        # the forger also undoes the decision, and rewinds the head without the key
        self.env.cr.execute(SQL(
            "UPDATE dawa_approval_case SET state = 'accepted', decision = NULL, sealed = false, "
            "decision_ref = NULL, decision_date = NULL, approver_id = NULL WHERE id = %s",
            cases[-1].id))
        previous = self._line(cases[-2])
        self.env.cr.execute(SQL(
            "UPDATE dawa_seal_usage_head SET line_count = line_count - 1, last_id = %s, "
            "last_hash = %s", previous.id, previous.hash))
        self.assertEqual(self.Usage.verify_chain(), {
            "ok": False, "checked": checked - 1, "broken_id": previous.id,
            "missing_case_ids": [], "altered_case_ids": [],
            "renamed_seal_ids": []})

    def test_line_added_after_a_deletion_shows_the_gap(self):
        """Sealing goes on after the last line was deleted: the new line chains on the
        deleted one (the head remembers it), so the deletion stays visible."""
        cases = [self._approved_case() for _i in range(2)]
        deleted = self._line(cases[-1])
        deleted_hash = deleted.hash
        self._act_as_database_owner()
        self.env.cr.execute(SQL("DELETE FROM dawa_seal_usage WHERE id = %s", deleted.id))
        self.env.cr.execute(SQL(
            "UPDATE dawa_approval_case SET state = 'accepted', decision = NULL, sealed = false "
            "WHERE id = %s",
            cases[-1].id))
        after = self._line(self._approved_case())
        self.assertEqual(after.prev_hash, deleted_hash)
        result = self.Usage.verify_chain()
        self.assertEqual((result["ok"], result["broken_id"]), (False, after.id))

    def test_sealed_decision_without_its_line(self):
        """A case sealed without going through its action (here by SQL) has no line; a
        decision still waiting for the seal keeper (待用印) is not missing one."""
        approved = self._approved_case()
        forged = self._provide_all(self._create_case())
        forged.action_accept()
        closed = self._provide_all(self._create_case())
        closed.action_accept()
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "UPDATE dawa_approval_case SET state = 'approved', decision = 'approved', "
            "sealed = true, decision_ref = 'forged' WHERE id = %s", forged.id))
        self.env.cr.execute(SQL(
            "UPDATE dawa_approval_case SET state = 'closed', active = false WHERE id = %s",
            closed.id))
        self.electronic_seal.with_user(self.seal_keeper).action_suspend()
        waiting = self._approved_case()
        self.assertFalse(waiting.sealed)
        result = self.Usage.verify_chain()
        self.assertEqual(result["missing_case_ids"], [forged.id, closed.id])
        self.assertFalse(result["ok"])
        self.assertTrue(result["checked"])
        self.assertFalse(result["broken_id"], "the chain itself is intact")
        self.assertNotIn(approved.id, result["missing_case_ids"])
        notification = self.Usage.with_user(self.seal_keeper).action_verify_chain()
        self.assertEqual(notification["params"]["type"], "danger")
        self.assertIn(forged.name, notification["params"]["message"])
        self.assertIn("2 decisions have no ledger line", notification["params"]["message"])

    def test_verify_only_for_seal_keepers_and_managers(self):
        self._approved_case()
        lines = self.Usage.search_count([])
        for user in (self.seal_keeper, self.manager):
            with self.subTest(user=user.login):
                # every line checked, whoever verifies
                self.assertEqual(self.Usage.with_user(user).verify_chain(), {
                    "ok": True, "checked": lines, "broken_id": False, "missing_case_ids": [],
                    "altered_case_ids": [], "renamed_seal_ids": []})
                notification = self.Usage.with_user(user).action_verify_chain()
                self.assertEqual(notification["params"]["type"], "success")
                self.assertIn(f"{lines} lines checked", notification["params"]["message"])
        for user in (self.clerk, self.reviewer, self.approver, self.catalog_admin,
                     self.employee):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.Usage.with_user(user).verify_chain()
                with self.assertRaises(AccessError):
                    self.Usage.with_user(user).action_verify_chain()
        action = self.env.ref("dawa_approval.action_dawa_seal_usage_verify")
        with self.assertRaises(AccessError):
            action.with_user(self.approver).run()
        self.assertEqual(action.with_user(self.seal_keeper).run()["params"]["type"], "success")

    def test_forged_head_stops_sealing(self):
        self._approved_case()
        self.env.cr.execute(SQL("UPDATE dawa_seal_usage_head SET mac = %s", "f" * 64))
        case = self._provide_all(self._create_case())
        case.action_accept()
        lines = self.Usage.search_count([])
        self._submit(case)
        with self.assertRaisesText(UserError, "ledger was altered or its key changed"):
            case.with_user(self.approver).action_approve()
        self.assertEqual(case.state, "to_decide")
        self.assertEqual(self.Usage.search_count([]), lines)

    @freeze_time("2026-12-30 03:00:00")
    def test_decision_numbers_follow_gb_t_9704_without_gaps(self):
        """大洼审批许字〔2026〕1号: no padding, no gap (even after a decision that failed),
        one run per document type, restarting each year."""
        first, second = (self._approved_case() for _i in range(2))
        self.assertEqual(first.decision_ref, "大洼审批许字〔2026〕1号")
        self.assertEqual(second.decision_ref, "大洼审批许字〔2026〕2号")
        # a decision that fails once its number was drawn gives the number back
        failing = self._provide_all(self._create_case())
        failing.action_accept()
        self.env.cr.execute(SQL("UPDATE dawa_seal_usage_head SET mac = %s", "f" * 64))
        self._submit(failing)
        with self.assertRaises(UserError):
            failing.with_user(self.approver).action_approve()
        self.env.invalidate_all()
        head = self.Usage.search([], limit=1)
        self.env.cr.execute(SQL("UPDATE dawa_seal_usage_head SET mac = %s", hashchain.head_mac(
            TEST_KEY, self._head()["line_count"], head.id, head.hash)))
        failing.with_user(self.approver).action_approve()
        self.assertEqual(failing.decision_ref, "大洼审批许字〔2026〕3号")
        denied = self._provide_all(self._create_case(decision_note="Unsafe site"))
        denied.action_accept()
        self._submit(denied)
        denied.with_user(self.approver).action_deny()
        self.assertEqual(denied.decision_ref, "大洼审批不许字〔2026〕1号")
        refused = self._create_case(decision_note="Not handled here")
        refused.action_not_accept()
        self.assertEqual(refused.decision_ref, "大洼审批不受字〔2026〕1号")
        # 2027-01-01 00:30 in Shanghai is still 2026-12-31 in UTC: the decision's day counts
        with freeze_time("2026-12-31 16:30:00"):
            new_year = self._provide_all(self._create_case())
            new_year.action_accept()
            self._submit(new_year)
            new_year.with_user(self.approver).with_context(tz="Asia/Shanghai").action_approve()
        self.assertEqual(new_year.decision_date, date(2027, 1, 1))
        self.assertEqual(new_year.decision_ref, "大洼审批许字〔2027〕1号")
        self.assertTrue(self.Usage.verify_chain()["ok"])

    # A fixed day: the deadline states, and so the writes and activities, must not depend on
    # the day the tests run. Odoo's caches left by earlier tests still move a count by one,
    # so each step is held to a ceiling, and the case of 10 lines to the count of the case of
    # 1 line (one query of slack): the queries do not grow with the lines.
    @freeze_time("2026-11-24 02:00:00")
    @warmup
    def test_query_budget_does_not_grow_with_the_lines(self):
        items = self.item
        for index in range(9):
            items |= self.item.copy({"code": f"TEST-BUDGET-{index}", "name": f"Item {index}"})
        items.write({"state": "published", "handling_agency_id": self.bureau.id})
        self._approved_case()  # the first decision of the year opens the year's numbering
        counts = {}
        for lines in (self.item, items):
            case = self._provide_all(self._create_case(items=lines))
            self.env.invalidate_all()
            # Accept (11): the case, its lines, their items, its materials (one read each,
            # whatever their number), the bureau, one UPDATE of the case and one of its lines'
            # stored state, the tracking message and its values (11); then the hand-off to
            # the reviewers (9): the previous step's activities, the group's users, and the
            # batched creation of one activity per reviewer (whatever the lines), none of
            # them made a follower of the case.
            with self._count("accept", counts):
                case.with_user(self.clerk).action_accept()
            self._submit(case)
            self.env.invalidate_all()
            # Approve (22): the case, the ledger lock, the document type, the bureau, the
            # seal (search, its document types), the user and partner (for the company), the
            # company (its time zone gives the bureau's day), the decision number (the
            # sequence's search and read, this year's range, its row lock and UPDATE), the lock
            # again, the UPDATE of the case, the decision as sealed (case, lines and item codes
            # in one query), the INSERT of the line, the UPDATE of the ledger head, the case's
            # on-time flag and the deadline refresh (§44 delivery deadline); sealed at once
            # with the electronic seal (its search), then the hand-offs (37): the approvers'
            # activity marked done (its message), the others dropped, one activity created
            # for the handler who delivers.
            # (without the hooks of the add-ons extending a decision, such as the supervision
            # push or the licence issued at the sealing, which count their own queries)
            with self._count("approve", counts), patch.object(type(case), "_on_decision"), \
                    patch.object(type(case), "_on_sealed"):
                case.with_user(self.approver).action_approve()
            self._set_delivery(case)
            self.env.invalidate_all()
            # Deliver (6): the case, its UPDATE and its lines', the tracking message and values;
            # the handler's step activity marked done (14).
            with self._count("deliver", counts):
                case.with_user(self.clerk).action_deliver()
        # (measured before the audit log: accept 20, approve 55, deliver 20 once warm; before
        # the hand-off activities stopped making every assignee a follower: 41, 60, 20)
        # + the audit log (OCA auditlog, data/dawa_security_data.xml): per write of the case
        # or INSERT of the ledger line, its rule, the request and session, the record's name,
        # the log and its lines (about 5 queries each: accept 48-51, approve 88, deliver 28,
        # 47 the first time a field is logged: auditlog reads its ir.model.fields once)
        for step, ceiling in (("accept", 55), ("approve", 95), ("deliver", 50)):
            one, ten = counts[step]
            with self.subTest(step=step):
                self.assertLessEqual(max(one, ten), ceiling, counts)
                self.assertLessEqual(ten, one + 1, counts)

    @freeze_time("2026-11-24 02:00:00")
    @warmup
    def test_hand_off_does_not_grow_with_the_group(self):
        """Nobody assigned yet: the acceptance schedules the review for every reviewer of
        the bureau (not its leaders), in one batched creation, with 40 more reviewers as with
        5 more."""
        counts = {}
        for start, stop in ((0, 5), (5, 45)):
            for index in range(start, stop):
                new_test_user(self.env, login=f"test_budget_reviewer_{index}",
                              groups="dawa_approval.group_reviewer",
                              dawa_agency_id=self.bureau.id)
            # a new user empties Odoo's caches (defaults, groups, xmlids): refill them first
            self._provide_all(self._create_case()).with_user(self.clerk).action_accept()
            case = self._provide_all(self._create_case())
            self.env.invalidate_all()
            with self._count("accept", counts):
                case.with_user(self.clerk).action_accept()
            # the group's members but the leaders and administrators (hand-offs concern)
            self.assertEqual(case.activity_ids.user_id,
                             case._get_step_users("dawa_approval.group_reviewer"))
        few, many = counts["accept"]
        self.assertLessEqual(many, few + 1, counts)

    @contextmanager
    def _count(self, step, counts):
        """Count the queries of ``step`` into ``counts[step]``."""
        self.env.flush_all()
        start = self.cr.sql_log_count
        yield
        self.env.flush_all()
        counts.setdefault(step, []).append(self.cr.sql_log_count - start)


@tagged("post_install", "-at_install")
class TestSealLedgerKey(DawaCaseCommon):
    """The key itself (not patched here): from the configuration, else a file of the data
    directory made on first use, never in the database."""

    def test_key_from_the_configuration(self):
        Usage = self.env["dawa.seal.usage"]
        with tempfile.TemporaryDirectory() as data_dir, patch.dict(
                config.options, {"data_dir": data_dir, "dawa_ledger_key": " configured key "}):
            self.assertEqual(Usage._get_ledger_key(), b"configured key")
            self.assertEqual(os.listdir(data_dir), [], "no key file when configured")

    def test_key_file_made_on_first_use_in_the_data_directory(self):
        Usage = self.env["dawa.seal.usage"]
        with tempfile.TemporaryDirectory() as data_dir, patch.dict(
                config.options, {"data_dir": data_dir, "dawa_ledger_key": ""}):
            key = Usage._get_ledger_key()
            path = os.path.join(data_dir, "dawa_ledger.key")
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
            self.assertEqual(Usage._get_ledger_key(), key)
            # the ledger is sealed with it, and it is nowhere in the database
            case = self._provide_all(self._create_case())
            case.action_accept()
            self._submit(case)
            case.with_user(self.approver).action_approve()
            self.assertTrue(Usage.verify_chain()["ok"])
            self.env.cr.execute(SQL("SELECT count(*) FROM ir_config_parameter WHERE value LIKE %s",
                                    f"%{key.decode()}%"))
            self.assertEqual(self.env.cr.fetchone()[0], 0)
            # another key (the file lost, or a copy of the database elsewhere): not verified
            with patch.dict(config.options, {"dawa_ledger_key": "another key"}):
                self.assertFalse(Usage.verify_chain()["ok"])


@tagged("post_install", "-at_install")
class TestSealLedgerRpc(DawaLedgerCommon, HttpCase):
    """Over JSON-RPC, as the web client calls it: only seal keepers and managers verify."""

    def _call(self, method):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": "dawa.seal.usage", "method": method, "args": [], "kwargs": {}})

    def test_verify_over_rpc(self):
        self._approved_case()
        lines = self.Usage.search_count([])
        for login in ("test_seal_keeper", "test_manager"):
            self.authenticate(login, login)
            self.assertEqual(self._call("verify_chain"), {
                "ok": True, "checked": lines, "broken_id": False, "missing_case_ids": [],
                "altered_case_ids": [], "renamed_seal_ids": []}, login)
            notification = self._call("action_verify_chain")
            self.assertEqual(notification["params"]["type"], "success")
            self.assertIn(f"{lines} lines checked", notification["params"]["message"])
        for login in ("test_clerk", "test_approver", "test_catalog_admin", "test_employee"):
            self.authenticate(login, login)
            for method in ("verify_chain", "action_verify_chain", "_lock_chain", "_append"):
                with self.subTest(login=login, method=method), self.assertRaises(
                        JsonRpcException), mute_logger("odoo.http"):
                    self._call(method)


@tagged("post_install", "-at_install")
class TestSealLedgerMigration(DawaLedgerCommon):
    """migrations/18.0.1.1.0: a database of 18.0.1.0.0 (plain SHA-256 over the line only, no
    head, padded decision numbers that never restart) brought to the keyed ledger and to gapless
    yearly numbers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        path = os.path.join(get_module_path("dawa_approval"), "migrations", "18.0.1.1.0",
                            "post-migrate.py")
        spec = importlib.util.spec_from_file_location("dawa_approval_post_migrate_18_0_1_1_0",
                                                      path)
        cls.migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(cls.migration)

    def _make_legacy(self, tamper_index=None):
        """Rewrite the ledger and the decision numbering as 18.0.1.0.0 left them."""
        cases = [self._approved_case() for _i in range(3)]
        self._act_as_database_owner()
        self.env.cr.execute(SQL(
            "UPDATE dawa_seal_usage SET hash_version = NULL, seal_name = NULL, seal_code = NULL"))
        self.env.cr.execute(SQL(
            "SELECT id, seal_id, case_id, document_type, document_ref, used_at, operator_id, "
            "approver_id FROM dawa_seal_usage ORDER BY id"))
        prev_hash = hashchain.GENESIS
        lines = self.env.cr.dictfetchall()
        for index, line in enumerate(lines):
            payload = {name: line[name] or None for name in (
                "seal_id", "case_id", "document_type", "document_ref", "operator_id",
                "approver_id")}
            payload["used_at"] = line["used_at"]
            legacy = hashlib.sha256(
                (prev_hash + hashchain.canonical_json(payload)).encode("utf-8")).hexdigest()
            if index == tamper_index:
                legacy = "0" * 63 + "1"
            self.env.cr.execute(SQL(
                "UPDATE dawa_seal_usage SET prev_hash = %s, hash = %s WHERE id = %s",
                prev_hash, legacy, line["id"]))
            prev_hash = legacy
        self.env.cr.execute(SQL(
            "UPDATE dawa_seal_usage_head SET line_count = 0, last_id = NULL, last_hash = %s, "
            "mac = NULL", hashchain.GENESIS))
        self.env.cr.execute(SQL(
            "ALTER TABLE dawa_seal_usage ENABLE TRIGGER dawa_seal_usage_append_only"))
        sequence = self.env.ref("dawa_approval.seq_dawa_approval_approval_decision")
        sequence.date_range_ids.unlink()
        sequence.write({"implementation": "standard", "use_date_range": False, "padding": 4,
                        "prefix": "大洼审批许字〔%(year)s〕", "number_next": 7})
        self.assertFalse(self.Usage.verify_chain()["ok"])
        return cases, lines

    def test_migration_reseals_the_ledger_and_numbers_without_gap(self):
        _cases, lines = self._make_legacy()
        self.migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(self.Usage.verify_chain(), {
            "ok": True, "checked": len(lines), "broken_id": False, "missing_case_ids": [],
            "altered_case_ids": [], "renamed_seal_ids": []})
        self.assertEqual(self._head()["line_count"], len(lines))
        sequence = self.env.ref("dawa_approval.seq_dawa_approval_approval_decision")
        self.assertEqual(
            (sequence.implementation, sequence.use_date_range, sequence.padding,
             sequence.prefix),
            ("no_gap", True, 0, "大洼审批许字〔%(range_year)s〕"))
        # numbers issued this year are not issued again: the year's run goes on at 7
        case = self._approved_case()
        self.assertEqual(case.decision_ref,
                         f"大洼审批许字〔{case.decision_date.year}〕7号")
        self.assertTrue(self.Usage.verify_chain()["ok"])

    def test_migration_leaves_an_altered_ledger_reported(self):
        """A line that already failed the old check is not sealed again: still reported."""
        _cases, lines = self._make_legacy(tamper_index=1)
        with mute_logger(self.migration.__name__):
            self.migration.migrate(self.env.cr, "18.0.1.0.0")
        result = self.Usage.verify_chain()
        self.assertEqual((result["ok"], result["broken_id"]), (False, lines[1]["id"]))


@tagged("post_install", "-at_install")
class TestSealLedgerWhatItSealedWith(DawaLedgerCommon):
    """The line keeps the seal's name and code and hashes them with the document type and
    who decided; the case's sealing (sealed, by whom, on which day) must match its line. Each
    changed here by SQL, as an intruder with the database's rights would."""

    def test_line_keeps_the_seal_it_sealed_with(self):
        case = self._approved_case()
        line = self._line(case)
        self.assertEqual((line.seal_name, line.seal_code, line.hash_version),
                         (self.electronic_seal.name, self.electronic_seal.code, 2))
        self.env.flush_all()
        for column, value in (("name", "Forged seal"), ("code", "FORGED-CODE")):
            with self.subTest(column=column), closing(self.env.cr.savepoint()):
                self.env.cr.execute(SQL("UPDATE dawa_seal SET %s = %s WHERE id = %s",
                                        SQL.identifier(column), value, self.electronic_seal.id))
                self.env.invalidate_all()
                result = self.Usage.verify_chain()
                self.assertFalse(result["ok"])
                self.assertEqual(result["renamed_seal_ids"], [self.electronic_seal.id])
                self.assertFalse(result["broken_id"], "the lines themselves are intact")
                # the ledger still says what it sealed with
                self.assertEqual((self._line(case).seal_name, self._line(case).seal_code),
                                 ("Electronic approval seal of the bureau",
                                  "TEST-SEAL-ELECTRONIC"))
                message = self.Usage.action_verify_chain()["params"]["message"]
                self.assertIn("renamed after they sealed documents", message)
        self.env.invalidate_all()
        self.assertTrue(self.Usage.verify_chain()["ok"])

    def test_line_document_type_and_seal_copy_are_hashed(self):
        case = self._approved_case()
        self._approved_case()
        line = self._line(case)
        other_type = self.env.ref("dawa_approval.document_type_denial_decision")
        self._act_as_database_owner()
        for column, value in (("document_type_id", other_type.id), ("seal_name", "Forged"),
                              ("seal_code", "FORGED"), ("hash_version", None)):
            with self.subTest(column=column), closing(self.env.cr.savepoint()):
                self.env.cr.execute(SQL("UPDATE dawa_seal_usage SET %s = %s WHERE id = %s",
                                        SQL.identifier(column), value, line.id))
                result = self.Usage.verify_chain()
                self.assertEqual((result["ok"], result["broken_id"]), (False, line.id))
        self.assertTrue(self.Usage.verify_chain()["ok"])

    def test_case_sealing_changed_behind_the_orm(self):
        case = self._approved_case()
        self._approved_case()
        line = self._line(case)
        self.assertEqual((case.seal_user_id, case.sealed_date, case.decision_user_id),
                         (line.operator_id, case.decision_date, self.approver))
        self.assertTrue(self.Usage.verify_chain()["ok"])
        self.env.flush_all()
        altered = {
            "sealed by": SQL("UPDATE dawa_approval_case SET seal_user_id = %s WHERE id = %s",
                             self.manager.id, case.id),
            "sealed on": SQL(
                "UPDATE dawa_approval_case SET sealed_date = sealed_date - 3 WHERE id = %s",
                case.id),
            "not sealed": SQL("UPDATE dawa_approval_case SET sealed = false WHERE id = %s",
                              case.id),
        }
        for what, forgery in altered.items():
            with self.subTest(what), closing(self.env.cr.savepoint()):
                self.env.cr.execute(forgery)
                self.env.invalidate_all()
                result = self.Usage.verify_chain()
                self.assertFalse(result["ok"])
                self.assertEqual(result["altered_case_ids"], [case.id])
                message = self.Usage.action_verify_chain()["params"]["message"]
                self.assertIn(case.name, message)
        # who decided is in the line's hash
        with closing(self.env.cr.savepoint()):
            self.env.cr.execute(SQL(
                "UPDATE dawa_approval_case SET decision_user_id = %s WHERE id = %s",
                self.manager.id, case.id))
            self.env.invalidate_all()
            result = self.Usage.verify_chain()
            self.assertEqual((result["ok"], result["broken_id"]), (False, line.id))
        self.env.invalidate_all()
        self.assertTrue(self.Usage.verify_chain()["ok"])

    def test_decision_sealed_in_the_first_seconds_of_the_day(self):
        """The case takes the bureau's day a moment before its line takes the time: a
        decision sealed as midnight strikes keeps the day before without an alarm."""
        case = self._approved_case()
        line = self._line(case)
        self._act_as_database_owner()
        # 16:00:30 UTC is 00:00:30 in Shanghai: the case says the day before
        self.env.cr.execute(SQL(
            "UPDATE dawa_approval_case SET sealed_date = %s WHERE id = %s",
            date(2026, 3, 1), case.id))
        self.env.cr.execute(SQL("SELECT * FROM dawa_seal_usage WHERE id = %s", line.id))
        row = self.env.cr.dictfetchone()
        row["used_at"] = datetime(2026, 3, 1, 16, 0, 30)
        decisions = self.Usage._read_sealed_decisions([case.id])
        self.assertEqual(self.Usage._find_altered_sealings([row], decisions), [])
        row["used_at"] = datetime(2026, 3, 1, 16, 5, 0)
        self.assertEqual(self.Usage._find_altered_sealings([row], decisions), [case.id])

    def test_lines_written_before_still_verify(self):
        """A ledger written by the version before (no seal copy, the first hash) verifies as
        it was written after the upgrade; the new lines chain on it with the new hash."""
        old_cases = [self._approved_case() for _i in range(2)]
        self._act_as_database_owner()
        self.env.cr.execute(SQL(
            "UPDATE dawa_seal_usage SET hash_version = NULL, seal_name = NULL, seal_code = NULL"))
        self.env.cr.execute(SQL("SELECT * FROM dawa_seal_usage ORDER BY id"))
        rows = self.env.cr.dictfetchall()
        decisions = self.Usage._read_sealed_decisions(
            [row["case_id"] for row in rows if row["case_id"]])
        prev_hash = hashchain.GENESIS
        for row in rows:
            new_hash = hashchain.line_hash(TEST_KEY, prev_hash, self.Usage._hash_payload(
                row, decisions.get(row["case_id"])))
            self.env.cr.execute(SQL(
                "UPDATE dawa_seal_usage SET prev_hash = %s, hash = %s WHERE id = %s",
                prev_hash, new_hash, row["id"]))
            prev_hash = new_hash
        head = hashchain.make_head(TEST_KEY, len(rows), rows[-1]["id"], prev_hash)
        self.env.cr.execute(SQL(
            "UPDATE dawa_seal_usage_head SET line_count = %s, last_id = %s, last_hash = %s, "
            "mac = %s", head["line_count"], head["last_id"], head["last_hash"], head["mac"]))
        self.env.cr.execute(SQL(
            "ALTER TABLE dawa_seal_usage ENABLE TRIGGER dawa_seal_usage_append_only"))
        self.env.invalidate_all()
        self.assertTrue(self.Usage.verify_chain()["ok"])
        new = self._line(self._approved_case())
        self.assertEqual((new.hash_version, new.prev_hash), (2, prev_hash))
        self.assertTrue(self.Usage.verify_chain()["ok"])
        self.assertFalse(self._line(old_cases[0]).hash_version)


@tagged("post_install", "-at_install")
class TestSealIdentityOverJsonRpc(DawaLedgerCommon, HttpCase):
    """A seal that sealed a decision keeps its name, code, kind and agency: tried by the
    seal keeper and a manager over the web client's endpoint."""

    def _call(self, login, method, args):
        self.authenticate(login, login)
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": "dawa.seal", "method": method, "args": args,
                "kwargs": {"context": {"lang": "en_US"}}})

    def test_used_seal_keeps_its_identity(self):
        self._approved_case()
        seal = self.electronic_seal
        unused = self.env["dawa.seal"].create({
            "name": "Unused seal", "code": "TEST-SEAL-UNUSED", "kind": "agency",
            "agency_id": self.bureau.id})
        for login in ("test_seal_keeper", "test_manager"):
            for vals in ({"name": "Renamed seal"}, {"code": "RENAMED"}, {"kind": "agency"},
                         {"agency_id": self.housing.id}):
                with self.subTest(login=login, vals=vals), self.assertRaisesRegex(
                        JsonRpcException, "UserError"):
                    self._call(login, "write", [seal.ids, vals])
        self.assertEqual((seal.name, seal.code), ("Electronic approval seal of the bureau",
                                                  "TEST-SEAL-ELECTRONIC"))
        # the same values again, the custodian, and a seal that never sealed: still free
        self._call("test_seal_keeper", "write", [seal.ids, {
            "name": seal.name, "custodian_id": self.seal_keeper.id}])
        self._call("test_seal_keeper", "write", [unused.ids, {"name": "Renamed unused seal"}])
        self.assertEqual(unused.name, "Renamed unused seal")
        self.assertTrue(self.Usage.verify_chain()["ok"])
