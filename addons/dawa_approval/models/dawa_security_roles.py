"""三员分立 (等保 2.0): the system administrator, the security administrator and the audit
administrator are three people, and no user changes the audit trail.

- The system administrator (``base.group_system``, login ``admin``) runs the system: its
  settings, modules, scheduled jobs. He no longer manages users, groups or the password and
  login policy, and does not read the audit log.
- The security administrator (``group_security_admin``) manages the users, their groups and
  the password and login policy (``dawa.security.policy``), and nothing else.
- The audit administrator (``group_audit_admin``) reads the audit log, and nothing else.
- Nobody holds two of these roles.
- No user creates, changes or deletes an audit log, one of its lines, HTTP sessions or
  requests, or an audit rule: only the system (``__system__``: installation, the audit rules
  of the add-ons' data, and the daily retention job, which deletes the logs older than the
  retention period) does.
"""

from odoo import api, models
from odoo.exceptions import UserError

SECURITY_ADMIN = "dawa_approval.group_security_admin"
AUDIT_ADMIN = "dawa_approval.group_audit_admin"
SYSTEM_ADMIN = "base.group_system"
# The security-relevant fields of a user: only the security administrator changes them
USER_SECURITY_FIELDS = ("login", "password", "groups_id", "active")
REIFIED_GROUP_PREFIXES = ("in_group_", "sel_groups_")
# The password and login policy: system parameters only the security administrator changes
POLICY_KEYS = (
    "auth_password_policy.minlength",
    "password_security.lower",
    "password_security.upper",
    "password_security.numeric",
    "password_security.special",
    "password_security.expiration_days",
    "password_security.minimum_hours",
    "password_security.history",
    "inactive_session_time_out_delay",
    "base.login_cooldown_after",
    "base.login_cooldown_duration",
)
# The audit trail, written by the system only
AUDIT_TRAIL_MODELS = ("auditlog.log", "auditlog.log.line", "auditlog.http.session",
                      "auditlog.http.request")
RETENTION_CRON = "auditlog.ir_cron_auditlog_autovacuum"


def is_security_admin(env):
    return env.su or env.user.has_group(SECURITY_ADMIN)


def check_security_admin(env, what):
    if not is_security_admin(env):
        raise UserError(env._(
            "Only the security administrator may change %(what)s (三员分立: the system "
            "administrator and the audit administrator may not).", what=what))


class ResGroups(models.Model):
    _inherit = "res.groups"

    @api.model_create_multi
    def create(self, vals_list):
        check_security_admin(self.env, self.env._("the groups"))
        return super().create(vals_list)

    def write(self, vals):
        check_security_admin(self.env, self.env._("the groups"))
        return super().write(vals)

    def unlink(self):
        check_security_admin(self.env, self.env._("the groups"))
        return super().unlink()


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    def _check_policy_keys(self, keys):
        if set(keys) & set(POLICY_KEYS):
            check_security_admin(
                self.env, self.env._("the password and login policy"))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_policy_keys([vals.get("key") for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        self._check_policy_keys(self.mapped("key") + [vals.get("key")])
        return super().write(vals)

    def unlink(self):
        self._check_policy_keys(self.mapped("key"))
        return super().unlink()


class AuditTrailMixin(models.AbstractModel):
    """The audit trail: written by the system only (the audit rules' own logging runs as
    superuser), read by the audit administrator."""

    _name = "dawa.audit.trail.mixin"
    _description = "Audit Trail Written by the System Only"

    def _check_system_only(self):
        if not self.env.su:
            raise UserError(self.env._(
                "The audit log is written by the system only: nobody creates, changes or "
                "deletes its entries. Old entries are removed by the retention job."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_system_only()
        return super().create(vals_list)

    def write(self, vals):
        self._check_system_only()
        return super().write(vals)

    def unlink(self):
        self._check_system_only()
        return super().unlink()


class AuditlogLog(models.Model):
    _name = "auditlog.log"
    _inherit = ["auditlog.log", "dawa.audit.trail.mixin"]


class AuditlogLogLine(models.Model):
    _name = "auditlog.log.line"
    _inherit = ["auditlog.log.line", "dawa.audit.trail.mixin"]


class AuditlogHttpSession(models.Model):
    _name = "auditlog.http.session"
    _inherit = ["auditlog.http.session", "dawa.audit.trail.mixin"]


class AuditlogHttpRequest(models.Model):
    _name = "auditlog.http.request"
    _inherit = ["auditlog.http.request", "dawa.audit.trail.mixin"]


class AuditlogRule(models.Model):
    """The audit rules come with the add-ons' data: no user creates, changes, subscribes,
    unsubscribes or deletes one."""

    _name = "auditlog.rule"
    _inherit = ["auditlog.rule", "dawa.audit.trail.mixin"]

    def _check_system_only(self):
        if not self.env.su:
            raise UserError(self.env._(
                "The audit rules are set by the system only: nobody changes, stops or "
                "deletes what is audited."))

    def subscribe(self):
        self._check_system_only()
        return super().subscribe()

    def unsubscribe(self):
        # before the methods are unpatched in this worker's memory
        self._check_system_only()
        return super().unsubscribe()


class IrCron(models.Model):
    _inherit = "ir.cron"

    def write(self, vals):
        self._check_retention_job()
        return super().write(vals)

    def unlink(self):
        self._check_retention_job()
        return super().unlink()

    def _check_retention_job(self):
        job = self.env.ref(RETENTION_CRON, raise_if_not_found=False)
        if job and job in self and not self.env.su:
            raise UserError(self.env._(
                "The retention job of the audit log is the system's: nobody changes or "
                "deletes it (its period is the law's, at least six months)."))


class IrActionsServer(models.Model):
    _inherit = "ir.actions.server"

    def write(self, vals):
        job = self.env.ref(RETENTION_CRON, raise_if_not_found=False)
        if job and job.sudo().ir_actions_server_id in self and not self.env.su:
            raise UserError(self.env._(
                "The retention job of the audit log is the system's: nobody changes or "
                "deletes it (its period is the law's, at least six months)."))
        return super().write(vals)
