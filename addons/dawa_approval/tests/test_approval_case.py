from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged, warmup

from ..tools.idnumbers import resident_id_error
from .common import DawaCaseCommon


def valid_resident_id(prefix):
    """A resident ID number with the right MOD 11-2 check digit."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    check = (12 - sum(int(c) * w for c, w in zip(prefix, weights, strict=True)) % 11) % 11
    return prefix + ("X" if check == 10 else str(check))


@tagged("post_install", "-at_install")
class TestApprovalCase(DawaCaseCommon):
    # ------------------------------------------------------------------
    # creation
    # ------------------------------------------------------------------

    def test_number_materials_and_joint_limits(self):
        case = self._create_case()
        self.assertTrue(case.name.startswith("DW"))
        self.assertNotEqual(case.name, self._create_case().name)
        self.assertEqual(case.state, "received")
        self.assertEqual(case.material_ids.item_material_id, self.item.material_ids)
        self.assertEqual((case.promised_days, case.statutory_days), (3, 15))
        self.assertFalse(case.is_joint)

        joint = self._create_case(items=self.item | self.instant_item)
        self.assertTrue(joint.is_joint)
        self.assertEqual(joint.item_ids, self.item | self.instant_item)
        self.assertEqual(joint.main_item_id, self.item)
        self.assertTrue(joint.joint_handling, "items of two departments (§26)")
        self.assertEqual(joint.statutory_days, 45, "joint handling: 45 working days (§42)")
        self.assertEqual(joint.promised_days, 3, "the longest promised limit of the lines")

        joint.line_ids.filtered(lambda line: line.item_id == self.item).unlink()
        self.assertFalse(joint.material_ids, "a removed item takes its materials along")
        joint.write({"line_ids": [Command.create({"item_id": self.item.id})]})
        self.assertEqual(
            joint.material_ids.item_material_id, self.item.material_ids,
            "materials follow the items, once each")

    def test_only_published_items_of_the_bureau(self):
        self.item.action_suspend()
        with self.assertRaisesRegex(UserError, "Suspended"):
            self._create_case()
        self.item.action_resume()

        agreement = self.env["dawa.transfer.agreement"].create({
            "agency_id": self.housing.id,
            "item_ids": [Command.link(self.item.id)],
        })
        self.item.handling_agency_id = self.housing
        with self.assertRaisesRegex(UserError, agreement.name):
            self._create_case()
        agreement.item_ids = [Command.clear()]
        with self.assertRaisesRegex(UserError, "no transfer agreement"):
            self._create_case()

    # ------------------------------------------------------------------
    # applicant identifiers
    # ------------------------------------------------------------------

    def test_resident_id_numbers(self):
        for prefix in ("21110419900101123", "21112119851231004"):
            number = valid_resident_id(prefix)
            self.assertIsNone(resident_id_error(number))
            case = self._create_case(applicant_type="person", applicant_id_number=number)
            self.assertEqual(case.applicant_id_number, number)
        wrong_check = valid_resident_id("21110419900101123")[:-1] + "0"
        if wrong_check == valid_resident_id("21110419900101123"):
            wrong_check = wrong_check[:-1] + "1"
        for bad in (wrong_check, "2111041990010112", valid_resident_id("21110419901301123")):
            with self.assertRaises(ValidationError):
                self._create_case(applicant_type="person", applicant_id_number=bad)

    def test_uscc_override_needs_a_reviewer_and_a_reason(self):
        failing = "91211100MA0YJ1C45X"
        with self.assertRaisesRegex(ValidationError, "GB 32100"):
            self._create_case(applicant_id_number=failing)
        with self.assertRaises(UserError):
            self._create_case(applicant_id_number=failing, uscc_override=True,
                              uscc_override_reason="Pilot-era code on the licence")
        with self.assertRaises(ValidationError):
            self._create_case(user=self.reviewer, applicant_id_number=failing,
                              uscc_override=True)
        case = self._create_case(user=self.reviewer, applicant_id_number=failing,
                                 uscc_override=True,
                                 uscc_override_reason="Pilot-era code on the licence")
        self.assertEqual(case.uscc_override_user_id, self.reviewer)

    def test_personal_data_masked_for_users_not_handling_the_case(self):
        case = self._create_case()
        own = case.with_user(self.clerk)
        self.assertTrue(own.can_see_personal_data)
        self.assertEqual(own.applicant_phone, "13812345678")
        other = case.with_user(self.reviewer)
        self.assertFalse(other.can_see_personal_data)
        self.assertEqual(other.applicant_id_number, "9121**********C45H")
        self.assertEqual(other.applicant_phone, "138****5678")
        self.assertTrue(case.with_user(self.manager).can_see_personal_data)
        with self.assertRaises(AccessError):
            case.with_user(self.employee).read(["applicant_id_number"])

    # ------------------------------------------------------------------
    # transitions
    # ------------------------------------------------------------------

    def test_correction_lists_exactly_the_missing_materials(self):
        case = self._create_case()
        required = case.material_ids.filtered("required")
        required[0].provided = True
        case.action_request_correction()
        self.assertEqual(case.state, "correction")
        body = case.message_ids[0].body
        for material in required[1:]:
            self.assertIn(material.name, body)
        self.assertNotIn(required[0].name, body)
        self.assertNotIn("Site photos", body, "optional materials are not asked for")
        with self.assertRaises(UserError):
            case.action_request_correction()

        complete = self._provide_all(self._create_case())
        with self.assertRaisesRegex(UserError, "correction note"):
            complete.action_request_correction()
        complete.correction_note = "Sign every page of the application form."
        complete.action_request_correction()
        self.assertEqual(complete.state, "correction")

    def test_accept_needs_every_required_material_provided_or_tolerated(self):
        case = self._create_case()
        with self.assertRaisesRegex(UserError, "Application form"):
            case.action_accept()
        self.assertEqual(case.state, "received")
        form_line = case.material_ids.filtered(lambda m: m.name == "Application form")
        contract = case.material_ids.filtered(lambda m: m.name == "Construction contract")
        with self.assertRaises(ValidationError):
            form_line.tolerated = True
        form_line.provided = True
        contract.tolerated = True
        case.action_accept()
        self.assertEqual(case.state, "accepted")
        self.assertTrue(case.tolerance_open)
        self._submit(case)
        case.with_user(self.approver).action_approve()
        self.assertEqual(case.gongai_code, "12", "approved with tolerated materials pending")

    def test_full_path_per_role(self):
        case = self._provide_all(self._create_case())
        self.assertEqual(case.gongai_code, "1")
        case.with_user(self.clerk).action_accept()
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_start_review()
        case.with_user(self.reviewer).action_start_review()
        self.assertEqual((case.state, case.reviewer_id), ("review", self.reviewer))
        case.suspension_procedure_id = self.hearing
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_suspend()
        case.with_user(self.reviewer).action_suspend()
        self.assertEqual(case.gongai_code, "9")
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_resume()
        case.with_user(self.reviewer).action_resume()
        with self.assertRaisesText(UserError, "Under Review"):
            case.with_user(self.approver).action_approve()
        with self.assertRaisesText(UserError, "review opinion"):
            case.with_user(self.reviewer).action_submit()
        case.review_opinion = "Fire design approved by the experts; the conditions are met."
        with self.assertRaises(UserError):
            case.with_user(self.clerk).action_submit()
        case.with_user(self.reviewer).action_submit()
        self.assertEqual((case.state, case.gongai_code), ("to_decide", "8"))
        with self.assertRaises(UserError):
            case.with_user(self.reviewer).action_approve()
        case.with_user(self.approver).action_approve()
        self.assertEqual((case.state, case.approver_id), ("approved", self.approver))
        self.assertTrue(case.decision_ref)
        with self.assertRaises(UserError):
            case.with_user(self.seal_keeper).action_deliver()
        self._set_delivery(case)
        case.with_user(self.clerk).action_deliver()
        self.assertEqual(case.state, "closed")
        self.assertTrue(case.delivery_date)

    def test_forbidden_from_wrong_states(self):
        case = self._provide_all(self._create_case())
        for action in ("action_start_review", "action_suspend", "action_resume",
                       "action_approve", "action_deny", "action_deliver", "action_submit",
                       "action_return", "action_seal"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(case.with_user(self.manager), action)()
        self.assertEqual(case.state, "received")
        case.action_accept()
        for action in ("action_accept", "action_request_correction", "action_not_accept",
                       "action_resume", "action_deliver"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(case.with_user(self.manager), action)()
        for action in ("action_approve", "action_deny", "action_submit", "action_return",
                       "action_seal"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(case.with_user(self.manager), action)()
        self._submit(case)
        for action in ("action_start_review", "action_submit", "action_deliver",
                       "action_seal"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(case.with_user(self.manager), action)()
        case.with_user(self.approver).action_approve()
        for action in ("action_withdraw", "action_approve", "action_deny", "action_suspend",
                       "action_submit", "action_return", "action_seal"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(case.with_user(self.manager), action)()

    def test_users_outside_the_bureau_cannot_act(self):
        case = self._provide_all(self._create_case())
        for user in (self.employee, self.seal_keeper, self.catalog_admin):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                case.with_user(user).action_accept()
        with self.assertRaises(AccessError):
            self._create_case(user=self.seal_keeper)

    def test_not_accept_deny_and_withdraw_need_their_reason(self):
        case = self._create_case()
        with self.assertRaisesRegex(UserError, "reasons"):
            case.action_not_accept()
        case.decision_note = "The applicant is not a legal person."
        case.action_not_accept()
        self.assertEqual(case.state, "not_accepted")
        self.assertEqual(case.gongai_code, "5")

        denied = self._provide_all(self._create_case())
        denied.action_accept()
        self._submit(denied)
        with self.assertRaisesRegex(UserError, "reasons"):
            denied.with_user(self.approver).action_deny()
        denied.decision_note = "The site does not meet the fire code."
        denied.with_user(self.approver).action_deny()
        self.assertEqual(denied.state, "denied")
        self._set_delivery(denied)
        denied.action_deliver()
        self.assertEqual(denied.state, "closed")

        withdrawn = self._create_case()
        with self.assertRaises(UserError):
            withdrawn.action_withdraw()
        withdrawn.withdrawal_reason = "Written withdrawal request of 2026-11-20"
        withdrawn.action_withdraw()
        self.assertEqual((withdrawn.state, withdrawn.gongai_code), ("withdrawn", "14"))

    def test_withdrawal_is_the_windows_step(self):
        """The reviewer and the approver hold the window's rights by rank; the applicant's
        withdrawal is still recorded at the window, by the case's handler."""
        case = self._provide_all(self._create_case(user=self.clerk))
        case.with_user(self.clerk).action_accept()
        self.assertEqual(case.user_id, self.clerk)
        case.withdrawal_reason = "Written withdrawal request of 2026-11-20"
        for user in (self.reviewer, self.approver):
            with self.subTest(user=user.login):
                self.assertFalse(case.with_user(user).can_withdraw)
                with self.assertRaises(UserError):
                    case.with_user(user).action_withdraw()
        self.assertTrue(case.with_user(self.clerk).can_withdraw)
        self.assertTrue(case.with_user(self.manager).can_withdraw)
        case.with_user(self.clerk).action_withdraw()
        self.assertEqual(case.state, "withdrawn")

    def test_instant_item_accepted_and_approved_in_one_sitting(self):
        case = self._provide_all(self._create_case(items=self.instant_item))
        case.action_accept()
        case.with_user(self.approver).action_approve()
        self.assertEqual(case.state, "approved")
        self.assertEqual(case.accepted_date, case.decision_date)
        self.assertEqual(case.promised_deadline, case.accepted_date)
        self.assertTrue(case.on_time)

    def test_never_deleted_only_archived_by_a_manager(self):
        case = self._create_case()
        with self.assertRaises(UserError):
            case.sudo().unlink()
        with self.assertRaises(UserError):
            case.with_user(self.clerk).active = False
        case.with_user(self.manager).active = False
        self.assertFalse(case.active)

    def test_form_for_a_clerk(self):
        with Form(self.env["dawa.approval.case"].with_user(self.clerk)) as form:
            form.applicant_name = "Li Lei"
            form.applicant_type = "person"
            # a check character X typed in lower case, with spaces
            form.applicant_id_number = " 211104 19900101006x "
            with form.line_ids.new() as line:
                line.item_id = self.item
        case = form.record
        self.assertEqual(case.user_id, self.clerk)
        self.assertEqual(case.applicant_id_number, valid_resident_id("21110419900101006"))
        self.assertTrue(case.applicant_id_number.endswith("X"))
        self.assertEqual(len(case.material_ids), 3)


