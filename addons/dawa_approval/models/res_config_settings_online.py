from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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
