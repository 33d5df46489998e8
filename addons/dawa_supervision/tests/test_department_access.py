from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.dawa_approval.tests.common import DawaCaseCommon, DawaCommon


@tagged("post_install", "-at_install")
class TestDepartmentAccess(DawaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dept_user = new_test_user(
            cls.env,
            login="test_dept_housing",
            groups="dawa_supervision.group_department_user",
            name="Housing Department User",
            dawa_agency_id=cls.housing.id,
        )
        # cls.item: a housing item, handled by the bureau, supervised by housing
        cls.water_item = cls._create_item(cls.water, name="Water intake permit")
        # supervised by housing although another department transferred it
        cls.water_item_housing = cls._create_item(
            cls.water, name="Water works in buildings", supervising_agency_id=cls.housing.id
        )
        # transferred by housing but supervised by water
        cls.housing_item_water = cls._create_item(
            cls.housing, name="Flood protection of sites", supervising_agency_id=cls.water.id
        )
        cls.seal = cls.env["dawa.seal"].create({
            "name": "Housing business seal", "code": "T-DEPT-SEAL", "kind": "department",
            "agency_id": cls.housing.id,
        })
        cls.agreement = cls.env["dawa.transfer.agreement"].create({
            "agency_id": cls.housing.id,
        })

    def test_sees_items_its_agency_supervises(self):
        Item = self.env["dawa.approval.item"].with_user(self.dept_user)
        visible = Item.search([])
        self.assertIn(self.item, visible)
        self.assertIn(self.water_item_housing, visible)
        self.assertNotIn(self.water_item, visible)
        self.assertNotIn(self.housing_item_water, visible)
        self.assertEqual(set(visible.sudo().mapped("supervising_agency_id")), {self.housing})
        self.assertEqual(
            visible, self.env["dawa.approval.item"].search(
                [("supervising_agency_id", "=", self.housing.id)]
            )
        )
        self.assertFalse(Item.search([("id", "=", self.water_item.id)]))
        self.assertEqual(
            self.item.with_user(self.dept_user).read(["name"])[0]["name"],
            "Construction works permit",
        )
        # the materials of its own items too
        self.assertEqual(
            len(self.item.material_ids.with_user(self.dept_user).read(["name"])), 3
        )

    def test_cannot_read_other_agencies_items(self):
        for item in (self.water_item, self.housing_item_water):
            with self.subTest(item=item.name):
                with self.assertRaises(AccessError):
                    item.with_user(self.dept_user).read(["name"])
                with self.assertRaises(AccessError):
                    item.material_ids.with_user(self.dept_user).read(["name"])
                self.env.invalidate_all()
                with self.assertRaises(AccessError):
                    item.with_user(self.dept_user).name  # noqa: B018

    def test_cannot_change_items(self):
        with self.assertRaises(AccessError):
            self.item.with_user(self.dept_user).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.item.material_ids[:1].with_user(self.dept_user).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["dawa.approval.item"].with_user(self.dept_user).create({
                "name": "Own item", "source_agency_id": self.housing.id,
            })
        with self.assertRaises(UserError):
            self.item.with_user(self.dept_user).action_suspend()
        self.assertEqual(self.item.name, "Construction works permit")

    def test_cannot_read_seals_or_agreements(self):
        for record in (self.seal, self.agreement):
            with self.subTest(model=record._name):
                with self.assertRaises(AccessError):
                    record.with_user(self.dept_user).read(["name"])
                with self.assertRaises(AccessError):
                    self.env[record._name].with_user(self.dept_user).search([])
        with self.assertRaises(AccessError):
            self.env["dawa.transfer.agreement.line"].with_user(self.dept_user).search([])


@tagged("post_install", "-at_install")
class TestDepartmentCaseAccess(DawaCaseCommon):
    """Department users never read a case, let alone an applicant's ID number or phone: what
    they supervise is pushed to them on a task (see test_supervision_push)."""

    def test_no_case_and_no_personal_data(self):
        dept_user = new_test_user(
            self.env, login="test_dept_case", groups="dawa_supervision.group_department_user",
            dawa_agency_id=self.housing.id)
        case = self._create_case()
        Case = self.env["dawa.approval.case"].with_user(dept_user)
        with self.assertRaises(AccessError):
            Case.search([])
        with self.assertRaises(AccessError):
            case.with_user(dept_user).read(["applicant_id_number", "applicant_phone"])
        with self.assertRaises(AccessError):
            self.env["dawa.approval.rectification"].with_user(dept_user).search([])
