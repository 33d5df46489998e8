"""等保 2.0 basics with OCA's add-ons (auditlog, password_security, auth_session_timeout) and
Odoo's login cooldown, as configured by data/dawa_security_data.xml."""

from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL, config

from .common import DawaCaseCommon, DawaCommon


def _policy_enforced():
    """password_security checks passwords in test runs only for its own tests (its
    _check_password_policy returns early when config["test_enable"] is set): switch that flag
    off around the calls that must meet the policy as in production."""
    return patch.dict(config.options, {"test_enable": False})


@tagged("post_install", "-at_install")
class TestAuditLog(DawaCaseCommon):
    """Every change to the bureau's records leaves an audit line, whatever the context says."""

    def _logs(self, record, method):
        return self.env["auditlog.log"].search([
            ("model_id.model", "=", record._name), ("res_id", "=", record.id),
            ("method", "=", method),
        ])

    def test_write_without_tracking_is_audited(self):
        case = self._create_case(applicant_name="Audit Test Co")
        self.assertEqual(len(self._logs(case, "create")), 1)
        self.assertTrue(self.env.context.get("tracking_disable"), "common.py disables tracking")
        before = self._logs(case, "write")  # the creation's own follow-up writes
        case.with_user(self.clerk).with_context(tracking_disable=True).write(
            {"applicant_name": "Audit Test Co, Ltd."})
        self.assertFalse(case.message_ids.tracking_value_ids, "no tracking in the chatter")
        log = self._logs(case, "write") - before
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.clerk)
        line = log.line_ids.filtered(lambda line: line.field_name == "applicant_name")
        self.assertEqual(line.new_value, "Audit Test Co, Ltd.")  # a "fast" log: what was written

    def test_item_create_write_unlink_are_audited(self):
        item = self.env["dawa.approval.item"].with_user(self.catalog_admin).create({
            "name": "Audited item", "source_agency_id": self.housing.id,
            "legal_basis": "Administrative Licensing Law, art. 12", "statutory_days": 20,
            "promised_days": 5, "material_ids": [Command.create({"name": "Application form"})],
        })
        item.with_context(tracking_disable=True, mail_notrack=True).write({"promised_days": 2})
        material = item.material_ids
        material_id = material.id
        material.with_context(tracking_disable=True).unlink()
        item_logs = self._logs(item, "create") | self._logs(item, "write")
        self.assertEqual(sorted(item_logs.mapped("method")), ["create", "write"])
        material_logs = self.env["auditlog.log"].search([
            ("model_id.model", "=", "dawa.approval.item.material"),
            ("res_id", "=", material_id)])
        self.assertEqual(sorted(material_logs.mapped("method")), ["create", "unlink"])
        self.assertEqual((item_logs | material_logs).user_id, self.catalog_admin)

    def test_audited_models(self):
        rules = self.env["auditlog.rule"].search([("state", "=", "subscribed")])
        models = set(rules.mapped("model_id.model"))
        for name in ("dawa.approval.case", "dawa.approval.case.line",
                     "dawa.approval.case.material", "dawa.seal", "dawa.transfer.agreement",
                     "dawa.approval.item"):
            self.assertIn(name, models)
        for rule in rules.filtered(lambda rule: rule.model_id.model.startswith("dawa.")):
            self.assertTrue(rule.log_create and rule.log_write and rule.log_unlink, rule.name)

    def test_logs_kept_at_least_six_months(self):
        cron = self.env.ref("auditlog.ir_cron_auditlog_autovacuum")
        self.assertTrue(cron.active)
        case = self._create_case(applicant_name="Retention Test Co")
        log = self._logs(case, "create")
        Log = self.env["auditlog.log"]
        older = Log.create({"name": "old", "model_id": log.model_id.id, "res_id": case.id,
                            "method": "write", "user_id": self.env.uid})
        now = datetime(2026, 7, 1, 12, 0)
        # six calendar months back (184 days at most) are kept; 200 days back are gone
        self.env.cr.execute(SQL(
            "UPDATE auditlog_log SET create_date = %s WHERE id = %s",
            now - timedelta(days=184), log.id))
        self.env.cr.execute(SQL(
            "UPDATE auditlog_log SET create_date = %s WHERE id = %s",
            now - timedelta(days=200), older.id))
        Log.invalidate_model()
        with freeze_time(now):
            cron.method_direct_trigger()
        self.assertTrue(log.exists())
        self.assertFalse(older.exists())


