"""The letter of the law on a case: 行政许可法 §32 (no refusal of acceptance once deemed
accepted), §42 (extension by the head of the bureau, the district government's approval of a
joint handling), §26 with §42 ¶2 (45 working days only for a joint handling), §45 (special
procedures of its kinds, their declared time, the notice) — each allowed and refused per role,
and over the direct write path.

Dates counted by hand on the 2026 arrangement (10-01..07 off, Saturday 10-10 worked)."""

import importlib.util
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import file_path

from ..models.dawa_approval_item_procedure import PROCEDURE_KINDS
from .test_case_dates import DawaDatesCommon


@tagged("post_install", "-at_install")
class TestNotAcceptedAfterDeemedAcceptance(DawaDatesCommon):
    """§32 ¶1 (4): without a correction notice within 5 working days the application is
    accepted from the day of receipt: it can no longer be refused acceptance, only decided."""

    def _refusable(self, day="2026-09-28"):
        return self._received_case(day, decision_note="Not within the bureau's powers.")

    def test_refused_acceptance_within_five_working_days(self):
        case = self._refusable()
        with freeze_time("2026-10-10"):  # the 5th working day (a worked Saturday)
            case.with_user(self.clerk).action_not_accept()
        self.assertEqual((case.state, case.decision), ("not_accepted", "not_accepted"))

    def test_no_refusal_once_deemed_accepted_for_any_role(self):
        case = self._refusable()
        for user in (self.clerk, self.approver, self.manager):
            with self.subTest(user=user.login), freeze_time("2026-10-12"), \
                    self.assertRaisesText(UserError, case.name, "art. 32", "no longer be "
                                          "refused acceptance", "art. 38, paragraph 2"):
                case.with_user(user).action_not_accept()
        self.assertEqual(case.state, "received")
        self.assertFalse(case.decision)
        self._cron("2026-10-12")
        self.assertTrue(case.deemed_accepted)
        with freeze_time("2026-10-13"), self.assertRaisesText(UserError, "art. 32"):
            case.with_user(self.clerk).action_not_accept()
        # nor by writing the outcome directly
        for values in ({"state": "not_accepted"}, {"decision": "not_accepted"}):
            with self.subTest(values=values), self.assertRaises(UserError):
                case.with_user(self.manager).write(values)
        self.assertEqual(case.state, "received")

    def test_deemed_case_is_decided_by_a_denial(self):
        case = self._refusable()
        with freeze_time("2026-10-12"):
            case.with_user(self.clerk).action_accept()
            self._submit(case)
            case.with_user(self.approver).action_deny()
        self.assertEqual((case.state, case.deemed_accepted), ("denied", True))

    def test_correction_notice_in_time_keeps_the_refusal_open(self):
        case = self._refusable()
        case.correction_note = "Sign every page."
        with freeze_time("2026-09-30"):
            case.with_user(self.clerk).action_request_correction()
        with freeze_time("2026-10-20"):
            case.with_user(self.clerk).action_not_accept()
        self.assertEqual(case.state, "not_accepted")


