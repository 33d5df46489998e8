from odoo import fields, models

from .dawa_supervision_catalog import DEFAULT_FIRST_CHECK_DAYS, DEFAULT_VERIFICATION_DAYS
from .dawa_supervision_feedback import DEFAULT_FEEDBACK_DAYS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dawa_supervision_feedback_days = fields.Integer(
        string="Feedback Answer Time Limit",
        config_parameter="dawa_supervision.feedback_days",
        default=DEFAULT_FEEDBACK_DAYS,
        help="Working days the bureau has to answer a written feedback of a supervising "
        "department.",
    )
    dawa_supervision_first_check_days = fields.Integer(
        string="First Check Time Limit",
        config_parameter="dawa_supervision.first_check_days",
        default=DEFAULT_FIRST_CHECK_DAYS,
        help="Working days a department has to check a pushed approval whose item has no "
        "supervision catalogue entry.",
    )
    dawa_supervision_verification_days = fields.Integer(
        string="Commitment Verification Time Limit",
        config_parameter="dawa_supervision.verification_days",
        default=DEFAULT_VERIFICATION_DAYS,
        help="Working days a department has to verify an approval on commitment whose item "
        "has no supervision catalogue entry.",
    )
