from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.dawa_security_roles import check_security_admin

# field: (system parameter, seconds per unit of the field)
POLICY_PARAMETERS = {
    "password_minlength": ("auth_password_policy.minlength", 1),
    "password_lower": ("password_security.lower", 1),
    "password_upper": ("password_security.upper", 1),
    "password_numeric": ("password_security.numeric", 1),
    "password_special": ("password_security.special", 1),
    "password_expiration_days": ("password_security.expiration_days", 1),
    "password_history": ("password_security.history", 1),
    "session_timeout_minutes": ("inactive_session_time_out_delay", 60),
    "login_cooldown_after": ("base.login_cooldown_after", 1),
    "login_cooldown_minutes": ("base.login_cooldown_duration", 60),
}
# 等保 2.0's floor: what the security administrator may not go below
MINIMUMS = {
    "password_minlength": 8,
    "password_expiration_days": 1,
    "session_timeout_minutes": 1,
    "login_cooldown_after": 1,
    "login_cooldown_minutes": 1,
}


class DawaSecurityPolicy(models.TransientModel):
    """The password and login policy, the security administrator's (三员分立): kept in the
    system parameters that OCA password_security, auth_password_policy, auth_session_timeout
    and the login cooldown read."""

    _name = "dawa.security.policy"
    _description = "Password and Login Policy"

    password_minlength = fields.Integer(string="Minimum Password Length")
    password_lower = fields.Integer(string="Lower Case Letters")
    password_upper = fields.Integer(string="Upper Case Letters")
    password_numeric = fields.Integer(string="Digits")
    password_special = fields.Integer(string="Special Characters")
    password_expiration_days = fields.Integer(
        string="Password Expires After (Days)")
    password_history = fields.Integer(
        string="Previous Passwords Not Reused",
        help="How many of a user's last passwords may not be chosen again.")
    session_timeout_minutes = fields.Integer(
        string="Idle Session Closed After (Minutes)")
    login_cooldown_after = fields.Integer(
        string="Failed Logins Before the Cooldown",
        help="From this many failed logins in a row from an address, or of a login, each "
        "further try is refused until the cooldown has passed since the last failure.")
    login_cooldown_minutes = fields.Integer(string="Cooldown (Minutes)")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        params = self.env["ir.config_parameter"].sudo()  # the policy is read by every login
        for name, (key, unit) in POLICY_PARAMETERS.items():
            if name in fields_list:
                values[name] = int(params.get_param(key) or 0) // unit
        return values

    def action_save(self):
        self.ensure_one()
        check_security_admin(self.env, self.env._("the password and login policy"))
        for name, minimum in MINIMUMS.items():
            if self[name] < minimum:
                raise ValidationError(self.env._(
                    "%(field)s cannot be less than %(minimum)s (等保 2.0).",
                    field=self._fields[name]._description_string(self.env), minimum=minimum))
        if any(self[name] < 0 for name in POLICY_PARAMETERS):
            raise ValidationError(self.env._("The policy's figures cannot be negative."))
        # sudo: system parameters; the security administrator was checked above
        params = self.env["ir.config_parameter"].sudo()
        for name, (key, unit) in POLICY_PARAMETERS.items():
            params.set_param(key, str(self[name] * unit))
        return {"type": "ir.actions.act_window_close"}

