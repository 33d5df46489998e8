import datetime
import logging

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# A login's failures from an address are forgotten after a day without a new one
FORGET_AFTER = datetime.timedelta(days=1)


class DawaLoginFailure(models.Model):
    """Failed logins, per client address and login, in the database: every Odoo worker (and
    every Odoo machine) counts the same failures, where Odoo's own login cooldown keeps them
    in each worker's memory (five workers gave an address five times the tries) and lets any
    successful login from an address clear them (a login of one's own account cleared the
    failures of the account under attack).

    A login is refused while its address, or the login itself, has failed
    ``base.login_cooldown_after`` times or more, until ``base.login_cooldown_duration``
    seconds after the last failure. A successful login clears that login's failures from
    that address only. Calls of the service API (/jsonrpc, /xmlrpc), where Odoo gives no
    address, count for their login only (address empty). Rows are written by the login
    itself (SQL, outside the ORM)."""

    _name = "dawa.login.failure"
    _description = "Failed Logins"
    _log_access = False
    _order = "last_failure desc"

    address = fields.Char(string="Client Address", required=True, readonly=True, index=True)
    login = fields.Char(required=True, readonly=True, index=True)
    failures = fields.Integer(readonly=True)
    last_failure = fields.Datetime(readonly=True, index=True)

    _sql_constraints = [
        ("address_login_unique", "unique(address, login)",
         "The failures of a login from an address are counted on one line."),
    ]

    @api.model
    def _cooldown_policy(self):
        """(failures before the cooldown, its duration), 0 failures: no cooldown."""
        params = self.env["ir.config_parameter"].sudo()  # system parameters: read by logins
        return (int(params.get_param("base.login_cooldown_after", 5)),
                datetime.timedelta(seconds=int(params.get_param(
                    "base.login_cooldown_duration", 60))))

    @api.model
    def _is_cooling_down(self, address, login):
        """Whether a login of ``login`` from ``address`` is refused now."""
        after, duration = self._cooldown_policy()
        if after <= 0:
            return False
        now = fields.Datetime.now()
        self.env.cr.execute(SQL(
            """SELECT COALESCE(SUM(failures) FILTER (WHERE address = %(address)s
                                                       AND address != ''), 0),
                      MAX(last_failure) FILTER (WHERE address = %(address)s),
                      COALESCE(SUM(failures) FILTER (WHERE login = %(login)s), 0),
                      MAX(last_failure) FILTER (WHERE login = %(login)s)
                 FROM dawa_login_failure
                WHERE (address = %(address)s OR login = %(login)s)
                  AND last_failure > %(since)s""",
            address=address, login=login, since=now - FORGET_AFTER))
        by_address, address_last, by_login, login_last = self.env.cr.fetchone()
        return any(count >= after and now - last < duration
                   for count, last in ((by_address, address_last), (by_login, login_last)))

    @api.model
    def _record_failure(self, address, login):
        """Count one failure of ``login`` from ``address`` (a quiet day starts again at 1)."""
        now = fields.Datetime.now()
        self.env.cr.execute(SQL(
            """INSERT INTO dawa_login_failure AS f (address, login, failures, last_failure)
               VALUES (%(address)s, %(login)s, 1, %(now)s)
               ON CONFLICT (address, login) DO UPDATE
                  SET failures = CASE WHEN f.last_failure > %(since)s
                                      THEN f.failures + 1 ELSE 1 END,
                      last_failure = EXCLUDED.last_failure""",
            address=address, login=login, now=now, since=now - FORGET_AFTER))

    @api.model
    def _forget(self, address, login):
        """A successful login: its failures from that address no longer count."""
        self.env.cr.execute(SQL(
            "DELETE FROM dawa_login_failure WHERE address = %s AND login = %s", address, login))

    @api.autovacuum
    def _gc_forgotten_failures(self):
        self.env.cr.execute(SQL("DELETE FROM dawa_login_failure WHERE last_failure < %s",
                                fields.Datetime.now() - FORGET_AFTER))
