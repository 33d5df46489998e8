from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import ratelimit


class DawaRateLimitTry(models.Model):
    """The tries of the public forms' limiters (``tools/ratelimit.py``), shared by every Odoo
    worker and machine: one row per try of a client address, written and read by SQL in a
    transaction of its own."""

    _name = "dawa.rate.limit.try"
    _description = "Try of a Public Form"
    _log_access = False
    _table = ratelimit.TABLE

    scope = fields.Char(required=True, readonly=True,
                        help="The limiter: which form, with its own limit.")
    key = fields.Char(required=True, readonly=True, help="The client address.")
    tried_at = fields.Datetime(required=True, readonly=True)

    def init(self):
        self.env.cr.execute(SQL(
            "CREATE INDEX IF NOT EXISTS %s ON %s (scope, key, tried_at)",
            SQL.identifier(f"{self._table}_scope_key_idx"), SQL.identifier(self._table)))

    @api.autovacuum
    def _gc_old_tries(self):
        self.env.cr.execute(SQL(
            "DELETE FROM %s WHERE tried_at < now() AT TIME ZONE 'UTC' - interval '1 day'",
            SQL.identifier(self._table)))
