from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dawa_deadline_warning_days = fields.Integer(
        string="Deadline Warning",
        config_parameter="dawa_approval.deadline_warning_days",
        default=3,
        help="A case shows as due soon when this many working days or fewer remain.",
    )
    dawa_rectification_days = fields.Integer(
        string="Rectification Time Limit",
        config_parameter="dawa_approval.rectification_days",
        default=5,
        help="Working days the bureau has to answer a dissatisfied rating of a case.",
    )
    dawa_tz = fields.Selection(
        related="company_id.dawa_tz", readonly=False,
        help="Every legal date of a case and the daily deadline refresh use the calendar day "
        "of this time zone, never the user's browser or the server's.",
    )
