from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import APPLY_DAY, DawaProjectCommon


@tagged("post_install", "-at_install")
class TestMaterialReuse(DawaProjectCommon):
    """一套材料: the builder's licence handed in for the project is not asked again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(APPLY_DAY):
            cls.project = cls._create_project()
            cls.first = cls._apply(cls.project, items=cls.stage1_items[:1])
        cls.source_case = cls.first.case_ids
        cls.source_case.material_ids.write({"provided": True})

    def _licence(self, case):
        return case.material_ids.filtered(lambda m: m.name == "Business licence")

    def test_material_handed_in_once_is_reused(self):
        with freeze_time("2026-11-03"):
            second = self._apply(self.project, "2", self.stage2_items)
        for case in second.case_ids:
            licence = self._licence(case)
            self.assertTrue(licence.reused)
            self.assertTrue(licence.provided)
            self.assertEqual(licence.reuse_source_case_id, self.source_case)
            self.assertEqual(case.reused_material_count, 1)
            # an application form is asked for every case
            form = case.material_ids.filtered(lambda m: m.name == "Application form")
            self.assertFalse(form.reused)
            self.assertFalse(form.provided)
            self.assertEqual(case.missing_material_count, 1)

    def test_not_provided_not_reused_and_other_projects_apart(self):
        self.source_case.material_ids.write({"provided": False})
        with freeze_time("2026-11-03"):
            second = self._apply(self.project, "2", self.stage2_items[:1])
        self.assertFalse(self._licence(second.case_ids).reused)
        self.source_case.material_ids.write({"provided": True})
        with freeze_time("2026-11-03"):
            other = self._create_project(code="2026-211104-59-03-009999")
            stage = self._apply(other, "2", self.stage2_items[:1])
        self.assertFalse(self._licence(stage.case_ids).reused)

    def test_withdrawn_source_or_expired_copy_not_reused(self):
        licences = self.stage2_items.material_ids.filtered(lambda m: m.name == "Business licence")
        licences.reuse_months = 6
        self.project.works_ids = [
            (0, 0, {"name": "Cold store 1"}), (0, 0, {"name": "Cold store 2"})]
        first_works, second_works = self.project.works_ids
        with freeze_time("2027-05-03"):
            second = self._create_stage(self.project, "2", self.stage2_items[:1])
            second.works_id = first_works
            second.action_apply()
        self.assertFalse(self._licence(second.case_ids).reused)
        licences.reuse_months = 0
        self.source_case.with_user(self.clerk).withdrawal_reason = "The builder takes it back."
        self.source_case.with_user(self.clerk).action_withdraw()
        with freeze_time("2027-05-03"):
            third = self._create_stage(self.project, "2", self.stage2_items[1:])
            third.works_id = second_works
            third.action_apply()
        self.assertFalse(self._licence(third.case_ids).reused)

    def test_window_asks_again_with_a_reason(self):
        with freeze_time("2026-11-03"):
            second = self._apply(self.project, "2", self.stage2_items[:1])
        case = second.case_ids
        licence = self._licence(case).with_user(self.clerk)
        with self.assertRaisesText(UserError, "Write why"):
            licence.action_ask_again()
        licence.reuse_refusal_reason = "The licence changed its registered address."
        with self.assertRaisesText(UserError, "Only"):
            licence.with_user(self.helper).action_ask_again()
        licence.action_ask_again()
        self.assertFalse(licence.reused)
        self.assertFalse(licence.provided)
        self.assertTrue(licence.reuse_refused)
        self.assertFalse(licence.reuse_source_case_id)
        self.assertIn("registered address", case.message_ids[0].body)
        # a later change of the items does not reuse it again
        case.invalidate_recordset()
        case._reuse_project_materials()
        self.assertFalse(licence.reused)
        with self.assertRaisesText(UserError, "not reused"):
            licence.action_ask_again()

    def test_reuse_flags_written_by_the_project_only(self):
        with freeze_time("2026-11-03"):
            second = self._apply(self.project, "2", self.stage2_items[:1])
        form = second.case_ids.material_ids.filtered(lambda m: m.name == "Application form")
        for vals in ({"reused": True}, {"reuse_source_case_id": self.source_case.id},
                     {"reuse_refused": True}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                form.with_user(self.clerk).write(vals)
        self.assertFalse(form.reused)
        # the reason is the window's
        form.with_user(self.clerk).write({"reuse_refusal_reason": "n/a", "provided": True})
        self.assertTrue(form.provided)
