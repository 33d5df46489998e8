from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.dawa_approval.tests.common import DawaCaseCommon

PROJECT_CODE = "2026-211104-59-03-001052"
BUILDER_USCC = "91211104MA0Q8K3L2L"
# A Monday of November 2026, no holiday in the weeks after it.
APPLY_DAY = "2026-11-02"


class DawaProjectCommon(DawaCaseCommon):
    """Two helpers, a flow of three items in stage 1 and two in stage 2 (each with the
    builder's licence, handed in once), and a helper creating projects."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dawa.holiday"]._seed_year(2026)
        cls.helper = new_test_user(
            cls.env, login="test_helper", groups="dawa_project.group_project_helper",
            name="Test Helper", dawa_agency_id=cls.bureau.id)
        cls.helper2 = new_test_user(
            cls.env, login="test_helper2", groups="dawa_project.group_project_helper",
            name="Test Helper Two", dawa_agency_id=cls.bureau.id)

        def item(name, code, agency, statutory=20, promised=5):
            record = cls._create_item(
                agency, name=name, code=code, statutory_days=statutory, promised_days=promised,
                material_ids=[
                    Command.create({"name": "Application form", "sequence": 1}),
                    Command.create({"name": "Business licence", "sequence": 2,
                                    "reusable": True}),
                ])
            record.action_publish()
            record.handling_agency_id = cls.bureau
            return record

        cls.stage1_items = cls.env["dawa.approval.item"].union(*(
            item(f"Stage one item {index}", f"TEST-PRJ-1-{index}", cls.water)
            for index in range(1, 7)))
        cls.stage2_items = cls.env["dawa.approval.item"].union(*(
            item(f"Stage two item {index}", f"TEST-PRJ-2-{index}", cls.housing)
            for index in range(1, 3)))
        cls.flow = cls.env["dawa.project.flow"].create({
            "name": "General social investment",
            "kind": "3",
            "target_days": 30,
            "stage_line_ids": [
                Command.create({"stage": "1", "days": 10,
                                "item_ids": [Command.set(cls.stage1_items.ids)]}),
                Command.create({"stage": "2", "days": 10,
                                "item_ids": [Command.set(cls.stage2_items.ids)]}),
            ],
        })

    @classmethod
    def _create_project(cls, user=None, **values):
        vals = {
            "code": PROJECT_CODE,
            "name": "Cold storage warehouse",
            "builder_name": "Panjin Cold Chain Logistics Co., Ltd.",
            "builder_uscc": BUILDER_USCC,
            "contact_phone": "13704279012",
            "flow_id": cls.flow.id,
            **values,
        }
        return cls.env["dawa.project"].with_user(user or cls.clerk).create(vals)

    @classmethod
    def _create_stage(cls, project, stage="1", items=None, user=None):
        items = cls.stage1_items[:2] if items is None else items
        return cls.env["dawa.project.stage"].with_user(user or cls.clerk).create({
            "project_id": project.id, "stage": stage, "item_ids": [Command.set(items.ids)]})

    @classmethod
    def _apply(cls, project, stage="1", items=None, user=None):
        record = cls._create_stage(project, stage, items, user)
        record.action_apply()
        return record.with_env(cls.env)

    @classmethod
    def _approve(cls, cases):
        """Accept, review and approve ``cases`` (every material provided)."""
        for case in cases:
            cls._provide_all(case)
        cases.with_user(cls.clerk).action_accept()
        for case in cases:
            cls._submit(case)
        cases.with_user(cls.approver).action_approve()
        return cases


class DawaProjectAcceptanceCommon(DawaProjectCommon):
    """A flow whose stage 4 (completion acceptance) holds two housing items, department users
    of housing (two) and water, and a project of that flow with its stage 4 applied for."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def dept_user(login, agency):
            return new_test_user(
                cls.env, login=login, groups="dawa_supervision.group_department_user",
                name=login.replace("_", " ").title(), dawa_agency_id=agency.id)

        cls.housing_user = dept_user("test_prj_dept_housing", cls.housing)
        cls.housing_user2 = dept_user("test_prj_dept_housing2", cls.housing)
        cls.water_user = dept_user("test_prj_dept_water", cls.water)
        items = cls.env["dawa.approval.item"]
        for index in (1, 2):
            item = cls._create_item(cls.housing, name=f"Completion item {index}",
                                    code=f"TEST-PRJ-4-{index}")
            item.action_publish()
            item.handling_agency_id = cls.bureau
            items |= item
        cls.stage4_items = items
        cls.flow.stage_line_ids[1].days = 5
        cls.flow.write({"stage_line_ids": [Command.create({
            "stage": "4", "days": 10, "item_ids": [Command.set(items.ids)]})]})

    @classmethod
    def _acceptance(cls, project, agencies=None, stage=None):
        """A draft joint acceptance of ``project``'s stage 4 asking ``agencies``."""
        stage = stage or project.stage_ids.filtered(lambda s: s.stage == "4")
        agencies = agencies or (cls.housing | cls.water)
        return cls.env["dawa.joint.acceptance"].with_user(cls.clerk).create({
            "project_id": project.id,
            "stage_id": stage.id,
            "opinion_ids": [Command.create({"agency_id": agency.id, "scope": "Acceptance"})
                            for agency in agencies],
        })

    @classmethod
    def _answer(cls, opinion, user, result="pass", note="Checked on the site."):
        opinion.with_user(user).write({"result": result, "note": note})
        opinion.with_user(user).action_answer()