@tagged("post_install", "-at_install")
class TestJointHandling(DawaDatesCommon):
    """§42 ¶2 with §26: 45 working days for a case handled 统一/联合/集中 — items of two
    original departments or more, or a leader's mark with a reason; not for two items of one
    department."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.housing_item = cls._create_item(cls.housing, code="TEST-HOUSING-002",
                                            statutory_days=20)
        cls.housing_item.action_publish()
        cls.housing_item.handling_agency_id = cls.bureau

    def test_two_items_of_one_department_are_not_joint(self):
        case = self._accepted_case("2026-09-28", items=self.item | self.housing_item)
        self.assertTrue(case.is_joint, "two items at one window")
        self.assertFalse(case.joint_handling)
        self.assertEqual(case.statutory_days, 20, "the longest of the items (§42 ¶1)")
        case.extension_reason = "The fire brigade's opinion is awaited."
        with freeze_time("2026-10-20"):
            case.with_user(self.manager).action_extend()
        self.assertEqual(case.extended_days, 10, "no district government approval needed")

    def test_items_of_two_departments_are_joint(self):
        case = self._accepted_case("2026-09-28", items=self.item | self.instant_item)
        self.assertTrue(case.joint_handling)
        self.assertEqual(case.statutory_days, 45)

    def test_leader_marks_a_joint_handling_with_a_reason(self):
        case = self._accepted_case("2026-09-28", items=self.item | self.housing_item)
        with freeze_time("2026-09-29"), self.assertRaisesText(UserError, "handled jointly"):
            case.with_user(self.manager).action_mark_joint_handling()
        case.joint_handling_reason = "Unified handling with the district's land survey."
        for user in (self.clerk, self.reviewer, self.approver, self.catalog_admin):
            with self.subTest(user=user.login), freeze_time("2026-09-29"), \
                    self.assertRaisesText(UserError, "Bureau Manager"):
                case.with_user(user).action_mark_joint_handling()
        self.assertFalse(case.joint_handling)
        with freeze_time("2026-09-29"):
            case.with_user(self.manager).action_mark_joint_handling()
        self.assertTrue(case.joint_handling)
        self.assertEqual(case.statutory_days, 45)
        self.assertEqual((case.joint_handling_user_id, case.joint_handling_date),
                         (self.manager, date(2026, 9, 29)))
        self.assertIn(case.joint_handling_reason, case.message_ids[0].body)
        with freeze_time("2026-09-30"), self.assertRaisesText(UserError, "already marked"):
            case.with_user(self.manager).action_mark_joint_handling()
        with self.assertRaisesText(UserError, "can no longer be changed"):
            case.with_user(self.manager).joint_handling_reason = "Another reason."

    def test_joint_fields_refused_on_direct_write(self):
        case = self._accepted_case("2026-09-28", items=self.item | self.housing_item)
        for user in (self.clerk, self.approver, self.manager):
            for values in ({"joint_handling_marked": True}, {"joint_handling": True},
                           {"joint_handling_user_id": user.id},
                           {"joint_handling_date": "2026-09-29"}, {"statutory_days": 45}):
                with self.subTest(user=user.login, values=values), \
                        self.assertRaises(UserError):
                    case.with_user(user).write(values)
        with self.assertRaises(UserError):
            self._create_case(joint_handling_marked=True)
        self.assertEqual((case.joint_handling, case.statutory_days), (False, 20))

    def test_recorded_extension_cannot_be_rewritten(self):
        case = self._accepted_case("2026-09-28", items=self.item | self.instant_item,
                                   extension_reason="Joint site survey.",
                                   extension_government_ref="大洼政批〔2026〕12号")
        with freeze_time("2026-10-20"):
            case.with_user(self.manager).action_extend()
        for values in ({"extension_reason": "Something else."},
                       {"extension_government_ref": "大洼政批〔2026〕99号"}):
            with self.subTest(values=values), self.assertRaisesText(
                    UserError, "can no longer be changed"):
                case.with_user(self.manager).write(values)
        self.assertEqual(case.extension_government_ref, "大洼政批〔2026〕12号")


@tagged("post_install", "-at_install")
class TestSpecialProcedure(DawaDatesCommon):
    """§45: a suspension names one of the procedures its items declare, of the kinds of §45,
    for at most their declared working days unless a bureau leader extends it with a reason;
    the applicant is told the time in writing (特别程序告知书)."""

    def _under_review(self):
        case = self._accepted_case("2026-09-28")
        with freeze_time("2026-09-28"):
            case.with_user(self.reviewer).action_start_review()
        return case

    def _suspended(self):
        case = self._under_review()
        case.suspension_procedure_id = self.hearing
        with freeze_time("2026-09-29"):
            case.with_user(self.reviewer).action_suspend()
        return case

    def test_kinds_are_those_of_article_45(self):
        self.assertEqual([key for key, _label in PROCEDURE_KINDS], [
            "hearing", "tendering", "auction", "inspection", "testing", "quarantine",
            "appraisal", "expert_review"])
        for kind in ("public_notice", "other"):
            with self.subTest(kind=kind), self.assertRaises(ValueError):
                self.item.write({"special_procedure_ids": [Command.create({
                    "kind": kind, "name": "Publicity", "max_days": 5})]})

    def test_suspension_names_a_declared_procedure(self):
        case = self._under_review()
        with freeze_time("2026-09-29"), self.assertRaisesText(UserError, "choose the special"):
            case.with_user(self.reviewer).action_suspend()
        other = self._create_item(self.water, code="TEST-WATER-PROC", special_procedure_ids=[
            Command.create({"kind": "testing", "name": "Water quality test", "max_days": 10})])
        case.suspension_procedure_id = other.special_procedure_ids
        with freeze_time("2026-09-29"), self.assertRaisesText(UserError, "not one of those"):
            case.with_user(self.reviewer).action_suspend()
        undeclared = self.env["dawa.approval.item.procedure"].create({
            "item_id": self.item.id, "kind": "appraisal", "name": "Appraisal", "max_days": 0})
        case.suspension_procedure_id = undeclared
        with freeze_time("2026-09-29"), self.assertRaisesText(UserError, "declares no time"):
            case.with_user(self.reviewer).action_suspend()
        self.assertEqual(case.state, "review")
        case.suspension_procedure_id = self.hearing
        with freeze_time("2026-09-29"), self.assertRaisesText(UserError, "Reviewer"):
            case.with_user(self.clerk).action_suspend()
        with freeze_time("2026-09-29"):
            case.with_user(self.reviewer).action_suspend()
        self.assertEqual(case.state, "suspended")
        # 20 working days from 09-29: 09-30, 10-08..10 (Saturday worked), ... 11-02
        self.assertEqual((case.procedure_allowed_days, case.procedure_end_date),
                         (20, date(2026, 11, 2)))
        self.assertRegex(case.suspension_ref, r"^大洼审批特字〔2026〕\d+号$")
        self.assertIn("art. 45", case.message_ids[0].body)

    def test_procedure_fixed_while_under_way_and_fields_refused(self):
        case = self._suspended()
        other = self.env["dawa.approval.item.procedure"].create({
            "item_id": self.item.id, "kind": "expert_review", "name": "Experts", "max_days": 60})
        for values in ({"suspension_procedure_id": other.id},
                       {"suspension_reason": "Something else"}):
            with self.subTest(values=values), self.assertRaisesText(UserError, "under way"):
                case.with_user(self.reviewer).write(values)
        for user in (self.reviewer, self.manager):
            for values in ({"procedure_allowed_days": 60}, {"procedure_end_date": "2027-01-01"},
                           {"procedure_extended_days": 40}, {"suspension_ref": "X"},
                           {"procedure_extension_user_id": user.id}):
                with self.subTest(user=user.login, values=values), \
                        self.assertRaises(UserError):
                    case.with_user(user).write(values)
        self.assertEqual((case.suspension_procedure_id, case.procedure_allowed_days),
                         (self.hearing, 20))

    def test_time_beyond_the_declared_maximum_counts_again(self):
        case = self._suspended()
        self._cron("2026-11-02")
        self.assertEqual(case.state, "suspended", "the last day of the procedure")
        self._cron("2026-11-03")
        self.assertEqual(case.state, "review")
        self.assertEqual(case.suspended_workdays, 20, "not one day more than declared")
        self.assertIn("runs again", case.message_ids[0].body)
        # 15 + 20 working days from 09-28: ... 11-16..20
        self.assertEqual(case.statutory_deadline, date(2026, 11, 20))

    def test_late_resume_counts_the_declared_days_only(self):
        case = self._suspended()
        with freeze_time("2026-11-10"):
            case.with_user(self.reviewer).action_resume()
        self.assertEqual(case.suspended_workdays, 20)

    def test_leader_extends_the_procedure_with_a_reason(self):
        case = self._suspended()
        case.procedure_extension_days = 5
        with freeze_time("2026-10-30"), self.assertRaisesText(UserError, "reason"):
            case.with_user(self.manager).action_extend_procedure()
        case.procedure_extension_reason = "A second hearing requested by the neighbours."
        for user in (self.clerk, self.reviewer, self.approver):
            with self.subTest(user=user.login), freeze_time("2026-10-30"), \
                    self.assertRaisesText(UserError, "Bureau Manager"):
                case.with_user(user).action_extend_procedure()
        with freeze_time("2026-10-30"):
            case.with_user(self.manager).action_extend_procedure()
        self.assertEqual((case.procedure_allowed_days, case.procedure_extended_days,
                          case.procedure_end_date, case.procedure_extension_user_id),
                         (25, 5, date(2026, 11, 9), self.manager))
        self._cron("2026-11-03")
        self.assertEqual(case.state, "suspended")
        case.procedure_extension_days = 3
        with freeze_time("2026-11-10"), self.assertRaisesText(UserError, "ended on"):
            case.with_user(self.manager).action_extend_procedure()
        self._cron("2026-11-10")
        self.assertEqual((case.state, case.suspended_workdays), ("review", 25))

    def test_special_procedure_notice(self):
        case = self._suspended()
        case_reason = "A second hearing requested by the neighbours."
        case.write({"procedure_extension_days": 5, "procedure_extension_reason": case_reason})
        with freeze_time("2026-10-30"):
            case.with_user(self.manager).action_extend_procedure()
        Report = self.env["ir.actions.report"].with_user(self.clerk)
        html = Report._render_qweb_html(
            "dawa_approval.action_report_case_special_procedure", case.ids)[0].decode()
        for text in ("Special Procedure Notice", case.suspension_ref, case.name,
                     "Article 45", "Hearing (Hearing of the neighbours)",
                     "starts on September 29, 2026", "needs 25 working days",
                     "November 9, 2026", "Test Manager", case_reason):
            self.assertIn(text, html)
        plain = self._accepted_case("2026-09-28")
        with self.assertRaisesText(UserError, plain.name):
            Report._render_qweb_html(
                "dawa_approval.action_report_case_special_procedure", plain.ids)


@tagged("post_install", "-at_install")
class TestMigrationOfProcedureKinds(DawaDatesCommon):
    """The procedures of other kinds than §45's leave the items, each item told why."""

    def test_pre_migration_removes_other_kinds(self):
        spec = importlib.util.spec_from_file_location("dawa_pre_migrate", file_path(
            "dawa_approval/migrations/18.0.1.5.0/pre-migrate.py"))
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        procedure = self.env["dawa.approval.item.procedure"].create({
            "item_id": self.item.id, "kind": "hearing", "name": "公示", "max_days": 5})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dawa_approval_item_procedure SET kind = 'public_notice' WHERE id = %s",
            [procedure.id])
        migration.migrate(self.env.cr, "18.0.1.4.0")
        self.env.invalidate_all()
        self.assertFalse(procedure.exists())
        self.assertEqual(self.hearing.exists(), self.hearing)
        self.assertIn("第四十五条", self.item.message_ids[0].body)