@tagged("post_install", "-at_install")
class TestPasswordPolicy(DawaCommon):
    """At least 8 characters with a lower case letter, an upper case letter and a digit; no reuse
    of the last 5; expiry after 90 days; idle sessions end after 30 minutes."""

    def test_weak_passwords_refused(self):
        user = self.clerk.with_user(self.clerk)
        with _policy_enforced():
            for weak in ("Ab1defg", "alllower1case", "ALLUPPER1CASE", "NoDigitsHere", "12345678"):
                with self.assertRaises(UserError, msg=weak):  # ValidationError included
                    user.change_password("test_clerk", weak)
            # nor by an administrator writing it
            with self.assertRaises(UserError):
                self.clerk.sudo().password = "clerk"
            user.change_password("test_clerk", "Window2026a")
        self.assertTrue(self.clerk.password_write_date)

    def test_last_five_passwords_not_reused(self):
        user = self.clerk.with_user(self.clerk)
        with _policy_enforced():
            old = "test_clerk"
            for new in ("Window2026a", "Window2026b"):
                user.change_password(old, new)
                old = new
            with self.assertRaisesText(UserError, "5"):
                user.change_password(old, "Window2026a")

    def test_password_expires_after_90_days(self):
        with freeze_time("2026-03-01 09:00:00"):
            with _policy_enforced():
                self.clerk.with_user(self.clerk).change_password("test_clerk", "Window2026a")
        with freeze_time("2026-05-29 09:00:00"):  # 89 days
            self.assertFalse(self.clerk._password_has_expired())
        with freeze_time("2026-06-01 09:00:00"):  # 92 days
            self.assertTrue(self.clerk._password_has_expired())

    def test_expired_password_is_changed_not_locked(self):
        """At the login of an expired password, password_security logs the user out and sends
        them to this address: the page where they choose a new password (no lock-out)."""
        with freeze_time("2026-03-01 09:00:00"), _policy_enforced():
            self.clerk.with_user(self.clerk).change_password("test_clerk", "Window2026a")
        with freeze_time("2026-06-01 09:00:00"):
            clerk = self.clerk.with_user(self.clerk)
            self.assertTrue(clerk._password_has_expired())
            clerk.action_expire_password()
            url = clerk.partner_id._get_signup_url()
        self.assertIn("/web/reset_password?", url)
        self.assertIn("token=", url)
        # nobody expires somebody else's password without the right to edit users' contacts
        with self.assertRaises(AccessError):
            self.reviewer.with_user(self.clerk).action_expire_password()

    def test_idle_session_timeout_is_30_minutes(self):
        params = self.env["ir.config_parameter"]
        self.assertEqual(params._auth_timeout_get_parameter_delay(), 30 * 60)


@tagged("post_install", "-at_install")
class TestLoginCooldown(DawaCommon, HttpCase):
    """The login cooldown: after five wrong passwords in a row from an address, the next try
    is refused (even with the right password) until ten minutes after the last failure. The
    failures are counted in the database (models/dawa_login_failure.py): see
    test_login_limits.py for the workers and the other accounts."""

    def _login(self, password):
        return self.make_jsonrpc_request("/web/session/authenticate", {
            "db": self.env.cr.dbname, "login": "test_clerk", "password": password})

    def _refused_login(self, password):
        """The error of a refused login. (Not assertRaises: Odoo's rolls back a savepoint
        of the test's transaction, and the failure counted in it with it.)"""
        try:
            self._login(password)
        except JsonRpcException as error:
            return str(error)
        self.fail("the login was not refused")

    def test_fifth_failure_blocks_the_next_try(self):
        self.assertEqual(self._login("test_clerk")["uid"], self.clerk.id)
        for _attempt in range(5):
            self.assertIn("AccessDenied", self._refused_login("not-the-password"))
        with self.assertLogs("odoo.addons.dawa_approval.models.res_users",
                             "WARNING") as logs:
            self._refused_login("test_clerk")  # the right password, refused
        self.assertIn("Login attempt refused", logs.output[0])
        with freeze_time(datetime.now() + timedelta(minutes=11)):
            self.assertEqual(self._login("test_clerk")["uid"], self.clerk.id)

