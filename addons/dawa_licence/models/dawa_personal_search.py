from odoo import fields, models


class DawaPersonalSearch(models.Model):
    """A search of the register by a holder's identifier is counted and kept like a search
    of cases by an applicant's."""

    _inherit = "dawa.personal.search"

    field_name = fields.Selection(
        selection_add=[("holder_id_number_raw", "Licence Holder's ID Number")],
        ondelete={"holder_id_number_raw": "cascade"})
