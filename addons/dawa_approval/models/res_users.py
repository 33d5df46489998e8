from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    dawa_agency_id = fields.Many2one(
        "dawa.agency",
        string="Agency",
        index=True,
        help="The agency this user works for: department users only see "
        "the supervision work of their own agency.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["dawa_agency_id"]
