import importlib.util
import os
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.dawa_approval_case_handoff import STEP_ACTIVITY_TYPES
from .test_seal_usage import DawaLedgerCommon


class WorkflowCommon(DawaLedgerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.step_types = cls.env["mail.activity.type"].browse([
            cls.env.ref(xmlid).id for xmlid in STEP_ACTIVITY_TYPES])
        # the people whose job each step is: the group's members but the bureau's leaders and
        # the administrators, who hold its rights by inheritance
        overseers = (cls.env.ref("dawa_approval.group_manager")
                     | cls.env.ref("base.group_system")).users

        def step_users(group):
            return cls.env.ref(group).users.filtered(
                lambda user: user.active and not user.share) - overseers

        cls.reviewers = step_users("dawa_approval.group_reviewer")
        cls.approvers = step_users("dawa_approval.group_approver")
        cls.seal_keepers = step_users("dawa_approval.group_seal_keeper")

    def _accepted(self, items=None, **values):
        case = self._provide_all(self._create_case(items, **values))
        case.with_user(self.clerk).action_accept()
        return case

    def _steps(self, case):
        """The open step activities of ``case``: their assignees."""
        return case.activity_ids.filtered(lambda a: a.activity_type_id in self.step_types).user_id


@tagged("post_install", "-at_install")
class TestReviewAndDecision(WorkflowCommon):
    """审查 → 待决定 → 决定; instant items only are decided straight after acceptance."""

    def test_submit_needs_the_reviewer_and_the_opinion(self):
        case = self._accepted()
        with self.assertRaisesText(UserError, "Accepted"):
            case.with_user(self.reviewer).action_submit()  # not under review yet
        case.with_user(self.reviewer).action_start_review()
        with self.assertRaisesText(UserError, "review opinion"):
            case.with_user(self.reviewer).action_submit()
        case.review_opinion = "   "
        with self.assertRaisesText(UserError, "review opinion"):
            case.with_user(self.reviewer).action_submit()
        case.review_opinion = "Site inspected on 2026-09-30; the conditions are met."
        for user in (self.clerk, self.seal_keeper, self.employee):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                case.with_user(user).action_submit()
        case.with_user(self.reviewer).action_submit()
        self.assertEqual((case.state, case.gongai_code, case.reviewer_id),
                         ("to_decide", "8", self.reviewer))
        self.assertTrue(case.submitted_date)

    def test_approver_decides_only_on_a_submitted_opinion(self):
        case = self._accepted()
        for action in ("action_approve", "action_deny"):
            with self.subTest(action=action), \
                    self.assertRaisesText(UserError, "must be reviewed first"):
                case.decision_note = "Reasons"
                getattr(case.with_user(self.approver), action)()
        case.with_user(self.reviewer).action_start_review()
        with self.assertRaisesText(UserError, "Under Review"):
            case.with_user(self.approver).action_approve()
        self._submit(case)
        for user in (self.clerk, self.reviewer, self.seal_keeper):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                case.with_user(user).action_approve()
        case.with_user(self.approver).action_approve()
        self.assertEqual((case.state, case.decision_user_id), ("approved", self.approver))

    def test_instant_items_are_decided_straight_after_acceptance(self):
        instant = self._accepted(self.instant_item)
        self.assertTrue(instant.is_instant)
        instant.with_user(self.approver).action_approve()
        self.assertEqual(instant.state, "approved")
        # a joint case with one ordinary item is reviewed first
        joint = self._accepted(self.instant_item | self.item)
        self.assertFalse(joint.is_instant)
        with self.assertRaisesText(UserError, "must be reviewed first"):
            joint.with_user(self.approver).action_approve()

    def test_return_sends_the_case_back_with_a_reason(self):
        case = self._submit(self._accepted())
        with self.assertRaisesText(UserError, "reason for sending it back"):
            case.with_user(self.approver).action_return()
        case.return_reason = "The fire brigade's opinion is missing."
        for user in (self.clerk, self.reviewer, self.seal_keeper):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                case.with_user(user).action_return()
        case.with_user(self.approver).action_return()
        self.assertEqual(case.state, "review")
        with self.assertRaises(UserError):
            case.with_user(self.approver).action_return()  # only from 待决定
        self._submit(case, "The fire brigade agrees.")
        self.assertEqual(case.state, "to_decide")

    def test_clock_keeps_running_while_waiting_for_the_decision(self):
        with freeze_time("2026-09-28"):
            case = self._accepted()
            self._submit(case)
        self.assertEqual(case.promised_deadline, date(2026, 10, 8))
        with freeze_time("2026-10-09"):
            self.env["dawa.approval.case"]._cron_refresh_deadlines()
        self.assertEqual(case.deadline_state, "overdue")
        # and a bureau leader may still extend the statutory limit
        case.extension_reason = "Expert review of the structure."
        with freeze_time("2026-10-09"):
            case.with_user(self.manager).action_extend()
        self.assertEqual(case.extended_days, 10)

    def test_public_page_shows_the_opinion_is_in(self):
        case = self._submit(self._accepted())
        states = dict(case._fields["state"]._description_selection(self.env))
        steps = case._get_public_steps(states)
        self.assertEqual([step["key"] for step in steps],
                         ["received", "accepted", "review", "decision", "delivered"])
        self.assertEqual(steps[2]["status"], "done")
        self.assertIn("waiting for the decision", steps[2]["label"])
        self.assertEqual(steps[3]["status"], "current")


@tagged("post_install", "-at_install")
class TestSealing(WorkflowCommon):
    """一枚印章管审批: with no electronic approval seal in use, the seal keeper seals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.electronic_seal.state = "suspended"

    def test_decision_waits_for_the_seal_keeper(self):
        case = self._submit(self._accepted())
        case.with_user(self.approver).action_approve()
        self.assertTrue(case.decision_ref, "numbered at the decision")
        self.assertFalse(case.sealed)
        self.assertFalse(self._line(case))
        self.assertEqual(self.Usage.verify_chain()["missing_case_ids"], [],
                         "a decision waiting for its seal misses no line")
        self._set_delivery(case)
        with self.assertRaisesText(UserError, "not sealed yet"):
            case.with_user(self.clerk).action_deliver()
        for user in (self.clerk, self.reviewer, self.approver, self.catalog_admin):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                case.with_user(user).action_seal()
        case.with_user(self.seal_keeper).action_seal()
        self.assertEqual((case.sealed, case.seal_user_id), (True, self.seal_keeper))
        self.assertTrue(case.sealed_date)
        line = self._line(case)
        self.assertEqual(
            (line.seal_id, line.operator_id, line.approver_id, line.document_ref,
             line.document_type),
            (self.approval_seal, self.seal_keeper, self.approver, case.decision_ref,
             "approval_decision"))
        self.assertTrue(self.Usage.verify_chain()["ok"])
        with self.assertRaisesText(UserError, "already sealed"):
            case.with_user(self.seal_keeper).action_seal()
        case.with_user(self.clerk).action_deliver()
        self.assertEqual(case.state, "closed")

    def test_denial_and_non_acceptance_are_sealed_the_same_way(self):
        denied = self._submit(self._accepted(decision_note="Flood storage area."))
        denied.with_user(self.approver).action_deny()
        refused = self._create_case(decision_note="Not handled by this bureau.")
        refused.with_user(self.clerk).action_not_accept()
        self.assertFalse((denied | refused).filtered("sealed"))
        (denied | refused).with_user(self.seal_keeper).action_seal()
        self.assertEqual(self._line(denied).document_type, "denial_decision")
        self.assertEqual(
            (self._line(refused).document_type, self._line(refused).approver_id),
            ("not_accepted_notice", self.clerk), "the clerk took the decision")
        self.assertTrue(self.Usage.verify_chain()["ok"])

    def test_seal_keeper_cannot_seal_what_is_not_decided(self):
        case = self._accepted()
        with self.assertRaises(UserError):
            case.with_user(self.seal_keeper).action_seal()
        self.assertFalse(self._line(case))

    def test_electronic_seal_seals_at_once_where_allowed(self):
        self.electronic_seal.state = "in_use"
        self.electronic_seal.allowed_document_types = self.env.ref(
            "dawa_approval.document_type_denial_decision")
        approved = self._submit(self._accepted())
        approved.with_user(self.approver).action_approve()
        self.assertFalse(approved.sealed, "the electronic seal is not for approvals")
        denied = self._submit(self._accepted(decision_note="Unsafe site."))
        denied.with_user(self.approver).action_deny()
        self.assertTrue(denied.sealed)
        line = self._line(denied)
        self.assertEqual((line.seal_id, line.operator_id), (self.electronic_seal, self.approver))

    def test_electronic_seal_of_another_agency_is_not_used(self):
        self.electronic_seal.write({"state": "in_use", "agency_id": self.housing.id})
        case = self._submit(self._accepted())
        case.with_user(self.approver).action_approve()
        self.assertFalse(case.sealed)

    def test_sealed_fields_refused_over_rpc(self):
        case = self._submit(self._accepted())
        case.with_user(self.approver).action_approve()
        for user in (self.clerk, self.seal_keeper, self.manager):
            for values in ({"sealed": True}, {"seal_user_id": user.id},
                           {"sealed_date": "2026-01-01"}, {"decision_user_id": user.id},
                           {"submitted_date": "2026-01-01"}):
                with self.subTest(user=user.login, values=values), self.assertRaises(UserError):
                    case.with_user(user).write(values)
        self.assertFalse(case.sealed)


@tagged("post_install", "-at_install")
class TestDelivery(WorkflowCommon):
    """送达: method, recipient and, by mail, the tracking number; never before the decision."""

    def _approved(self):
        case = self._submit(self._accepted())
        case.with_user(self.approver).action_approve()
        return case

    def test_delivery_needs_its_particulars(self):
        case = self._approved()
        with self.assertRaisesText(UserError, "who receives the decision"):
            case.with_user(self.clerk).action_deliver()
        case.with_user(self.clerk).delivery_recipient = "Zhang Wei"
        with self.assertRaisesText(UserError, "how the decision"):
            case.with_user(self.clerk).action_deliver()
        case.with_user(self.clerk).delivery_method = "mail"
        with self.assertRaisesText(UserError, "tracking number"):
            case.with_user(self.clerk).action_deliver()
        case.with_user(self.clerk).delivery_tracking_ref = "EMS1234567890CN"
        case.with_user(self.clerk).action_deliver()
        self.assertEqual((case.state, case.delivery_method), ("closed", "mail"))
        with self.assertRaisesText(UserError, "delivery particulars"):
            case.with_user(self.clerk).delivery_recipient = "Somebody else"
        with self.assertRaises(UserError):
            case.sudo().delivery_tracking_ref = "forged"
        self.assertEqual(case.delivery_tracking_ref, "EMS1234567890CN")

    def test_decided_case_is_frozen_but_for_the_delivery(self):
        case = self._approved()
        self._set_delivery(case, method="electronic", recipient="Panjin Jianye")
        self.assertEqual(case.delivery_method, "electronic")
        with self.assertRaises(UserError):
            case.with_user(self.clerk).applicant_name = "Changed"

    def test_delivery_never_precedes_the_decision(self):
        with freeze_time("2026-10-12"):
            case = self._approved()
        self._set_delivery(case)
        with freeze_time("2026-10-09"), self.assertRaisesText(UserError, "before its decision"):
            case.with_user(self.clerk).action_deliver()
        with self.assertRaises(ValidationError):
            case._workflow_write({"delivery_date": date(2026, 10, 9)})
        with freeze_time("2026-10-12"):
            case.with_user(self.clerk).action_deliver()
        self.assertEqual(case.delivery_date, date(2026, 10, 12))


@tagged("post_install", "-at_install")
class TestHandOffs(WorkflowCommon):
    """Each step schedules an activity for the next role and closes the previous one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.electronic_seal.state = "suspended"

    def test_a_case_handed_from_role_to_role(self):
        case = self._accepted()
        self.assertEqual(self._steps(case), self.reviewers, "every reviewer, nobody assigned")
        case.with_user(self.reviewer).action_start_review()
        self.assertFalse(self._steps(case), "the review started")
        case.review_opinion = "The conditions are met."
        case.with_user(self.reviewer).action_submit()
        self.assertEqual(self._steps(case), self.approvers)
        case.return_reason = "Check the contract again."
        case.with_user(self.approver).action_return()
        self.assertEqual(self._steps(case), self.reviewer, "back to the reviewer of the case")
        case.with_user(self.reviewer).action_submit()
        case.with_user(self.approver).action_approve()
        self.assertEqual(self._steps(case), self.seal_keepers)
        case.with_user(self.seal_keeper).action_seal()
        self.assertEqual(self._steps(case), self.clerk, "the handler delivers")
        self._set_delivery(case)
        case.with_user(self.clerk).action_deliver()
        self.assertFalse(self._steps(case))
        done = self.env["mail.message"].search_count([
            ("model", "=", case._name), ("res_id", "=", case.id),
            ("mail_activity_type_id", "in", self.step_types.ids)])
        self.assertEqual(done, 6, "each step's activity marked done once")



@tagged("post_install", "-at_install")
class TestSealedMigration(WorkflowCommon):
    """migrations/18.0.1.2.0: decisions sealed when taken, before the seal keeper's step."""

    def test_decisions_with_their_line_are_marked_sealed(self):
        path = os.path.join(get_module_path("dawa_approval"), "migrations", "18.0.1.2.0",
                            "post-migrate.py")
        spec = importlib.util.spec_from_file_location("dawa_approval_post_migrate_18_0_1_2_0",
                                                      path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        with freeze_time("2026-10-12 17:00:00"):  # 01:00 on 10-13 in Beijing
            old = self._submit(self._accepted())
            old.with_user(self.approver).action_approve()
        self.electronic_seal.state = "suspended"
        waiting = self._submit(self._accepted())
        waiting.with_user(self.approver).action_approve()
        open_case = self._accepted()
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "UPDATE dawa_approval_case SET sealed = NULL, sealed_date = NULL, "
            "seal_user_id = NULL, decision_user_id = NULL WHERE id = %s", old.id))
        migration.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(
            (old.sealed, old.sealed_date, old.seal_user_id, old.decision_user_id),
            (True, date(2026, 10, 13), self.approver, self.approver))
        self.assertFalse(waiting.sealed, "no line: it waits for the seal keeper")
        self.assertFalse(open_case.sealed)


