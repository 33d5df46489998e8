"""18.0.1.2.0: the audit rules of dawa_staff (OCA auditlog), subscribed by a ``noupdate``
function at installation only: a database upgraded from an earlier version subscribes them here.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.config.settings"]._dawa_subscribe_audit_rules("dawa_staff")
