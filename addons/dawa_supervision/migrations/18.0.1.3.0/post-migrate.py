"""18.0.1.3.0: the licence's status lives in the register (dawa_licence), no longer on the
case. dawa_licence, installed first as a new dependency, issued the licences of the sealed
approvals (valid); the cases whose licence the bureau had revoked get it revoked here, with
the revocation decision's number and date. The old column is dropped by Odoo afterwards."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not column_exists(cr, "dawa_approval_case", "licence_state"):
        return
    cr.execute(SQL(
        "SELECT id, revocation_ref, revocation_date FROM dawa_approval_case "
        "WHERE licence_state = 'revoked' ORDER BY id"))
    rows = cr.fetchall()
    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
    for case_id, reference, day in rows:
        case = env["dawa.approval.case"].browse(case_id)
        licences = case.licence_ids.filtered(lambda licence: licence.state in ("valid", "expired"))
        if licences:
            licences._revoke(reference or "", day=day)
