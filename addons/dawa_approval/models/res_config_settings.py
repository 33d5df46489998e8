from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import publicurl
from .dawa_security_roles import POLICY_KEYS, check_security_admin, is_security_admin

# 等保 2.0 basics, set once at installation (then the security administrator's, in
# dawa.security.policy: models/dawa_security_roles.py): passwords of at least 8 characters with
# a lower case letter, an upper case letter and a digit, expiring after 90 days, none of the
# last 5 reused (OCA password_security); sessions closed after 30 idle minutes (OCA
# auth_session_timeout); the login cooldown (dawa.login.failure): from the 5th failure from an
# address or of a login, each further try is refused for 10 minutes after the last failure.
SECURITY_PARAMETERS = {
    "auth_password_policy.minlength": 8,
    "password_security.lower": 1,
    "password_security.upper": 1,
    "password_security.numeric": 1,
    "password_security.special": 0,
    "password_security.expiration_days": 90,
    "password_security.history": 5,
    "inactive_session_time_out_delay": 30 * 60,
    "base.login_cooldown_after": 5,
    "base.login_cooldown_duration": 10 * 60,
}


# Colour thresholds of the rates on the dashboards, in percent: a rate at or above "good" is
# green, at or above "fair" amber, below it red (docs/operations.md, Dashboard colours).
RATE_THRESHOLDS = {
    "on_time": {"good": ("dawa_approval.on_time_rate_good", 95),
                "fair": ("dawa_approval.on_time_rate_fair", 85)},
    "satisfaction": {"good": ("dawa_approval.satisfaction_rate_good", 95),
                     "fair": ("dawa_approval.satisfaction_rate_fair", 90)},
}


def get_rate_thresholds(env):
    """{rate: {"good": percent, "fair": percent}} as set by the bureau (RATE_THRESHOLDS)."""
    # sudo: every dashboard reader needs the thresholds; only managers change them
    params = env["ir.config_parameter"].sudo()
    thresholds = {}
    for rate, levels in RATE_THRESHOLDS.items():
        thresholds[rate] = {}
        for level, (key, default) in levels.items():
            try:
                thresholds[rate][level] = float(params.get_param(key, default))
            except (TypeError, ValueError):
                thresholds[rate][level] = float(default)
    return thresholds


def check_rate_thresholds(env, thresholds):
    """Refuse thresholds outside 0–100 or a "fair" level above the "good" one."""
    for rate in thresholds.values():
        if not all(0 <= value <= 100 for value in rate.values()):
            raise ValidationError(env._("A rate threshold is a percentage from 0 to 100."))
        if rate["fair"] > rate["good"]:
            raise ValidationError(env._(
                "The amber threshold of a rate cannot be higher than its green threshold."))


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
    dawa_on_time_rate_good = fields.Integer(
        string="On-time Rate: Green From",
        config_parameter="dawa_approval.on_time_rate_good", default=95,
        help="An on-time rate at or above this percentage is shown in green.")
    dawa_on_time_rate_fair = fields.Integer(
        string="On-time Rate: Amber From",
        config_parameter="dawa_approval.on_time_rate_fair", default=85,
        help="An on-time rate at or above this percentage, but below the green threshold, is "
        "shown in amber; below it, in red.")
    dawa_satisfaction_rate_good = fields.Integer(
        string="Satisfaction Rate: Green From",
        config_parameter="dawa_approval.satisfaction_rate_good", default=95,
        help="A satisfaction rate (ratings of 4 or 5 among the rated cases) at or above this "
        "percentage is shown in green.")
    dawa_satisfaction_rate_fair = fields.Integer(
        string="Satisfaction Rate: Amber From",
        config_parameter="dawa_approval.satisfaction_rate_fair", default=90,
        help="A satisfaction rate at or above this percentage, but below the green threshold, "
        "is shown in amber; below it, in red.")
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

    @api.model
    def _dawa_apply_security_policy(self):
        """Write SECURITY_PARAMETERS (data file at installation, migration 18.0.1.3.0)."""
        params = self.env["ir.config_parameter"].sudo()  # system parameters: admin only
        for key, value in SECURITY_PARAMETERS.items():
            params.set_param(key, str(value))

    @api.model
    def _dawa_subscribe_audit_rules(self, module):
        """Subscribe the audit rules of ``module`` still in draft: their data file subscribes
        them at installation only (``noupdate``), so a database upgraded to the version that
        brought them gets them from its migration."""
        rule_ids = self.env["ir.model.data"].sudo().search(
            [("module", "=", module), ("model", "=", "auditlog.rule")]).mapped("res_id")
        # sudo: audit rules are the administrator's; this runs in a migration
        rules = self.env["auditlog.rule"].sudo().browse(rule_ids).exists()
        rules.filtered(lambda rule: rule.state == "draft").subscribe()

    def set_values(self):
        for settings in self:
            check_rate_thresholds(self.env, {
                "on_time": {"good": settings.dawa_on_time_rate_good,
                            "fair": settings.dawa_on_time_rate_fair},
                "satisfaction": {"good": settings.dawa_satisfaction_rate_good,
                                 "fair": settings.dawa_satisfaction_rate_fair},
            })
        # the settings write the system parameters as superuser: check who changes them
        if not is_security_admin(self.env):
            params = self.env["ir.config_parameter"].sudo()
            for settings in self:
                for name, field in settings._fields.items():
                    key = getattr(field, "config_parameter", None)
                    if key in POLICY_KEYS and _policy_value(settings[name]) \
                            != _policy_value(params.get_param(key)):
                        check_security_admin(
                            self.env, self.env._("the password and login policy"))
        return super().set_values()


def _policy_value(value):
    """A policy figure as the settings and the system parameters hold it (a number, where
    nothing stored is 0)."""
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return value
