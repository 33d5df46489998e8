import contextlib
import logging

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessDenied, ValidationError
from odoo.fields import Command
from odoo.http import request
from odoo.tools.i18n import format_list

from .dawa_security_roles import (
    AUDIT_ADMIN,
    REIFIED_GROUP_PREFIXES,
    SECURITY_ADMIN,
    SYSTEM_ADMIN,
    USER_SECURITY_FIELDS,
    check_security_admin,
)

_logger = logging.getLogger(__name__)

# Set on the AccessDenied of a login refused by the cooldown: that try is not counted
COOLDOWN_FLAG = "dawa_login_cooldown"


def _client_address():
    """The client's address, or "" where Odoo hides the request (the service API)."""
    return (request.httprequest.remote_addr or "") if request else ""


def login_key(login):
    """The login as counted: logins are compared without case and surrounding spaces."""
    return (login or "").strip().lower()


class ResUsers(models.Model):
    """The bureau's users: their agency; the login cooldown on the failures kept in the
    database (``dawa.login.failure``), per address and per login, instead of Odoo's own
    counter in each worker's memory; who manages users (三员分立,
    ``models/dawa_security_roles.py``)."""

    _inherit = "res.users"

    dawa_agency_id = fields.Many2one(
        "dawa.agency",
        string="Agency",
        index=True,
        help="The agency this user works for: department users only see "
        "the supervision work of their own agency.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["dawa_agency_id"]

    def action_expire_password(self):
        """At the login of an expired password, OCA password_security marks the user's own
        contact for a password reset, as that user: the bureau's users may not edit contacts,
        which made the login fail instead of leading to the page where they choose a new
        password. Other users' passwords still need the right to edit them."""
        own = self.filtered(lambda user: user == self.env.user)
        # sudo: the reset token of one's own contact only, so as to choose a new password
        super(ResUsers, own.sudo()).action_expire_password()
        return super(ResUsers, self - own).action_expire_password()

    @contextlib.contextmanager
    def _assert_can_auth(self, user=None):
        # replaces Odoo's cooldown, kept in the memory of each worker (no super()); also
        # without a request: Odoo hides it from the service API (/jsonrpc, /xmlrpc), whose
        # calls then count per login only
        address = _client_address()
        login = login_key(user if isinstance(user, str) else self.env.user.login)
        # sudo: the failures are no user's records; the login being checked has no rights
        failures = self.env["dawa.login.failure"].sudo()
        if failures._is_cooling_down(address, login):
            _logger.warning("Login attempt refused for %s (login %r): too many failures "
                            "from that address or for that login.", address, login)
            error = AccessDenied(self.env._(
                "Too many login failures, please wait a bit before trying again."))
            setattr(error, COOLDOWN_FLAG, True)
            raise error
        yield
        failures._forget(address, login)

    @classmethod
    def _login(cls, db, credential, user_agent_env):
        try:
            return super()._login(db, credential, user_agent_env)
        except AccessDenied as error:
            cls._dawa_count_failure(error, login=credential.get("login"))
            raise

    @classmethod
    def check(cls, db, uid, passwd):
        try:
            return super().check(db, uid, passwd)
        except AccessDenied as error:
            cls._dawa_count_failure(error, uid=uid)
            raise

    @classmethod
    def _dawa_count_failure(cls, error, login=None, uid=None):
        """Count a failed login in a transaction of its own: the login's own transaction
        is rolled back with its failure."""
        if getattr(error, COOLDOWN_FLAG, False):
            return
        address = _client_address()
        with cls.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            key = env["res.users"].browse(uid).exists().login if uid is not None else login
            env["dawa.login.failure"]._record_failure(address, login_key(key))

    @api.model_create_multi
    def create(self, vals_list):
        check_security_admin(self.env, self.env._("the users"))
        return super().create(vals_list)

    def write(self, vals):
        if any(name in USER_SECURITY_FIELDS or name.startswith(REIFIED_GROUP_PREFIXES)
               for name in vals):
            check_security_admin(
                self.env, self.env._("a user's login, password, groups or archiving"))
        return super().write(vals)

    def unlink(self):
        check_security_admin(self.env, self.env._("the users"))
        return super().unlink()

    @api.model
    def _dawa_separate_audit_rights(self):
        """Only audit administrators keep the audit log's groups (OCA auditlog gives them
        to every system administrator): data/dawa_security_roles_data.xml."""
        auditors = self.env.ref(AUDIT_ADMIN).users
        for xmlid in ("auditlog.group_auditlog_manager", "auditlog.group_auditlog_user"):
            group = self.env.ref(xmlid)
            others = group.users - auditors
            if others:
                group.write({"users": [Command.unlink(user.id) for user in others]})

    @api.constrains("groups_id")
    def _check_three_administrators(self):
        roles = [self.env.ref(xmlid, raise_if_not_found=False)
                 for xmlid in (SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN)]
        roles = [group for group in roles if group]
        for user in self.filtered(lambda user: not user._is_superuser()):
            held = [group for group in roles if group in user.groups_id]
            if len(held) > 1:
                raise ValidationError(self.env._(
                    "%(user)s cannot be %(roles)s at once: the system, security and audit "
                    "administrators are three different people (三员分立).",
                    user=user.name, roles=format_list(
                        self.env, [group.sudo().full_name for group in held])))
