"""18.0.1.1.0: gapless yearly decision numbers without padding; the seal ledger keyed.

Done once, by a migration rather than by data: the sequences are ``noupdate`` data that an
administrator may have adjusted since, and both steps need one-time work that data cannot do
(carry this year's counter over, re-seal the existing ledger lines under the new scheme).

1. The three decision sequences become ``no_gap`` with a yearly date range, no zero padding
   and the range's year in the prefix (大洼审批许字〔2026〕106号). This year's range starts at
   the old counter, so no number already issued this year comes again; next year restarts at 1.
2. The seal ledger lines were chained with a plain SHA-256 over the line only. The chain is
   checked with that old scheme, then every line of its intact beginning is chained again with
   the keyed scheme (HMAC-SHA-256, key outside the database) over the line and the decision it
   seals, and the chain head is written. Lines from the first one that failed the old check on
   are left as they are, so that ``verify_chain()`` keeps reporting where the ledger had been
   altered.
"""

import hashlib
import logging
from datetime import datetime

import pytz

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.dawa_approval.models.dawa_seal_usage import HEAD_TABLE, TRIGGER
from odoo.addons.dawa_approval.tools import hashchain

_logger = logging.getLogger(__name__)

DECISION_SEQUENCES = (
    "dawa_approval.seq_dawa_approval_approval_decision",
    "dawa_approval.seq_dawa_approval_denial_decision",
    "dawa_approval.seq_dawa_approval_not_accepted_notice",
)
LEGACY_FIELDS = (
    "seal_id", "case_id", "document_type", "document_ref", "used_at", "operator_id",
    "approver_id",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _migrate_decision_sequences(env)
    _rechain_ledger(env)


def _migrate_decision_sequences(env):
    year = datetime.now(pytz.timezone("Asia/Shanghai")).year
    for xmlid in DECISION_SEQUENCES:
        sequence = env.ref(xmlid, raise_if_not_found=False)
        if not sequence or sequence.use_date_range:
            continue
        next_number = sequence.number_next_actual
        sequence.write({
            "implementation": "no_gap",
            "use_date_range": True,
            "padding": 0,
            "prefix": (sequence.prefix or "").replace("%(year)s", "%(range_year)s"),
        })
        env["ir.sequence.date_range"].create({
            "sequence_id": sequence.id,
            "date_from": f"{year}-01-01",
            "date_to": f"{year}-12-31",
            "number_next_actual": next_number,  # what Odoo writes into number_next
        })
        _logger.info("%s: gapless yearly numbers, %s continues at %s", xmlid, year, next_number)


def _legacy_hash(prev_hash, line):
    payload = {name: line[name] or None for name in LEGACY_FIELDS}
    payload["used_at"] = line["used_at"]
    text = prev_hash + hashchain.canonical_json(payload)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rechain_ledger(env):
    Usage = env["dawa.seal.usage"]
    cr = env.cr
    cr.execute(SQL(
        """SELECT id, prev_hash, hash, seal_id, case_id, document_type, document_ref, used_at,
                  operator_id, approver_id
             FROM dawa_seal_usage ORDER BY id"""))
    lines = cr.dictfetchall()
    if not lines:
        return
    key = Usage._get_ledger_key()
    decisions = Usage._read_sealed_decisions([line["case_id"] for line in lines if line["case_id"]])
    cr.execute(SQL("ALTER TABLE dawa_seal_usage DISABLE TRIGGER %s", SQL.identifier(TRIGGER)))
    legacy_prev = new_prev = hashchain.GENESIS
    intact = 0
    for line in lines:
        if line["prev_hash"] != legacy_prev or line["hash"] != _legacy_hash(legacy_prev, line):
            _logger.error(
                "Seal ledger line %s fails the old hash check: it and the lines after it keep "
                "their old hashes, verify_chain() reports it.", line["id"])
            break
        legacy_prev = line["hash"]
        new_hash = hashchain.line_hash(
            key, new_prev, Usage._hash_payload(line, decisions.get(line["case_id"])))
        cr.execute(SQL("UPDATE dawa_seal_usage SET prev_hash = %s, hash = %s WHERE id = %s",
                       new_prev, new_hash, line["id"]))
        new_prev = new_hash
        intact += 1
    cr.execute(SQL("ALTER TABLE dawa_seal_usage ENABLE TRIGGER %s", SQL.identifier(TRIGGER)))
    # The head covers every line, so that later appends follow the real last line.
    last = lines[-1]
    last_hash = new_prev if intact == len(lines) else last["hash"]
    head = hashchain.make_head(key, len(lines), last["id"], last_hash)
    cr.execute(SQL(
        "UPDATE %s SET line_count = %s, last_id = %s, last_hash = %s, mac = %s WHERE id = 1",
        SQL.identifier(HEAD_TABLE), head["line_count"], head["last_id"], head["last_hash"],
        head["mac"]))
    _logger.info("Seal ledger: %s of %s lines sealed again with the keyed hash", intact,
                 len(lines))
