import contextlib
import datetime
import os

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, config
from odoo.tools.i18n import format_list

from ..tools import hashchain

HEAD_TABLE = "dawa_seal_usage_head"
TRIGGER = "dawa_seal_usage_append_only"
KEY_OPTION = "dawa_ledger_key"
KEY_FILE = "dawa_ledger.key"
# Fields of a ledger line covered by its hash (the decision it seals is added to them).
# Version 1: the lines written before the ledger kept the seal's identity; their hashes stay
# as they were written (``hash_version`` empty). Version 2 adds the document type record, the
# seal's name and code as they were when it sealed, and who decided the case.
HASHED_LINE_FIELDS = (
    "seal_id", "case_id", "document_type", "document_ref", "used_at", "operator_id",
    "approver_id",
)
HASH_VERSION = 2
HASHED_LINE_FIELDS_V2 = (*HASHED_LINE_FIELDS, "document_type_id", "seal_name", "seal_code")
# The columns verify_chain() reads
LINE_COLUMNS = ("id", "prev_hash", "hash", "hash_version", *HASHED_LINE_FIELDS_V2)
# A decision sealed in the very first seconds of the bureau's day may carry the day before as
# its sealed date: the case takes the day a moment before its ledger line takes the time.
SEALED_DATE_MARGIN = datetime.timedelta(seconds=60)
# A decision is sealed when its ledger line is written (``sealed`` on the case): at once
# with an electronic approval seal, otherwise by the seal keeper (待用印). A sealed case, or
# one in a state only a sealed decision reaches (delivered), must have its line.
SEALED_STATES = ("closed",)
MISSING_CASES_SHOWN = 10
# Attribute by which ``in_ledger_turn`` marks an action, as ``api.readonly`` marks a method
TURN_MARK = "_dawa_ledger_turn"
# How long a turn may wait for the others (then Odoo runs the call again)
TURN_LOCK_TIMEOUT = "20s"


def in_ledger_turn(method):
    """Mark an action of ``dawa.approval.case`` that numbers decisions or writes the seal
    ledger, the way ``api.readonly`` marks a method for the web client's RPC routes.

    Called by the web client (a button, /web/dataset/call_button, or /web/dataset/call_kw),
    the action runs in a transaction of its own that starts by waiting for the decisions and
    sealings in progress, and is committed when it returns (``rpc_env``, used by
    controllers/dataset.py): at the peak hour it waits instead of failing. Called from code
    (another method, a data file, a script), it runs in the caller's transaction, which may
    have written already: ``_lock_chain`` serialises it there, and Odoo runs a call that
    waited again."""
    setattr(method, TURN_MARK, True)
    return method


def takes_ledger_turn(model, name):
    """Whether an RPC call of the method ``name`` of ``model`` (a recordset) takes its turn:
    the first definition of the method that says so, from the last override down, is marked
    ``in_ledger_turn`` (looked up as the RPC routes look up ``api.readonly``). The whole call,
    overrides included, then runs in the turn."""
    for cls in type(model).mro():
        method = getattr(cls, name, None)
        if method is not None and hasattr(method, TURN_MARK):
            return getattr(method, TURN_MARK)
    return False


@contextlib.contextmanager
def ledger_turn(env):
    """A transaction of its own, after the decisions and sealings in progress and on a view of
    the database that shows what they did: yields ``env`` on a new cursor, committed when the
    block ends, rolled back if it raises.

    Under REPEATABLE READ, a transaction sees the database as it was at its first query: one
    that waited for the ledger's lock would work on a stale head, so PostgreSQL makes it fail
    and Odoo runs the call again after a random pause, five times at most. At the peak hour
    that is not enough (``./dawa bench load``: decisions failing after the fifth try). The
    snapshot is taken at the first query, and LOCK TABLE is not one: a transaction that takes
    the lock first sees what the one it waited for committed. The request's own transaction
    cannot do that, Odoo having checked the session in it before the call."""
    try:
        with env.registry.cursor() as cr:
            cr.execute(SQL("SET LOCAL lock_timeout = %s", TURN_LOCK_TIMEOUT))
            cr.execute(SQL("LOCK TABLE %s IN EXCLUSIVE MODE", SQL.identifier(HEAD_TABLE)))
            yield env(cr=cr)
    finally:
        # the caller's snapshot predates what the turn committed: forget what it read
        env.invalidate_all()


