from odoo import fields, models

from odoo.addons.base.models.res_partner import _tz_get

from .dawa_holiday import DEFAULT_BUREAU_TZ


class ResCompany(models.Model):
    _inherit = "res.company"

    dawa_tz = fields.Selection(
        _tz_get, string="Bureau Time Zone", required=True, default=DEFAULT_BUREAU_TZ,
        help="Every legal date of a case (receipt, acceptance, decision, delivery, rating...) "
        "and the daily deadline refresh use the calendar day of this time zone, whatever the "
        "time zone of the user's browser or of the server.",
    )
    dawa_window_address = fields.Char(
        string="Service Window Address",
        help="Printed on the acceptance notice (e.g. the hall and window number); the "
        "company's address when empty.",
    )
    dawa_window_phone = fields.Char(
        string="Service Window Phone",
        help="Printed on the acceptance notice; the company's phone when empty.",
    )
