from odoo import api, fields, models

from ..tools import publicurl


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
    dawa_complaint_days = fields.Integer(
        string="Complaint Time Limit",
        config_parameter="dawa_approval.complaint_days",
        default=5,
        help="Working days the bureau's leader has to answer a complaint.",
    )
    dawa_publicity_years = fields.Integer(
        string="Publicity Period",
        config_parameter="dawa_approval.publicity_years",
        default=3,
        help="Years an approval stays on the public list (双公示) after its decision.",
    )
    dawa_upload_max_mb = fields.Integer(
        string="Largest Upload",
        config_parameter="dawa_approval.upload_max_mb",
        default=10,
        help="Largest file (in MB) an applicant may upload for one material online.",
    )
    dawa_tz = fields.Selection(
        related="company_id.dawa_tz", readonly=False,
        help="Every legal date of a case and the daily deadline refresh use the calendar day "
        "of this time zone, never the user's browser or the server's.",
    )
    dawa_window_address = fields.Char(related="company_id.dawa_window_address", readonly=False)
    dawa_window_phone = fields.Char(related="company_id.dawa_window_phone", readonly=False)
    dawa_public_base_url = fields.Char(
        string="Public Address",
        config_parameter="dawa_approval.public_base_url",
        help="The address where applicants reach this system from outside (e.g. "
        "https://zwfw.example.gov.cn), used in QR codes and printed notices; the server's "
        "own address (web.base.url) when empty.",
    )
    dawa_public_base_url_loopback = fields.Boolean(
        string="Public Address Is Local",
        compute="_compute_dawa_public_base_url_loopback",
        help="The address printed on notices points at the server itself.",
    )

    @api.depends("dawa_public_base_url")
    def _compute_dawa_public_base_url_loopback(self):
        for settings in self:
            url = settings.dawa_public_base_url or settings.get_base_url()
            settings.dawa_public_base_url_loopback = publicurl.is_loopback(url)
