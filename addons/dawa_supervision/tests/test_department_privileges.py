from unittest import SkipTest

from odoo.exceptions import AccessDenied, AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestDepartmentPrivileges(HttpCase):
    """A department user supervises: no HR rights, no employee records to change, no app store.
    Every path is tried as the department user, over the ORM and over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "hr.employee" not in cls.env:  # dawa_supervision does not need hr; dawa_staff does
            raise SkipTest("Odoo's hr is not installed")
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.dept_user = new_test_user(
            cls.env,
            login="test_dept_privileges",
            groups="dawa_supervision.group_department_user",
            dawa_agency_id=cls.env.ref("dawa_approval.agency_housing").id,
        )
        # the department user's own employee record and a colleague's
        cls.own_employee = cls.env["hr.employee"].create({
            "name": "Housing inspector", "user_id": cls.dept_user.id,
        })
        cls.colleague = cls.env["hr.employee"].create({"name": "Water inspector"})
        cls.apps_menu = cls.env.ref("base.menu_management")

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {},
        })

    def test_no_hr_group(self):
        hr_groups = self.env.ref("hr.group_hr_user") | self.env.ref("hr.group_hr_manager")
        self.assertFalse(self.dept_user.groups_id & hr_groups)
        self.assertFalse(self.dept_user.has_group("hr.group_hr_user"))

    def test_cannot_create_or_edit_employees(self):
        Employee = self.env["hr.employee"].with_user(self.dept_user)
        with self.assertRaises(AccessError):
            Employee.create({"name": "Self-made employee"})
        for employee in (self.own_employee, self.colleague):
            with self.subTest(employee=employee.name), self.assertRaises(AccessError):
                employee.with_user(self.dept_user).write({"job_title": "Director"})
        with self.assertRaises(AccessError):
            self.colleague.with_user(self.dept_user).unlink()
        if "hr.department" in self.env:
            department = self.env["hr.department"].create({"name": "Inspection"})
            with self.assertRaises(AccessError):
                department.with_user(self.dept_user).write({"manager_id": self.own_employee.id})
        self.assertFalse(self.own_employee.job_title)

    def test_cannot_create_or_edit_employees_over_rpc(self):
        self.authenticate(self.dept_user.login, self.dept_user.login)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call_kw("hr.employee", "create", [{"name": "Self-made employee"}])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call_kw("hr.employee", "write",
                          [[self.own_employee.id, self.colleague.id], {"job_title": "Director"}])
        self.assertFalse(self.own_employee.job_title)
        self.assertFalse(self.env["hr.employee"].search([("name", "=", "Self-made employee")]))

    def test_no_app_store(self):
        self.assertEqual(self.apps_menu.groups_id, self.env.ref("base.group_system"))
        self.assertFalse(self.dept_user.has_group("base.group_system"))
        Menu = self.env["ir.ui.menu"].with_user(self.dept_user)
        for debug in (False, True):
            with self.subTest(debug=debug):
                visible = Menu._visible_menu_ids(debug=debug)
                self.assertNotIn(self.apps_menu.id, visible)
                self.assertNotIn(self.env.ref("base.menu_module_tree").id, visible)
                self.assertNotIn(self.apps_menu.id, Menu.load_menus(debug))
        Module = self.env["ir.module.module"].with_user(self.dept_user)
        with self.assertRaises(AccessError):
            Module.search([])
        hr_module = self.env["ir.module.module"].search([("name", "=", "hr")])
        with self.assertRaises(AccessDenied):  # ir.module.module's buttons: administrators only
            hr_module.with_user(self.dept_user).button_immediate_uninstall()

    def test_no_app_store_over_http(self):
        self.authenticate(self.dept_user.login, self.dept_user.login)
        menus = self.url_open("/web/webclient/load_menus/test").json()
        self.assertNotIn(str(self.apps_menu.id), menus)
        self.assertNotIn(self.apps_menu.id, menus["root"]["children"])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call_kw("ir.module.module", "web_search_read", [],
                          {"domain": [], "specification": {"name": {}, "state": {}}})
        hr_module = self.env["ir.module.module"].search([("name", "=", "hr")])
        with self.assertRaisesRegex(JsonRpcException, "AccessDenied"):
            self._call_kw("ir.module.module", "button_immediate_uninstall", [hr_module.ids])
        self.assertEqual(hr_module.state, "installed")
