from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError

# Searches by ID or phone number a user may make in the window below (the bureau's setting
# ``dawa_approval.personal_search_limit``), and the window in minutes.
DEFAULT_PERSONAL_SEARCH_LIMIT = 30
PERSONAL_SEARCH_WINDOW_MINUTES = 10


class DawaPersonalSearch(models.Model):
    """One search of a case by an applicant's ID number or phone (个人信息查询记录).

    Written by the search itself, read by the bureau's managers, changed and deleted by
    nobody. The table is also the limit every worker shares: a user who searched more than
    the bureau allows in the last minutes is refused until the window has passed."""

    _name = "dawa.personal.search"
    _description = "Personal Data Search"
    _order = "id desc"

    user_id = fields.Many2one("res.users", required=True, readonly=True,
                              index=True, ondelete="restrict")
    field_name = fields.Selection(
        [("applicant_id_number_raw", "ID Number"), ("applicant_phone_raw", "Phone")],
        string="Searched By", required=True, readonly=True)

    @api.model
    def _record(self, field_name):
        """Count the current user's search by ``field_name`` and keep it; refuse it past the
        limit."""
        if self.env.cr.readonly:
            # a read-only request (search_read, web_search_read…) cannot keep the record:
            # Odoo runs the request again in a read/write transaction on this error, before
            # anything was searched
            raise psycopg2.errors.ReadOnlySqlTransaction(
                "a search by personal data is recorded")
        # sudo: users neither read nor write the log of their searches
        Search = self.sudo()
        since = fields.Datetime.now() - timedelta(minutes=PERSONAL_SEARCH_WINDOW_MINUTES)
        done = Search.search_count([("user_id", "=", self.env.uid), ("create_date", ">=", since)])
        if done >= self._get_personal_search_limit():
            raise UserError(self.env._(
                "Too many searches by ID number or phone number: try again in %(minutes)s "
                "minutes.", minutes=PERSONAL_SEARCH_WINDOW_MINUTES))
        Search.create({"user_id": self.env.uid, "field_name": field_name})

    @api.model
    def _get_personal_search_limit(self):
        # sudo: a setting every user's searches depend on
        return int(self.env["ir.config_parameter"].sudo().get_param(
            "dawa_approval.personal_search_limit", DEFAULT_PERSONAL_SEARCH_LIMIT))

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("The record of a personal data search cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._("The record of a personal data search cannot be deleted."))