@contextlib.contextmanager
def rpc_env(env, model, method):
    """The environment in which an RPC call of ``method`` of ``model`` (a model name) runs,
    given the request's ``env``: a turn of its own (``ledger_turn``) for an action marked
    ``in_ledger_turn``, else ``env`` itself. Used by the web client's routes
    (controllers/dataset.py)."""
    if model not in env.registry or not takes_ledger_turn(env[model], method):
        yield env
        return
    with ledger_turn(env) as turn_env:
        yield turn_env


class DawaSealUsage(models.Model):
    """用印登记台账: append-only, for everybody and at every level.

    - ORM: ``write`` and ``unlink`` are refused; lines are written by ``_append`` only.
    - Database: a trigger refuses UPDATE, DELETE and TRUNCATE of the table (a migration that
      must really change the table disables it for its own transaction, as its owner can).
    - Hash chain: each line's ``hash`` is an HMAC-SHA-256, under a key kept outside the
      database (``_get_ledger_key``), of the previous line's hash, the line and the decision
      it seals (case number, decision, decision number and date, approver, item codes,
      applicant name, read from the case). Whoever can write the database but has not the key
      cannot re-chain after a change.
    - Head: one row of ``dawa_seal_usage_head`` (a plain table, out of the ORM) keeps the
      number of lines, the id and hash of the last one, authenticated with the same key, and
      is rewritten by each append. A deleted last line, which leaves a shorter chain that is
      still consistent, no longer matches it. An UPDATE-in-place head rather than a second
      append-only table: every old head would then stay available to whoever wants to rewind
      to it. (Rewinding needs an old copy of the head, e.g. from a backup, and the decisions
      of the removed lines still show in ``missing_case_ids``.)
    - Concurrency: appends are serialised by a lock on the head row (``_lock_chain``), taken
      by ``dawa.approval.case._decide`` before it numbers the decisions. A transaction that
      waited there, or whose snapshot predates the last append, fails with PostgreSQL's own
      serialization failure, which Odoo retries (REPEATABLE READ): the chain never forks and
      never chains on a stale head. When the web client calls an action that decides or
      seals (``in_ledger_turn``), the call takes its turn before its snapshot instead
      (``ledger_turn``), so that at the peak hour it waits rather than fails.
    """

    _name = "dawa.seal.usage"
    _description = "Seal Ledger Line"
    _order = "id desc"
    _rec_name = "document_ref"

    seal_id = fields.Many2one("dawa.seal", required=True, index=True, ondelete="restrict")
    case_id = fields.Many2one("dawa.approval.case", index=True, ondelete="restrict")
    document_type_id = fields.Many2one(
        "dawa.document.type", required=True, ondelete="restrict")
    document_type = fields.Char(string="Document Type Code", readonly=True)
    document_ref = fields.Char(string="Document Number", required=True)
    used_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    operator_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, ondelete="restrict")
    approver_id = fields.Many2one("res.users", string="Approved By", ondelete="restrict")
    # no default on these: adding them must not UPDATE the lines already written
    seal_name = fields.Char(
        readonly=True,
        help="The name of the seal when it sealed this document (empty on lines written "
        "before the ledger kept it).")
    seal_code = fields.Char(readonly=True)
    hash_version = fields.Integer(
        readonly=True, help="What the hash covers: empty for the first version.")
    prev_hash = fields.Char(readonly=True)
    hash = fields.Char(readonly=True)

    _sql_constraints = [
        # Never met: appends are serialised by _lock_chain. Kept as the database's own
        # guarantee that two lines cannot follow the same one.
        ("prev_hash_unique", "unique(prev_hash)",
         "The seal ledger cannot fork: two lines cannot follow the same line."),
    ]

    def init(self):
        result = super().init()
        cr = self.env.cr
        cr.execute(SQL(
            """CREATE TABLE IF NOT EXISTS %s (
                   id integer PRIMARY KEY CHECK (id = 1),
                   line_count integer NOT NULL,
                   last_id integer,
                   last_hash varchar NOT NULL,
                   mac varchar
               )""",
            SQL.identifier(HEAD_TABLE)))
        cr.execute(SQL(
            "INSERT INTO %s (id, line_count, last_id, last_hash, mac) "
            "VALUES (1, 0, NULL, %s, NULL) ON CONFLICT (id) DO NOTHING",
            SQL.identifier(HEAD_TABLE), hashchain.GENESIS))
        function = SQL.identifier(f"{TRIGGER}_refuse")
        cr.execute(SQL(
            """CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $body$
               BEGIN
                   RAISE EXCEPTION USING
                       ERRCODE = 'restrict_violation',
                       MESSAGE = 'The seal ledger is append-only: its lines cannot be '
                                 || CASE TG_OP WHEN 'UPDATE' THEN 'changed'
                                               ELSE 'deleted' END
                                 || ' (' || TG_OP || ' on ' || TG_TABLE_NAME || ' refused).';
               END
               $body$""",
            function))
        for name, when, level in ((TRIGGER, SQL("UPDATE OR DELETE"), SQL("ROW")),
                                  (f"{TRIGGER}_truncate", SQL("TRUNCATE"), SQL("STATEMENT"))):
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON %s",
                           SQL.identifier(name), SQL.identifier(self._table)))
            cr.execute(SQL("CREATE TRIGGER %s BEFORE %s ON %s FOR EACH %s EXECUTE FUNCTION %s()",
                           SQL.identifier(name), when, SQL.identifier(self._table), level,
                           function))
        return result

    @api.model_create_multi
    def create(self, vals_list):
        key = self._get_ledger_key()
        head = self._lock_chain()
        if not hashchain.head_is_authentic(key, head):
            raise UserError(self.env._(
                "The seal ledger was altered or its key changed: no document can be sealed "
                "until it is checked. Report it to the bureau leadership."))
        document_types = self.env["dawa.document.type"].browse(
            [vals["document_type_id"] for vals in vals_list])
        codes = dict(zip(document_types.ids, document_types.mapped("code"), strict=False))
        seals = {seal.id: seal for seal in self.env["dawa.seal"].sudo().browse(
            [vals["seal_id"] for vals in vals_list])}
        decisions = self._read_sealed_decisions(
            [vals["case_id"] for vals in vals_list if vals.get("case_id")])
        now = self.env["dawa.holiday"]._bureau_now()
        prev_hash = head["last_hash"]
        for vals in vals_list:
            vals.setdefault("used_at", now)
            vals.setdefault("operator_id", self.env.uid)
            vals["document_type"] = codes[vals["document_type_id"]]
            seal = seals[vals["seal_id"]]
            vals.update({"seal_name": seal.name, "seal_code": seal.code,
                         "hash_version": HASH_VERSION})
            vals["used_at"] = fields.Datetime.to_datetime(vals["used_at"])
            vals["prev_hash"] = prev_hash
            payload = self._hash_payload(vals, decisions.get(vals.get("case_id")))
            vals["hash"] = prev_hash = hashchain.line_hash(key, prev_hash, payload)
        lines = super().create(vals_list)
        new_head = hashchain.make_head(
            key, head["line_count"] + len(lines), max(lines.ids), prev_hash)
        self.env.cr.execute(SQL(
            "UPDATE %s SET line_count = %s, last_id = %s, last_hash = %s, mac = %s WHERE id = 1",
            SQL.identifier(HEAD_TABLE), new_head["line_count"], new_head["last_id"],
            new_head["last_hash"], new_head["mac"]))
        return lines

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("The seal ledger is append-only: its lines cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._("The seal ledger is append-only: its lines cannot be deleted."))

    @api.model
    def _append(self, vals_list):
        """Write ledger lines on behalf of the user sealing a document."""
        # sudo: nobody but the system writes the ledger, even users who may not read it
        return self.sudo().create(vals_list)

    @api.model
    def _lock_chain(self):
        """Wait for the other appends and return the chain head (``hashchain.make_head``).

        Locks the head row until the end of the transaction by rewriting it unchanged. Under
        REPEATABLE READ, when the head was rewritten by a transaction that committed after this
        one's snapshot (the one waited for, or one that finished just before), PostgreSQL
        raises a serialization failure and Odoo runs the whole call again with a fresh
        snapshot: an append never chains on a stale head, and a decision that waited for
        another one never works on what it could not see (its numbering range for a new year,
        say), even when that one only numbered a decision and appended nothing. Call it first
        thing in a transaction that seals or decides, to keep that window short."""
        self.env.cr.execute(SQL(
            """UPDATE %s SET line_count = line_count WHERE id = 1
               RETURNING line_count, last_id, last_hash, mac""",
            SQL.identifier(HEAD_TABLE)))
        row = self.env.cr.dictfetchone()
        if row is None:
            raise UserError(self.env._(
                "The head of the seal ledger is missing: the ledger was altered. "
                "Report it to the bureau leadership."))
        return row

    @api.model
    def _get_ledger_key(self):
        """The secret key of the hash chain, kept outside the database: the ``dawa_ledger_key``
        option of Odoo's configuration file when set, else the file ``dawa_ledger.key`` in
        Odoo's data directory, generated on first use (mode 0600). Losing it makes every line
        unverifiable: back it up apart from the database."""
        configured = (config.get(KEY_OPTION) or "").strip()
        if configured:
            return configured.encode("utf-8")
        return hashchain.load_or_create_key(os.path.join(config["data_dir"], KEY_FILE))

    @api.model
    def _read_sealed_decisions(self, case_ids):
        """The decision fields the hash covers, per case id, read from the database."""
        if not case_ids:
            return {}
        self.env["dawa.approval.item"].flush_model(["code"])
        self.env["dawa.approval.case.line"].flush_model(["case_id", "item_id"])
        self.env["dawa.approval.case"].flush_model(
            ["name", "decision", "decision_ref", "decision_date", "approver_id",
             "applicant_name", "decision_user_id", "sealed", "sealed_date", "seal_user_id"])
        self.env.cr.execute(SQL(
            """SELECT c.id, c.name, c.decision, c.decision_ref, c.decision_date,
                      c.approver_id, c.applicant_name, c.decision_user_id,
                      c.sealed, c.sealed_date, c.seal_user_id,
                      ARRAY(SELECT i.code
                              FROM dawa_approval_case_line l
                              JOIN dawa_approval_item i ON i.id = l.item_id
                             WHERE l.case_id = c.id) AS item_codes
                 FROM dawa_approval_case c
                WHERE c.id = ANY(%s)""",
            list(set(case_ids))))
        return {row["id"]: row for row in self.env.cr.dictfetchall()}

    @api.model
    def _hash_payload(self, line, decision):
        """What a line's hash covers: the line (create values or a database row) and the
        decision it seals (a row of ``_read_sealed_decisions``, None for a line without
        case), in the version of the line (``hash_version``; empty is the first one)."""
        version = line.get("hash_version") or 1
        names = HASHED_LINE_FIELDS if version == 1 else HASHED_LINE_FIELDS_V2
        payload = {name: line.get(name) or None for name in names}
        decision = decision or {}
        payload.update({
            "case_name": decision.get("name") or None,
            "decision": decision.get("decision") or None,
            "decision_ref": decision.get("decision_ref") or None,
            "decision_date": decision.get("decision_date") or None,
            "decision_approver_id": decision.get("approver_id") or None,
            "item_codes": sorted(code for code in decision.get("item_codes") or [] if code),
            "applicant_name": decision.get("applicant_name") or None,
        })
        if version >= 2:
            payload.update({
                "hash_version": version,
                "decision_user_id": decision.get("decision_user_id") or None,
            })
        return payload

    @api.model
    def _find_altered_sealings(self, lines, decisions, broken_id=False):
        """Cases whose sealing (sealed, by whom, on which day) no longer matches the ledger
        line that sealed their decision (version 2 lines: the line of the decision number).
        The line's operator and time are covered by its hash, so a case changed behind the
        ORM shows here; only the lines the chain vouches for (before ``broken_id``) count."""
        altered = []
        for line in lines:
            if broken_id and line["id"] >= broken_id:
                break
            decision = decisions.get(line["case_id"])
            if (line["hash_version"] or 1) < 2 or not decision \
                    or line["document_ref"] != decision["decision_ref"]:
                continue
            used_at = line["used_at"]
            days = {self.env["dawa.holiday"]._bureau_date(moment)
                    for moment in (used_at, used_at - SEALED_DATE_MARGIN)}
            if not decision["sealed"] or decision["seal_user_id"] != line["operator_id"] \
                    or decision["sealed_date"] not in days:
                altered.append(line["case_id"])
        return sorted(set(altered))

    @api.model
    def _find_renamed_seals(self, lines):
        """Seals whose name or code is no longer the one the ledger's lines recorded."""
        recorded = {(line["seal_id"], line["seal_name"], line["seal_code"]) for line in lines
                    if (line["hash_version"] or 1) >= 2}
        if not recorded:
            return []
        self.env["dawa.seal"].flush_model(["name", "code"])
        self.env.cr.execute(SQL(
            "SELECT id, name, code FROM dawa_seal WHERE id = ANY(%s)",
            list({seal_id for seal_id, _name, _code in recorded})))
        current = {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}
        return sorted({seal_id for seal_id, name, code in recorded
                       if current.get(seal_id) != (name, code)})

    def _check_can_verify(self):
        if self.env.su or self.env.user.has_group("dawa_approval.group_seal_keeper") \
                or self.env.user.has_group("dawa_approval.group_manager"):
            return
        raise AccessError(self.env._(
            "Only seal keepers and bureau managers may verify the seal ledger."))

    @api.model
    def verify_chain(self):
        """Recompute the chain from the database rows, bypassing the ORM cache, compare its
        end with the head, and list the sealed decisions without their line.

        :return: ``{"ok": bool, "checked": n, "broken_id": id of the first bad line (or of
            the missing last one) or False, "missing_case_ids": [case ids],
            "altered_case_ids": [ids of cases whose sealing no longer matches their line],
            "renamed_seal_ids": [ids of seals renamed since they sealed]}``
        """
        self._check_can_verify()
        self.env.flush_all()
        key = self._get_ledger_key()
        cr = self.env.cr
        cr.execute(SQL(
            "SELECT %s FROM %s ORDER BY id",
            SQL(", ").join(SQL.identifier(column) for column in LINE_COLUMNS),
            SQL.identifier(self._table)))
        lines = cr.dictfetchall()
        decisions = self._read_sealed_decisions(
            [line["case_id"] for line in lines if line["case_id"]])
        cr.execute(SQL(
            "SELECT line_count, last_id, last_hash, mac FROM %s WHERE id = 1",
            SQL.identifier(HEAD_TABLE)))
        head = cr.dictfetchone() or hashchain.empty_head()
        result = hashchain.verify(
            ((line["id"], line["prev_hash"], line["hash"],
              self._hash_payload(line, decisions.get(line["case_id"]))) for line in lines),
            key, head)
        cr.execute(SQL(
            """SELECT c.id FROM dawa_approval_case c
                WHERE (c.sealed OR c.state IN %s)
                  AND NOT EXISTS (SELECT 1 FROM %s u WHERE u.case_id = c.id)
                ORDER BY c.id""",
            SEALED_STATES, SQL.identifier(self._table)))
        missing = [case_id for (case_id,) in cr.fetchall()]
        altered = self._find_altered_sealings(lines, decisions, result["broken_id"])
        renamed = self._find_renamed_seals(lines)
        return {**result, "ok": result["ok"] and not missing and not altered and not renamed,
                "missing_case_ids": missing, "altered_case_ids": altered,
                "renamed_seal_ids": renamed}

    @api.model
    def _case_names(self, case_ids):
        """The numbers of the first cases of ``case_ids``, as a list to read."""
        # sudo: the seal keeper reports the numbers of cases a record rule may hide
        names = self.env["dawa.approval.case"].sudo().with_context(
            active_test=False).browse(case_ids[:MISSING_CASES_SHOWN]).mapped("name")
        if len(case_ids) > MISSING_CASES_SHOWN:
            names.append("…")
        return format_list(self.env, names)

    @api.model
    def action_verify_chain(self):
        """Tell the seal keeper whether the ledger is intact."""
        result = self.verify_chain()
        if result["ok"]:
            message = self.env._(
                "The ledger is intact: %(count)s lines checked, every decision has its line.",
                count=result["checked"])
        else:
            problems = []
            broken_id = result["broken_id"]
            if broken_id and self.browse(broken_id).exists():
                problems.append(self.env._(
                    "The ledger was altered: line %(line)s does not match its hash.",
                    line=broken_id))
            elif broken_id:
                problems.append(self.env._(
                    "The ledger was altered: line %(line)s, its last one, was deleted.",
                    line=broken_id))
            missing = result["missing_case_ids"]
            if missing:
                problems.append(self.env._(
                    "%(count)s decisions have no ledger line: %(cases)s.",
                    count=len(missing), cases=self._case_names(missing)))
            altered = result["altered_case_ids"]
            if altered:
                problems.append(self.env._(
                    "The sealing of %(count)s decisions (sealed, by whom, on which day) no "
                    "longer matches their ledger line: %(cases)s.",
                    count=len(altered), cases=self._case_names(altered)))
            renamed = result["renamed_seal_ids"]
            if renamed:
                # sudo: the registry's names, for the seal keeper's report
                names = self.env["dawa.seal"].sudo().browse(renamed).mapped("code")
                problems.append(self.env._(
                    "Seals were renamed after they sealed documents: %(seals)s.",
                    seals=format_list(self.env, names)))
            problems.append(self.env._("Report it to the bureau leadership."))
            message = " ".join(problems)
        return {
            "type": "ir.client_action",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Seal Ledger Integrity"),
                "message": message,
                "type": "success" if result["ok"] else "danger",
                "sticky": not result["ok"],
            },
        }
