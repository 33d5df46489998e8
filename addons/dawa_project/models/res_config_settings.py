from odoo import fields, models

from .dawa_joint_acceptance import DEFAULT_OPINION_DAYS, DEFAULT_RECTIFY_DAYS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dawa_project_acceptance_opinion_days = fields.Integer(
        string="Joint Acceptance Opinion Time Limit",
        config_parameter="dawa_project.acceptance_opinion_days",
        default=DEFAULT_OPINION_DAYS,
        help="Working days a department has to give its opinion in a joint acceptance.")
    dawa_project_acceptance_rectify_days = fields.Integer(
        string="Joint Acceptance Rectification Time Limit",
        config_parameter="dawa_project.acceptance_rectify_days",
        default=DEFAULT_RECTIFY_DAYS,
        help="Working days the builder has to rectify what the departments asked in a joint "
        "acceptance.")
