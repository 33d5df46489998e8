"""18.0.1.2.0: sealing by the seal keeper (一枚印章管审批).

Until now a decision was sealed, and its seal ledger line written, when it was taken. The
decisions taken before this version that have their ledger line are marked ``sealed``, with
the line's operator and day (the bureau's, Asia/Shanghai) as who and when, and the line's
approver as who decided; they do not appear in the seal keeper's queue (待用印) and may be
delivered. A decision without its line stays unsealed: ``verify_chain()`` no longer reports it,
but it waits in 待用印 where the seal keeper sees it.
"""

from odoo.tools import SQL


def migrate(cr, version):
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