@tagged("post_install", "-at_install", "is_query_count")
class TestCaseDeadlines(DawaCaseCommon):
    def _accepted_case(self, day, **values):
        with freeze_time(day):
            case = self._provide_all(self._create_case(**values))
            case.action_accept()
        return case

    def test_deadlines_skip_national_day_and_count_the_makeup_saturday(self):
        case = self._accepted_case("2026-09-28")
        self.assertEqual(case.clock_start_date, date(2026, 9, 28))
        # 3 working days: 09-29, 09-30, then 10-01..07 are off: 10-08.
        self.assertEqual(case.promised_deadline, date(2026, 10, 8))
        # 15 working days, the Saturday 10-10 is one of them.
        self.assertEqual(case.statutory_deadline, date(2026, 10, 23))

    def test_special_procedure_time_is_added_back(self):
        case = self._accepted_case("2026-09-28")
        case.with_user(self.reviewer).action_start_review()
        case.suspension_procedure_id = self.hearing
        case.suspension_reason = "Hearing requested by a neighbour"
        with freeze_time("2026-09-29"):
            case.with_user(self.reviewer).action_suspend()
        with freeze_time("2026-10-09"):
            case.with_user(self.reviewer).action_resume()
        # 09-30, 10-08 and 10-09 were working days spent in the hearing; 3 + 3 working
        # days from 09-28 end on Monday 10-12, the Saturday 10-10 being one of them.
        self.assertEqual(case.suspended_workdays, 3)
        self.assertEqual(case.promised_deadline, date(2026, 10, 12))
        with freeze_time("2026-10-12"):
            self._submit(case)
            case.with_user(self.approver).action_approve()
        self.assertTrue(case.on_time)
        self.assertEqual(case.decision_workdays, 3)

    def test_received_case_is_deemed_accepted_from_the_day_of_receipt(self):
        # Received on Monday 09-14: the 5th working day is Sunday 09-20, a make-up workday.
        with freeze_time("2026-09-14"):
            case = self._provide_all(self._create_case())
        with freeze_time("2026-09-20"):
            self.env["dawa.approval.case"]._cron_refresh_deadlines()
            self.assertFalse(case.deemed_accepted, "the 5th working day is still in time")
        with freeze_time("2026-09-21"):
            self.env["dawa.approval.case"]._cron_refresh_deadlines()
            self.assertTrue(case.deemed_accepted)
            # §32: accepted from the day of receipt, not from the end of the 5 days
            self.assertEqual(case.clock_start_date, date(2026, 9, 14))
            with self.assertRaisesText(UserError, "art. 32"):
                case.action_request_correction()
        with freeze_time("2026-09-22"):
            case.action_accept()
        self.assertEqual(case.accepted_date, date(2026, 9, 22))
        self.assertEqual(case.clock_start_date, date(2026, 9, 14))
        # 3 working days from 09-14: 09-15, 09-16, 09-17.
        self.assertEqual(case.promised_deadline, date(2026, 9, 17))

    def test_correction_in_time_starts_the_clock_at_acceptance(self):
        with freeze_time("2026-09-14"):
            case = self._create_case()
            case.action_request_correction()
        with freeze_time("2026-09-24"):
            self._provide_all(case).action_accept()
        self.assertFalse(case.deemed_accepted)
        self.assertEqual(case.clock_start_date, date(2026, 9, 24))

    def test_cron_turns_cases_due_soon_then_overdue_and_tells_the_handler(self):
        self.env["ir.config_parameter"].set_param("dawa_approval.deadline_warning_days", 2)
        case = self._accepted_case("2026-11-02")  # promised deadline: 2026-11-05
        activity_type = self.env.ref("dawa_approval.mail_activity_type_case_deadline")
        with freeze_time("2026-11-02"):
            case._cron_refresh_deadlines()
        self.assertEqual(case.deadline_state, "normal")
        with freeze_time("2026-11-03"):
            case._cron_refresh_deadlines()
        self.assertEqual(case.deadline_state, "warning")
        activities = case.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.clerk)
        with freeze_time("2026-11-04"):
            case._cron_refresh_deadlines()
        self.assertEqual(len(case.activity_ids.filtered(self._is_deadline_activity)), 1,
                         "no second activity while still due soon")
        with freeze_time("2026-11-06"):
            case._cron_refresh_deadlines()
        self.assertEqual(case.deadline_state, "overdue")
        self.assertEqual(len(case.activity_ids.filtered(self._is_deadline_activity)), 2)

    @warmup
    def test_cron_query_count_does_not_grow_with_the_cases(self):
        counts = []
        for count in (2, 6):
            cases = self.env["dawa.approval.case"].browse(
                self._accepted_case("2026-11-02").id for _i in range(count))
            self.env.flush_all()
            self.env.invalidate_all()
            # the received cases to mark deemed accepted, the special procedures past their
            # time (§45), one read per batch of open cases, one UPDATE per new deadline
            # state, one batch of activities (with their handlers and the model); the
            # calendar is cached.
            with freeze_time("2026-11-09"), self.assertQueryCount(18):
                start = self.cr.sql_log_count
                self.env["dawa.approval.case"]._cron_refresh_deadlines()
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - start)
            self.assertEqual(set(cases.mapped("deadline_state")), {"overdue"})
            self.assertEqual(len(cases.activity_ids.filtered(self._is_deadline_activity)), count)
            cases.write({"state": "closed"})
        if self.warm:
            # the same queries for 6 cases as for 2: none per case
            self.assertEqual(counts[1], counts[0], "queries for 2 cases, then for 6")
