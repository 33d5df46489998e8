from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestThreeAdministrators(HttpCase):
    """三员分立 (等保 2.0), tried over the web client's endpoint as each of the three: the
    system administrator (admin) once deleted and edited audit log lines and rules; now no
    user does, the security administrator alone manages users, groups and the password
    policy, and the audit administrator only reads the audit log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.admin = cls.env.ref("base.user_admin")
        cls.secadmin = new_test_user(cls.env, login="test_secadmin",
                                     groups="dawa_approval.group_security_admin")
        cls.auditor = new_test_user(cls.env, login="test_auditor",
                                    groups="dawa_approval.group_audit_admin")
        cls.seal_keeper = new_test_user(cls.env, login="test_roles_seal_keeper",
                                        groups="dawa_approval.group_seal_keeper")
        cls.clerk = new_test_user(cls.env, login="test_roles_clerk",
                                  groups="dawa_approval.group_window_clerk")
        # a change by a person, logged by the seals' audit rule
        cls.seal = cls.env["dawa.seal"].with_user(cls.seal_keeper).create({
            "name": "Audited seal", "code": "TEST-ROLES-SEAL", "kind": "agency",
            "agency_id": cls.env.ref("dawa_approval.agency_bureau").id})
        cls.log = cls.env["auditlog.log"].search([
            ("model_id.model", "=", "dawa.seal"), ("res_id", "=", cls.seal.id)])
        cls.rule = cls.env.ref("dawa_approval.auditlog_rule_seal")
        cls.retention_job = cls.env.ref("auditlog.ir_cron_auditlog_autovacuum")

    def setUp(self):
        super().setUp()
        self.assertEqual(len(self.log), 1)
        self.assertTrue(self.log.line_ids)
        self.assertEqual(self.rule.state, "subscribed")

    def _call(self, login, model, method, args, kwargs=None):
        self.authenticate(login, "admin" if login == "admin" else login)
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": model, "method": method, "args": args,
                "kwargs": {"context": {"lang": "en_US"}, **(kwargs or {})}})

    def _refused(self, login, model, method, args, kwargs=None):
        with self.subTest(login=login, model=model, method=method), \
                self.assertRaises(JsonRpcException):
            self._call(login, model, method, args, kwargs)

    def assertTrailIntact(self):
        self.env.invalidate_all()
        self.assertTrue(self.log.exists())
        self.assertTrue(self.log.line_ids)
        self.assertEqual(self.log.name, "Audited seal")
        self.assertEqual((self.rule.state, self.rule.log_unlink), ("subscribed", True))
        self.assertIn("autovacuum(190)", self.retention_job.code)

    def test_nobody_edits_or_deletes_the_audit_trail(self):
        line = self.log.line_ids[0]
        for login in ("admin", self.secadmin.login, self.auditor.login):
            self._refused(login, "auditlog.log.line", "unlink", [line.ids])
            self._refused(login, "auditlog.log.line", "write", [line.ids, {"new_value": "x"}])
            self._refused(login, "auditlog.log", "unlink", [self.log.ids])
            self._refused(login, "auditlog.log", "write", [self.log.ids, {"name": "x"}])
            self._refused(login, "auditlog.log", "create", [{
                "name": "forged", "model_id": self.log.model_id.id, "res_id": 1}])
            self._refused(login, "auditlog.rule", "write", [self.rule.ids, {"log_unlink": False}])
            self._refused(login, "auditlog.rule", "unsubscribe", [self.rule.ids])
            self._refused(login, "auditlog.rule", "unlink", [self.rule.ids])
            self._refused(login, "auditlog.autovacuum", "autovacuum", [0])
            self._refused(login, "ir.cron", "write", [self.retention_job.ids, {
                "code": "model.autovacuum(0)"}])
        self.assertTrailIntact()
        # and the seal's methods are still audited in this worker (nothing unpatched)
        self.seal.with_user(self.seal_keeper).name = "Audited seal, renamed"
        self.assertEqual(self.env["auditlog.log"].search_count([
            ("model_id.model", "=", "dawa.seal"), ("res_id", "=", self.seal.id)]), 2)

    def test_audit_administrator_reads_the_audit_log_and_nothing_else(self):
        login = self.auditor.login
        logs = self._call(login, "auditlog.log", "search_read",
                          [[("id", "=", self.log.id)], ["name", "method", "user_id"]])
        self.assertEqual(logs[0]["user_id"][0], self.seal_keeper.id)
        self.assertTrue(self._call(login, "auditlog.log.line.view", "search_read",
                                   [[("log_id", "=", self.log.id)], ["field_name"]]))
        self.assertTrue(self._call(login, "auditlog.rule", "search_read",
                                   [[("id", "=", self.rule.id)], ["name"]]))
        self._refused(login, "dawa.seal", "search_read", [[], ["name"]])
        self._refused(login, "res.users", "create", [{"name": "X", "login": "x_auditor"}])
        self._refused(login, "res.users", "write", [self.auditor.ids, {
            "groups_id": [Command.link(self.env.ref("base.group_system").id)]}])
        self.assertTrailIntact()

    def test_system_administrator_no_longer_reads_the_audit_log(self):
        for model in ("auditlog.log", "auditlog.log.line", "auditlog.log.line.view"):
            self._refused("admin", model, "search_read", [[], ["id"]])
        self._refused(self.secadmin.login, "auditlog.log", "search_read", [[], ["id"]])
        self._refused(self.secadmin.login, "auditlog.log.line.view", "search_read",
                      [[], ["id"]])

    def test_security_administrator_manages_users_groups_and_policy(self):
        login = self.secadmin.login
        clerk_group = self.env.ref("dawa_approval.group_window_clerk")
        user_id = self._call(login, "res.users", "create", [{
            "name": "New clerk", "login": "test_new_clerk",
            "groups_id": [Command.set([self.env.ref("base.group_user").id, clerk_group.id])]}])
        user = self.env["res.users"].browse(user_id)
        self.assertIn(clerk_group, user.groups_id)
        self._call(login, "res.users", "write", [[user_id], {"password": "NewClerk2026"}])
        self._call(login, "res.users", "write", [[user_id], {"active": False}])
        reviewer_group = self.env.ref("dawa_approval.group_reviewer")
        self._call(login, "res.groups", "write", [reviewer_group.ids, {
            "users": [Command.link(self.clerk.id)]}])
        self.assertIn(reviewer_group, self.clerk.groups_id)
        policy_id = self._call(login, "dawa.security.policy", "create", [{
            "password_minlength": 10, "login_cooldown_after": 3}])
        self._call(login, "dawa.security.policy", "action_save", [[policy_id]])
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("auth_password_policy.minlength"), "10")
        self.assertEqual(params.get_param("base.login_cooldown_after"), "3")
        # a weaker policy than 等保 2.0's is refused
        policy_id = self._call(login, "dawa.security.policy", "create", [{
            "password_minlength": 6}])
        self._refused(login, "dawa.security.policy", "action_save", [[policy_id]])
        self.assertEqual(params.get_param("auth_password_policy.minlength"), "10")
        # the security administrator does not run the system
        self._refused(login, "ir.config_parameter", "set_param", ["web.base.url", "x"])

    def test_system_administrator_no_longer_manages_users_nor_the_policy(self):
        self._refused("admin", "res.users", "create", [{"name": "X", "login": "x_admin"}])
        for vals in ({"groups_id": [Command.link(self.env.ref("base.group_system").id)]},
                     {"password": "Changed2026a"}, {"login": "renamed"}, {"active": False}):
            self._refused("admin", "res.users", "write", [self.clerk.ids, vals])
        self._refused("admin", "res.users", "write", [self.admin.ids, {
            "groups_id": [Command.link(self.env.ref("dawa_approval.group_audit_admin").id)]}])
        self._refused("admin", "res.groups", "write", [
            self.env.ref("dawa_approval.group_audit_admin").ids,
            {"users": [Command.link(self.admin.id)]}])
        self._refused("admin", "res.groups", "create", [{"name": "Shadow admins"}])
        self._refused("admin", "dawa.security.policy", "create", [{"password_minlength": 1}])
        self._refused("admin", "ir.config_parameter", "set_param",
                      ["base.login_cooldown_after", "0"])
        settings_id = self._call("admin", "res.config.settings", "create", [{
            "password_lower": 0}])
        self._refused("admin", "res.config.settings", "execute", [[settings_id]])
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("base.login_cooldown_after"), "5")
        self.assertEqual(params.get_param("password_security.lower"), "1")
        self.assertEqual(self.clerk.groups_id & self.env.ref("base.group_system"),
                         self.env["res.groups"])
        # his own settings still save when he leaves the policy alone; his own password
        # is still his own
        settings_id = self._call("admin", "res.config.settings", "create", [{}])
        self._call("admin", "res.config.settings", "execute", [[settings_id]])
        self._call("admin", "res.users", "preference_save", [[self.admin.id]])

    def test_nobody_holds_two_of_the_roles(self):
        system = self.env.ref("base.group_system")
        audit = self.env.ref("dawa_approval.group_audit_admin")
        for user, group in ((self.secadmin, system), (self.auditor, system),
                            (self.secadmin, audit), (self.admin, audit)):
            with self.subTest(user=user.login, group=group.name), self.assertRaisesRegex(
                    Exception, "三员分立"):
                with self.env.cr.savepoint():
                    user.write({"groups_id": [Command.link(group.id)]})
