from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.dawa_staff import post_init_hook

# the demo users of the three add-ons (they exist only in a database with demo data,
# e.g. the one `./dawa run` creates; `./dawa test` installs without demo data)
DEMO_USERS = [
    "dawa_approval.user_clerk",
    "dawa_approval.user_reviewer",
    "dawa_approval.user_approver",
    "dawa_approval.user_sealkeeper",
    "dawa_approval.user_catalog",
    "dawa_approval.user_leader",
    "dawa_supervision.user_dept_housing",
    "dawa_supervision.user_dept_water",
]


@tagged("post_install", "-at_install")
class TestHrRights(TransactionCase):
    """Odoo's HR officer/administrator groups belong to our HR officers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.hr_groups = cls.env["res.users"]._dawa_staff_hr_groups()
        cls.hr_user_group = cls.env.ref("hr.group_hr_user")
        cls.hr_manager_group = cls.env.ref("hr.group_hr_manager")
        cls.officer_group = cls.env.ref("dawa_staff.group_hr_officer")
        cls.officer = new_test_user(cls.env, login="test_hr_officer",
                                    groups="dawa_staff.group_hr_officer")

    def assertNoHrGroup(self, users):
        for user in users:
            held = user.groups_id & self.hr_groups
            self.assertFalse(held, f"{user.login} holds {held.mapped('name')}")

    def test_hr_groups_are_odoo_officer_and_administrator(self):
        self.assertEqual(self.hr_groups, self.hr_user_group | self.hr_manager_group)

    def test_template_of_new_users_has_no_hr_group(self):
        template = self.env.ref("base.default_user")
        self.assertIn(self.env.ref("base.group_user"), template.groups_id)
        self.assertNoHrGroup(template)

    def test_users_created_later_get_no_hr_group(self):
        # as an administrator does in Settings: the form fills the groups from the template
        form = Form(self.env["res.users"], view="base.view_users_form")
        form.name = "New bureau clerk"
        form.login = "test_new_clerk"
        from_settings = form.save()
        self.assertIn(self.env.ref("base.group_user"), from_settings.groups_id)
        # create() without groups takes the template's groups
        by_create = self.env["res.users"].create({"name": "New colleague",
                                                  "login": "test_new_colleague"})
        self.assertIn(self.env.ref("base.group_user"), by_create.groups_id)
        by_helper = new_test_user(self.env, login="test_new_internal", groups="base.group_user")
        roles = [
            new_test_user(self.env, login=f"test_new_{xmlid.split('_', 2)[-1]}", groups=xmlid)
            for xmlid in (
                "dawa_approval.group_window_clerk", "dawa_approval.group_reviewer",
                "dawa_approval.group_approver", "dawa_approval.group_seal_keeper",
                "dawa_approval.group_catalog_admin", "dawa_approval.group_manager",
            )
        ]
        self.assertNoHrGroup(from_settings | by_create | by_helper)
        self.assertNoHrGroup(roles)

    def test_no_user_but_hr_officers_holds_an_hr_group(self):
        """Every user of the database (with demo data: the demo users above too) that is not
        an HR officer holds neither Odoo HR group."""
        others = self.env["res.users"].with_context(active_test=False).search([
            ("groups_id", "not in", self.officer_group.ids),
        ])
        self.assertTrue(others)
        self.assertNoHrGroup(others)
        for xmlid in DEMO_USERS:
            user = self.env.ref(xmlid, raise_if_not_found=False)
            if user:  # demo data installed
                self.assertIn(user, others)
        hr_demo = self.env.ref("dawa_staff.user_hr", raise_if_not_found=False)
        if hr_demo:
            self.assertIn(self.officer_group, hr_demo.groups_id)

    def test_install_revokes_what_hr_granted(self):
        """What Odoo's hr did at install (the template and every existing internal user made
        HR administrators) is undone by dawa_staff's post-install hook."""
        template = self.env.ref("base.default_user")
        clerk = new_test_user(self.env, login="test_hr_clerk",
                              groups="dawa_approval.group_window_clerk")
        internal = new_test_user(self.env, login="test_hr_internal", groups="base.group_user")
        officer_admin = new_test_user(self.env, login="test_hr_officer_admin",
                                      groups="dawa_staff.group_hr_officer")
        # where hr's install leaves them: its security data adds group_hr_manager to the
        # template, and Odoo adds what the template gains to every internal user
        (template | clerk | internal | officer_admin | self.officer).write({"groups_id": [
            Command.link(self.hr_manager_group.id)]})
        self.assertIn(self.hr_manager_group, clerk.groups_id)
        self.assertIn(self.hr_user_group, internal.groups_id)  # implied by the manager group

        post_init_hook(self.env)
        self.assertNoHrGroup(template | clerk | internal)
        self.assertIn(self.hr_manager_group, officer_admin.groups_id)  # an officer keeps his
        self.assertIn(self.hr_user_group, self.officer.groups_id)
        self.assertFalse(self.env["res.users"]._dawa_staff_revoke_hr_groups())  # nothing left

    def test_hr_officer_manages_employees(self):
        self.assertIn(self.hr_user_group, self.officer.groups_id)
        self.assertNotIn(self.hr_manager_group, self.officer.groups_id)
        Employee = self.env["hr.employee"].with_user(self.officer)
        employee = Employee.create({"name": "Seconded clerk"})
        employee.write({"job_title": "Window clerk"})
        department = self.env["hr.department"].with_user(self.officer).create(
            {"name": "Window service"})
        department.write({"name": "Window service desk"})
        employee.write({"department_id": department.id})
        self.assertEqual(employee.department_id.name, "Window service desk")

    def test_bureau_user_cannot_touch_employees_or_departments(self):
        clerk = new_test_user(self.env, login="test_hr_clerk_rights",
                              groups="dawa_approval.group_window_clerk")
        employee = self.env["hr.employee"].create({"name": "Seconded reviewer"})
        department = self.env["hr.department"].create({"name": "Review"})
        with self.assertRaises(AccessError):
            self.env["hr.employee"].with_user(clerk).create({"name": "Self-made employee"})
        with self.assertRaises(AccessError):
            employee.with_user(clerk).write({"job_title": "Leader"})
        with self.assertRaises(AccessError):
            department.with_user(clerk).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["hr.department"].with_user(clerk).create({"name": "Own department"})
        # reading the departments stays possible (employee directory, org chart)
        self.assertEqual(department.with_user(clerk).read(["name"])[0]["name"], "Review")
