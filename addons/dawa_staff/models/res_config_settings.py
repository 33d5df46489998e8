from odoo import fields, models

from ..tools import rules


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # 公务员考核规定 (2020): generally 20 %, up to 25 % with approval; 事业单位工作人员考核规定
    # (2023) 第十五条: generally 20 %, 25 % or 15 % by the unit's results. Defaults of new
    # yearly periods; HR adjusts a period's own figures.
    dawa_staff_excellent_quota_civil_servant = fields.Float(
        string="Excellent Quota, Civil Servants (%)",
        config_parameter="dawa_staff.excellent_quota_civil_servant",
        default=rules.DEFAULT_EXCELLENT_QUOTA,
        help="Share of the civil servants of a yearly evaluation who may be rated Excellent.")
    dawa_staff_excellent_quota_public_institution = fields.Float(
        string="Excellent Quota, Public Institution Staff (%)",
        config_parameter="dawa_staff.excellent_quota_public_institution",
        default=rules.DEFAULT_EXCELLENT_QUOTA,
        help="Share of the public institution staff of a yearly evaluation who may be rated "
        "Excellent.")
