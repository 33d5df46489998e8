"""18.0.1.2.0: query codes for older cases, and sealing by the seal keeper.

- A query code for every case created before the code existed. Written in SQL: decided cases
  are frozen for the ORM, and the code is no change of the case but the key the applicant
  types on /dawa/query with the application number.
- Sealing by the seal keeper (一枚印章管审批). Until now a decision was sealed, and its seal
  ledger line written, when it was taken. The decisions taken before this version that have
  their ledger line are marked ``sealed``, with the line's operator and day (the bureau's,
  Asia/Shanghai) as who and when, and the line's approver as who decided; they do not appear
  in the seal keeper's queue (待用印) and may be delivered. A decision without its line stays
  unsealed: ``verify_chain()`` no longer reports it, but it waits in 待用印 where the seal
  keeper sees it.
"""

import logging

from odoo.tools import SQL

from odoo.addons.dawa_approval.tools import querycodes

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    _give_query_codes(cr)
    _mark_sealed_decisions(cr)


def _give_query_codes(cr):
    cr.execute(SQL("SELECT id FROM dawa_approval_case WHERE query_code IS NULL ORDER BY id"))
    case_ids = [row[0] for row in cr.fetchall()]
    cr.execute(SQL("SELECT query_code FROM dawa_approval_case WHERE query_code IS NOT NULL"))
    taken = {row[0] for row in cr.fetchall()}
    for case_id in case_ids:
        code = querycodes.new_code()
        while code in taken:
            code = querycodes.new_code()
        taken.add(code)
        cr.execute(SQL("UPDATE dawa_approval_case SET query_code = %s WHERE id = %s",
                       code, case_id))
    _logger.info("dawa_approval 18.0.1.2.0: query codes given to %s cases", len(case_ids))


def _mark_sealed_decisions(cr):
    cr.execute(SQL(
        """UPDATE dawa_approval_case c
              SET sealed = TRUE,
                  sealed_date = (u.used_at AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date,
                  seal_user_id = u.operator_id,
                  decision_user_id = COALESCE(c.decision_user_id, u.approver_id)
             FROM (SELECT DISTINCT ON (case_id) case_id, used_at, operator_id, approver_id
                     FROM dawa_seal_usage
                    WHERE case_id IS NOT NULL
                 ORDER BY case_id, id) u
            WHERE u.case_id = c.id AND c.decision IS NOT NULL AND NOT c.sealed IS TRUE"""))
