"""18.0.1.3.0: 等保 2.0 basics (OCA auditlog, password_security, auth_session_timeout).

Their settings and the audit rules' subscription are ``noupdate`` functions of
data/dawa_security_data.xml, run at installation only: a database upgraded from an earlier
version gets them here.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    settings = env["res.config.settings"]
    settings._dawa_apply_security_policy()
    settings._dawa_subscribe_audit_rules("dawa_approval")
