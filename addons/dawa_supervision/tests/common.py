from odoo.tests import new_test_user

from odoo.addons.dawa_approval.tests.common import DawaCaseCommon

ID_NUMBER = "91211100MA0YJ1C45H"
PHONE = "13812345678"
# A Monday before National Day 2026: 10-01..07 off, Saturday 10-10 worked.
PUSH_DAY = "2026-09-28"


class DawaSupervisionCommon(DawaCaseCommon):
    """Department users of housing (two) and water (one), the bureau's agency seal, a
    supervision catalogue and helpers approving cases.

    Catalogue: ``cls.item`` (a housing item) is supervised by housing (first check within 10
    working days, commitment verified within 5) and by water (15 / 8); ``cls.water_item`` has
    no entry, so its own supervising department (water) receives it with the default limits.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dawa.holiday"]._seed_year(2026)

        def dept_user(login, agency):
            return new_test_user(
                cls.env, login=login, groups="dawa_supervision.group_department_user",
                name=login.replace("_", " ").title(), dawa_agency_id=agency.id)

        cls.housing_user = dept_user("test_dept_housing", cls.housing)
        cls.housing_user2 = dept_user("test_dept_housing2", cls.housing)
        cls.water_user = dept_user("test_dept_water", cls.water)
        cls.emergency = cls.env.ref("dawa_approval.agency_emergency")

        Seal = cls.env["dawa.seal"]
        Seal.search([("kind", "=", "agency"), ("state", "=", "in_use")]).state = "suspended"
        cls.agency_seal = Seal.create({
            "name": "Seal of the bureau", "code": "TEST-SEAL-AGENCY", "kind": "agency",
            "agency_id": cls.bureau.id, "state": "in_use",
        })

        cls.water_item = cls._create_item(cls.water, name="Water intake permit",
                                          code="TEST-WATER-001")
        cls.water_item.action_publish()
        cls.water_item.handling_agency_id = cls.bureau
        cls.item.commitment_allowed = True

        Catalog = cls.env["dawa.supervision.catalog"]
        cls.catalog_housing = Catalog.create({
            "item_id": cls.item.id, "agency_id": cls.housing.id, "check_code": "JG-ZJ-001",
            "first_check_days": 10, "verification_days": 5,
            "measure_ids": [(6, 0, [cls.env.ref("dawa_supervision.measure_site").id])],
        })
        cls.catalog_water = Catalog.create({
            "item_id": cls.item.id, "agency_id": cls.water.id, "check_code": "JG-SL-001",
            "first_check_days": 15, "verification_days": 8,
        })

    @classmethod
    def _approved_case(cls, items=None, mode="standard", **values):
        """A case of ``items`` approved by the approver (pushed on approval)."""
        case = cls._provide_all(cls._create_case(
            items=items, approval_mode=mode, licence_scope="Building 3, Xinxing Road",
            **values))
        case.with_user(cls.clerk).action_accept()
        cls._submit(case)
        case.with_user(cls.approver).action_approve()
        return case

    @classmethod
    def _tasks(cls, case, agency=None, kind="push"):
        domain = [("case_id", "=", case.id), ("kind", "=", kind)]
        if agency:
            domain.append(("agency_id", "=", agency.id))
        return cls.env["dawa.supervision.task"].search(domain)

    @classmethod
    def _done(cls, task, user, result="compliant", findings="Checked on site."):
        """``task`` started and done by ``user`` with ``result``; returns what action_done
        returned (the feedback form of a violation)."""
        task = task.with_user(user)
        task.action_start()
        task.write({"result": result, "findings": findings})
        return task.action_done()
