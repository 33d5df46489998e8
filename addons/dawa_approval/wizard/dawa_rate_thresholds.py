from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.res_config_settings import RATE_THRESHOLDS, check_rate_thresholds, get_rate_thresholds


class DawaRateThresholds(models.TransientModel):
    """The bureau leader sets the colours of the rates on the dashboards (green, amber, red)
    from the dashboard itself: the system settings are the administrator's. Both write the
    same parameters (``res_config_settings.RATE_THRESHOLDS``)."""

    _name = "dawa.rate.thresholds"
    _description = "Rate Colour Thresholds"

    on_time_good = fields.Integer(string="On-time Rate: Green From", required=True)
    on_time_fair = fields.Integer(string="On-time Rate: Amber From", required=True)
    satisfaction_good = fields.Integer(string="Satisfaction Rate: Green From", required=True)
    satisfaction_fair = fields.Integer(string="Satisfaction Rate: Amber From", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        for rate, levels in get_rate_thresholds(self.env).items():
            for level, value in levels.items():
                name = f"{rate}_{level}"
                if name in fields_list:
                    values[name] = int(round(value))
        return values

    def action_save(self):
        self.ensure_one()
        if not self.env.user.has_group("dawa_approval.group_manager"):
            raise AccessError(self.env._("Only the bureau's leaders set the dashboard colours."))
        thresholds = {rate: {level: self[f"{rate}_{level}"] for level in levels}
                      for rate, levels in RATE_THRESHOLDS.items()}
        check_rate_thresholds(self.env, thresholds)
        # sudo: a system parameter; the leader may set these ones only (checked above)
        params = self.env["ir.config_parameter"].sudo()
        for rate, levels in RATE_THRESHOLDS.items():
            for level, (key, _default) in levels.items():
                params.set_param(key, str(thresholds[rate][level]))
        return {"type": "ir.actions.act_window_close"}