@tagged("post_install", "-at_install")
class TestDeskAndFigures(WorkflowCommon):
    def test_all_received_ticks_every_material(self):
        case = self._create_case()
        self.assertTrue(case.missing_material_count)
        for user in (self.seal_keeper, self.employee):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                case.with_user(user).action_provide_all_materials()
        case.with_user(self.clerk).action_provide_all_materials()
        self.assertTrue(all(case.material_ids.mapped("provided")))
        case.with_user(self.clerk).action_accept()
        self._set_delivery(case)
        refused = self._create_case(decision_note="Not handled here.")
        refused.with_user(self.clerk).action_not_accept()
        with self.assertRaises(UserError):
            refused.with_user(self.clerk).action_provide_all_materials()

    def test_analysis_averages_never_sums(self):
        with freeze_time("2026-09-28"):
            late = self._accepted()
        with freeze_time("2026-10-12"):
            self._submit(late)
            late.with_user(self.approver).action_approve()
        with freeze_time("2026-09-28"):
            fast = self._submit(self._accepted())
            fast.with_user(self.approver).action_approve()
        groups = self.env["dawa.approval.case"].read_group(
            [("id", "in", (late | fast).ids)],
            ["on_time_rate:avg", "decision_workdays:avg"], [])
        self.assertEqual(groups[0]["on_time_rate"], 50.0)
        self.assertEqual(groups[0]["decision_workdays"], (late.decision_workdays + 0) / 2)
        self.assertEqual(self.env["dawa.approval.case"]._fields["decision_workdays"].aggregator,
                         "avg")
        self.assertEqual(self.env["dawa.approval.case"]._fields["on_time_rate"].aggregator,
                         "avg")

    def test_gongai_code_shown_to_managers_only(self):
        for user, shown in ((self.clerk, False), (self.reviewer, False), (self.manager, True)):
            arch = self.env["dawa.approval.case"].with_user(user).get_view(
                view_type="form")["arch"]
            with self.subTest(user=user.login):
                self.assertEqual('name="gongai_code"' in arch, shown)
