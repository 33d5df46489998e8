from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools.convert import convert_file

# Odoo's own demo accounts, created by base's demo data: login demo and login portal
ODOO_DEMO_ACCOUNTS = {"base.user_demo": "demo", "base.demo_user0": "portal"}


@tagged("post_install", "-at_install")
class TestOdooDemoAccounts(TransactionCase):
    """Our demo data (dawa_approval/demo/res_users_demo.xml) archives Odoo's demo accounts
    where they exist and does nothing where they do not.

    `./dawa test` installs without demo data, so these tests load that file themselves, the
    way Odoo loads demo data at install, once with the accounts missing and once with them
    present (made here when the database has no demo data).
    """

    def _load_our_demo_users(self):
        convert_file(self.env, "dawa_approval", "demo/res_users_demo.xml", {}, mode="init",
                     kind="demo")

    def _xmlid_records(self):
        return self.env["ir.model.data"].search([
            ("module", "=", "base"),
            ("name", "in", [xmlid.split(".")[1] for xmlid in ODOO_DEMO_ACCOUNTS]),
        ])

    def test_missing_accounts_are_not_created(self):
        self._xmlid_records().unlink()  # as in a database without base's demo data
        Users = self.env["res.users"].with_context(active_test=False)
        logins_before = Users.search_count([("login", "in", list(ODOO_DEMO_ACCOUNTS.values()))])
        self._load_our_demo_users()
        self.assertFalse(self._xmlid_records())
        self.assertEqual(
            Users.search_count([("login", "in", list(ODOO_DEMO_ACCOUNTS.values()))]),
            logins_before)
        self.assertTrue(self.env.ref("dawa_approval.user_clerk").active)

    def test_existing_accounts_are_archived(self):
        accounts = self.env["res.users"]
        for xmlid, login in ODOO_DEMO_ACCOUNTS.items():
            account = self.env.ref(xmlid, raise_if_not_found=False)
            if not account:  # no demo data: an account like base's, under base's xml id
                group = "base.group_portal" if login == "portal" else "base.group_user"
                account = new_test_user(self.env, login=login, groups=group)
                module, name = xmlid.split(".")
                self.env["ir.model.data"].create({
                    "module": module, "name": name, "model": "res.users", "res_id": account.id,
                })
            account.active = True
            accounts |= account
        self.assertEqual(accounts.mapped("login"), list(ODOO_DEMO_ACCOUNTS.values()))
        self._load_our_demo_users()
        self.assertEqual(accounts.mapped("active"), [False, False])
        self.assertTrue(self.env.ref("dawa_approval.user_clerk").active)
