"""The law's dates on a case (行政许可法 §32, §42, §44, §82) in the bureau's day.

Every date below was counted by hand on the 2026 arrangement: National Day 10-01..07 off,
Sunday 09-20 and Saturday 10-10 worked; Spring Festival 02-15..23 off, Saturday 02-14 and
02-28 worked. 2027 is not confirmed (chinese-calendar 1.11.0 ends with 2026).
"""

import inspect
import json
import shutil
import subprocess
import tempfile
from datetime import date
from urllib.parse import quote as url_quote

from freezegun import freeze_time

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged, warmup

from ..models import (
    dawa_approval_case,
    dawa_approval_case_deadline,
    dawa_approval_case_document,
    dawa_approval_case_handoff,
    dawa_approval_case_numbering,
    dawa_approval_case_online,
    dawa_approval_case_rating,
    dawa_approval_rectification,
    dawa_deadline_mixin,
    dawa_seal,
    dawa_transfer_agreement,
)
from .common import DawaCaseCommon


class DawaDatesCommon(DawaCaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The 2026 arrangement as the package gives it; nothing confirmed after 2026, whatever
        # a later package would know, so that 2027 counts weekends only.
        cls.env["dawa.holiday"]._seed_year(2026)
        cls.env["dawa.holiday.year"].search([("year", ">", 2026)]).unlink()
        cls.env["dawa.holiday"].search([("year", ">", 2026)]).unlink()
        cls.env["ir.config_parameter"].set_param("dawa_approval.deadline_warning_days", 3)
        cls.Case = cls.env["dawa.approval.case"]

    def _received_case(self, day, **values):
        with freeze_time(day):
            return self._provide_all(self._create_case(**values))

    def _accepted_case(self, day, **values):
        case = self._received_case(day, **values)
        with freeze_time(day):
            case.action_accept()
        return case

    def _cron(self, day):
        with freeze_time(day):
            self.Case._cron_refresh_deadlines()


@tagged("post_install", "-at_install")
class TestDeemedAcceptance(DawaDatesCommon):
    """§32: no correction notice within 5 working days, the application counts as accepted
    from the day it was received."""

    def test_notice_period_counts_working_days_around_spring_festival(self):
        # Received Thursday 02-12: 02-13, Saturday 02-14 (worked), 02-24, 02-25, 02-26.
        in_time = self._received_case("2026-02-12")
        late = self._received_case("2026-02-12")
        in_time.correction_note = late.correction_note = "Sign every page."
        with freeze_time("2026-02-26"):
            in_time.action_request_correction()
        self.assertEqual(in_time.state, "correction")
        self.assertEqual(in_time.correction_date, date(2026, 2, 26))
        with freeze_time("2026-02-27"), self.assertRaisesText(
                UserError, late.name, "art. 32", "day it was received"):
            late.action_request_correction()
        self.assertEqual(late.state, "received")
        self.assertFalse(late.correction_date)

    def test_cron_deems_the_case_accepted_from_the_day_of_receipt(self):
        # Received Monday 09-28: the 5th working day is the make-up Saturday 10-10.
        case = self._received_case("2026-09-28")
        self._cron("2026-10-10")
        self.assertFalse(case.deemed_accepted)
        self.assertFalse(case.clock_start_date)
        self.assertEqual(case.deadline_state, "normal")
        self._cron("2026-10-11")
        self.assertTrue(case.deemed_accepted)
        self.assertEqual(case.state, "received")
        self.assertEqual(case.clock_start_date, date(2026, 9, 28))
        # 3 working days from the receipt: 09-29, 09-30, 10-08 — already past.
        self.assertEqual(case.promised_deadline, date(2026, 10, 8))
        self.assertEqual(case.statutory_deadline, date(2026, 10, 23))
        self.assertEqual(case.deadline_state, "overdue")
        with freeze_time("2026-10-12"):
            with self.assertRaisesText(UserError, "art. 32"):
                case.action_request_correction()
            case.action_accept()
        self.assertEqual((case.accepted_date, case.clock_start_date),
                         (date(2026, 10, 12), date(2026, 9, 28)))
        self.assertTrue(case.deemed_accepted)

    def test_late_acceptance_without_the_cron_counts_from_receipt(self):
        case = self._received_case("2026-09-28")
        with freeze_time("2026-10-12"):
            case.action_accept()
        self.assertTrue(case.deemed_accepted)
        self.assertEqual(case.clock_start_date, date(2026, 9, 28))
        self.assertEqual(case.accepted_date, date(2026, 10, 12))

    def test_acceptance_in_time_starts_the_clock_that_day(self):
        case = self._received_case("2026-09-28")
        with freeze_time("2026-10-10"):
            case.action_accept()
        self.assertFalse(case.deemed_accepted)
        self.assertEqual(case.clock_start_date, date(2026, 10, 10))

    def test_deemed_fields_cannot_be_written(self):
        case = self._received_case("2026-09-28")
        for user in (self.clerk, self.manager):
            for values in ({"deemed_accepted": True}, {"clock_start_date": "2026-09-28"}):
                with self.subTest(user=user.login, values=values), \
                        self.assertRaises(UserError):
                    case.with_user(user).write(values)


@tagged("post_install", "-at_install")
class TestExtension(DawaDatesCommon):
    """§42: one extension, by the bureau's head, before the statutory deadline passes."""

    def _reasoned_case(self, day="2026-09-28", **values):
        case = self._accepted_case(day, **values)
        case.extension_reason = "The site inspection needs the opinion of the fire brigade."
        return case

    def test_leader_extends_the_statutory_deadline_once(self):
        case = self._reasoned_case()
        self.assertEqual(case.statutory_deadline, date(2026, 10, 23))
        with freeze_time("2026-10-20"):
            case.with_user(self.manager).action_extend()
        self.assertEqual(case.extended_days, 10)
        self.assertEqual(case.extension_date, date(2026, 10, 20))
        self.assertEqual(case.extension_user_id, self.manager)
        # 10 working days after 10-23: 10-26..30, 11-02..06
        self.assertEqual(case.statutory_deadline, date(2026, 11, 6))
        self.assertEqual(case.promised_deadline, date(2026, 10, 8), "the promise is kept")
        body = case.message_ids[0].body
        for text in ("art. 42", "10 working days", case.extension_reason, self.manager.name):
            self.assertIn(text, body)
        with freeze_time("2026-10-21"), self.assertRaisesText(UserError, "one extension only"):
            case.with_user(self.manager).action_extend()
        self.assertEqual(case.statutory_deadline, date(2026, 11, 6))

    def test_who_may_extend(self):
        # §42 ¶1 "经本行政机关负责人批准": a bureau leader, not the approver of the case
        for user in (self.clerk, self.reviewer, self.approver, self.seal_keeper,
                     self.catalog_admin, self.employee):
            case = self._reasoned_case()
            with self.subTest(user=user.login), freeze_time("2026-10-20"), \
                    self.assertRaisesText(UserError, "Bureau Manager"):
                case.with_user(user).action_extend()
            self.assertFalse(case.extended_days)
            self.assertFalse(case.extension_user_id)
        case = self._reasoned_case()
        with freeze_time("2026-10-20"):
            case.with_user(self.manager).action_extend()
        self.assertEqual(case.extension_user_id, self.manager)

    def test_only_before_the_statutory_deadline_passes(self):
        on_the_day = self._reasoned_case()
        with freeze_time("2026-10-23"):
            on_the_day.with_user(self.manager).action_extend()
        self.assertEqual(on_the_day.extended_days, 10)
        too_late = self._reasoned_case()
        with freeze_time("2026-10-24"), self.assertRaisesText(UserError, "art. 42", "ended"):
            too_late.with_user(self.manager).action_extend()
        self.assertFalse(too_late.extended_days)

    def test_needs_a_reason_and_a_running_clock(self):
        case = self._accepted_case("2026-09-28")
        with freeze_time("2026-10-20"), self.assertRaisesText(UserError, "reason"):
            case.with_user(self.manager).action_extend()
        received = self._received_case("2026-09-28")
        received.extension_reason = "Too early."
        with freeze_time("2026-09-29"), self.assertRaises(UserError):
            received.with_user(self.manager).action_extend()
        decided = self._reasoned_case()
        self._submit(decided)
        decided.with_user(self.approver).action_approve()
        with self.assertRaises(UserError):
            decided.with_user(self.manager).action_extend()
        self.assertFalse(decided.extended_days)

    def test_joint_case_gets_15_working_days(self):
        # items of the housing and the transport departments: handled jointly (§42 ¶2, §26)
        case = self._reasoned_case(items=self.item | self.instant_item)
        self.assertTrue(case.joint_handling)
        self.assertEqual(case.statutory_deadline, date(2026, 12, 4))  # 45 working days
        with freeze_time("2026-11-30"), self.assertRaisesText(
                UserError, "head of the district government", "paragraph 2"):
            case.with_user(self.manager).action_extend()
        self.assertFalse(case.extended_days)
        case.extension_government_ref = "大洼政批〔2026〕12号, 2026-11-27"
        with freeze_time("2026-11-30"):
            case.with_user(self.manager).action_extend()
        self.assertEqual(case.extended_days, 15)
        self.assertEqual(case.statutory_deadline, date(2026, 12, 25))

    def test_special_procedure_under_way_pauses_the_deadline(self):
        case = self._reasoned_case()
        case.with_user(self.reviewer).action_start_review()
        case.suspension_procedure_id = self.hearing
        with freeze_time("2026-10-20"):
            case.with_user(self.reviewer).action_suspend()
        # The stored deadline (10-23) has passed, but the clock stopped on 10-20: the 4
        # working days since (10-21, 22, 23, 26) push it to 10-29.
        with freeze_time("2026-10-26"):
            case.with_user(self.manager).action_extend()
        self.assertEqual(case.extended_days, 10)
        with freeze_time("2026-10-27"):
            case.with_user(self.reviewer).action_resume()
        # 15 + 10 + 5 suspended working days (10-21..23, 26, 27) from 09-28
        self.assertEqual(case.suspended_workdays, 5)
        self.assertEqual(case.statutory_deadline, date(2026, 11, 13))

    def test_extension_is_tracked(self):
        case = self._reasoned_case()
        # the case was received in an earlier transaction (a new record is not tracked)
        self.env.flush_all()
        self.env.cr.precommit.run()
        with freeze_time("2026-10-20"):
            case.with_user(self.manager).with_context(tracking_disable=False).action_extend()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search([
            ("mail_message_id.model", "=", case._name), ("mail_message_id.res_id", "=", case.id),
            ("field_id.name", "=", "extended_days")])
        self.assertEqual(tracked.new_value_integer, 10)
        self.assertEqual(tracked.mail_message_id.author_id, self.manager.partner_id)

    def test_extension_fields_change_only_through_the_action(self):
        case = self._reasoned_case()
        for user in (self.clerk, self.approver, self.manager):
            for values in ({"extended_days": 10}, {"extension_date": "2026-10-20"},
                           {"extension_user_id": user.id},
                           {"statutory_deadline": "2026-12-31"}):
                with self.subTest(user=user.login, values=values), \
                        self.assertRaises(UserError):
                    case.with_user(user).write(values)
        with self.assertRaises(UserError):
            self._create_case(extended_days=10)
        self.assertFalse(case.extended_days)

    def test_extension_notice_fits_the_case(self):
        case = self._reasoned_case()
        Report = self.env["ir.actions.report"].with_user(self.clerk)
        with self.assertRaisesText(UserError, case.name):
            Report._render_qweb_html("dawa_approval.action_report_case_extension", case.ids)
        with freeze_time("2026-10-20"):
            case.with_user(self.manager).action_extend()
        html = Report._render_qweb_html(
            "dawa_approval.action_report_case_extension", case.ids)[0].decode()
        # what was recorded: who approved, when and why (§42 ¶1)
        for text in ("Extension Notice", case.name, case.extension_reason,
                     "Article 42, paragraph 1", "With the approval of Test Manager, head of "
                     "this bureau, given on October 20, 2026", "15 working days",
                     "10 working days", "November 6, 2026"):
            self.assertIn(text, html)
        joint = self._reasoned_case(items=self.item | self.instant_item,
                                    extension_government_ref="大洼政批〔2026〕12号")
        with freeze_time("2026-10-20"):
            joint.with_user(self.manager).action_extend()
        html = Report._render_qweb_html(
            "dawa_approval.action_report_case_extension", joint.ids)[0].decode()
        for text in ("Article 42, paragraph 2",
                     "Government of Dawa District (大洼政批〔2026〕12号)",
                     "requested by Test Manager", "45 working days", "15 working days"):
            self.assertIn(text, html)


@tagged("post_install", "-at_install")
class TestExtensionNoticeDownload(DawaDatesCommon, HttpCase):
    """The 延期告知书 downloads through the web client's route, and is a real PDF.

    In test mode ``/report/download`` serves the report's HTML (Odoo renders PDFs in tests only
    with ``force_report_rendering``, and a forced rendering inside a request would deadlock:
    wkhtmltopdf fetches its assets from this same test server). The PDF itself is rendered
    from the test, as in ``TestCaseDocuments``.
    """

    def _extended_case(self):
        case = self._accepted_case("2026-09-28", applicant_name="Panjin Xinda Construction")
        case.extension_reason = "Waiting for the flood control opinion."
        with freeze_time("2026-10-20"):
            case.with_user(self.manager).action_extend()
        return case

    def _download(self, case):
        return self.url_open("/report/download", data={
            "data": json.dumps([
                f"/report/pdf/dawa_approval.report_case_extension/{case.id}", "qweb-pdf"]),
            "csrf_token": http.Request.csrf_token(self),
        })

    def test_notice_downloads_through_report_download(self):
        case = self._extended_case()
        self.authenticate("test_clerk", "test_clerk")
        response = self._download(case)
        self.assertEqual(response.status_code, 200)
        self.assertIn(url_quote(f"Extension Notice-{case.name}.pdf"),
                      response.headers["Content-Disposition"])
        for text in (case.name, "Article 42", "Waiting for the flood control opinion.",
                     "November 6, 2026"):
            self.assertIn(text, response.text)

    def test_pdf_renders(self):
        self.assertTrue(shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed")
        # wkhtmltopdf fetches the report assets from the test server of this run
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        case = self._extended_case()
        pdf, report_type = self.env["ir.actions.report"].with_user(self.clerk).with_context(
            force_report_rendering=True)._render_qweb_pdf(
                "dawa_approval.action_report_case_extension", case.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", handle.name, "-"], capture_output=True, check=True,
                text=True).stdout
        compact = " ".join(text.split())
        for expected in (case.name, "Panjin Xinda Construction", "Article 42",
                         "Waiting for the flood control opinion.", "November 6, 2026"):
            self.assertIn(expected, compact)


@tagged("post_install", "-at_install")
class TestDeliveryDeadline(DawaDatesCommon):
    """§44: the decision is delivered within 10 working days of its date."""

    def _approved_case(self, day="2026-09-25"):
        case = self._accepted_case(day)
        with freeze_time(day):
            self._submit(case)
            case.with_user(self.approver).action_approve()
        return case

    def test_delivery_deadline_set_at_the_decision(self):
        case = self._approved_case()
        self.assertEqual(case.decision_date, date(2026, 9, 25))
        # 09-28, 29, 30, 10-08, 09, Saturday 10-10, 12, 13, 14, 15
        self.assertEqual(case.delivery_deadline, date(2026, 10, 15))
        denied = self._accepted_case("2026-09-25", decision_note="Flood storage area.")
        with freeze_time("2026-09-25"):
            self._submit(denied)
            denied.with_user(self.approver).action_deny()
        self.assertEqual(denied.delivery_deadline, date(2026, 10, 15))
        refused = self._received_case("2026-09-25", decision_note="Not our item.")
        with freeze_time("2026-09-25"):
            refused.action_not_accept()
        self.assertFalse(refused.delivery_deadline, "a non-acceptance has no certificate")
        with self.assertRaises(UserError):
            case.with_user(self.clerk).write({"delivery_deadline": "2026-12-31"})

    def test_undelivered_decision_turns_due_soon_then_overdue_until_delivered(self):
        case = self._approved_case()
        activity_type = self.env.ref("dawa_approval.mail_activity_type_case_deadline")
        self._cron("2026-10-09")  # 5 working days left
        self.assertEqual(case.deadline_state, "normal")
        self._cron("2026-10-12")  # 3 left: 10-13, 14, 15
        self.assertEqual(case.deadline_state, "warning")
        activity = case.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.clerk, "the handler delivers")
        self.assertEqual(activity.date_deadline, date(2026, 10, 15))
        self.assertIn("Deliver", activity.summary)
        self._cron("2026-10-15")
        self.assertEqual(case.deadline_state, "warning")
        self.assertEqual(len(case.activity_ids.filtered(self._is_deadline_activity)), 1)
        self._cron("2026-10-16")
        self.assertEqual(case.deadline_state, "overdue")
        self.assertEqual(len(case.activity_ids.filtered(self._is_deadline_activity)), 2)
        with freeze_time("2026-10-16"):
            self._set_delivery(case)
            case.action_deliver()
        self.assertEqual((case.state, case.delivery_date), ("closed", date(2026, 10, 16)))
        self.assertEqual(case.deadline_state, "normal", "delivered: nothing runs any more")
        self._cron("2026-10-19")
        self.assertEqual(case.deadline_state, "normal")

    def test_decision_switches_to_the_delivery_deadline_at_once(self):
        case = self._accepted_case("2026-09-28")  # promised deadline 10-08
        self._cron("2026-10-09")
        self.assertEqual(case.deadline_state, "overdue")
        with freeze_time("2026-10-09"):
            self._submit(case)
            case.with_user(self.approver).action_approve()
        self.assertEqual(case.deadline_state, "normal")
        self.assertFalse(case.on_time)

    def test_withdrawn_case_is_no_longer_late(self):
        case = self._accepted_case("2026-09-28")
        self._cron("2026-10-09")
        self.assertEqual(case.deadline_state, "overdue")
        case.withdrawal_reason = "Written request"
        with freeze_time("2026-10-09"):
            case.action_withdraw()
        self.assertEqual(case.deadline_state, "normal")

    @warmup
    def test_cron_query_count_does_not_grow_with_open_and_decided_cases(self):
        # 2 cases (one open, one decided), then 6 (three of each); twelve cases would pass
        # the ORM's batch of 100 rows for the notifications they send (one INSERT more)
        counts = []
        for pairs in (1, 3):
            cases = self.Case.browse()
            for _i in range(pairs):
                cases |= self._accepted_case("2026-11-02")
                cases |= self._approved_case("2026-11-02")
            self.env.flush_all()
            self.env.invalidate_all()
            # the budget of TestCaseDeadlines: the decided cases come in the same read per
            # batch, and their new state in the same UPDATE and batch of activities
            with freeze_time("2026-11-30"), self.assertQueryCount(18):
                start = self.cr.sql_log_count
                self.Case._cron_refresh_deadlines()
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - start)
            self.assertEqual(set(cases.mapped("deadline_state")), {"overdue"})
            self.assertEqual(
                len(cases.activity_ids.filtered(self._is_deadline_activity)), 2 * pairs)
            cases.with_context(tracking_disable=True)._workflow_write({"state": "withdrawn"})
            self.Case._cron_refresh_deadlines()
        if self.warm:
            # the same queries for 6 cases as for 2: none per case
            self.assertEqual(counts[1], counts[0], "queries for 2 cases, then for 6")


@tagged("post_install", "-at_install")
class TestBureauDay(DawaDatesCommon):
    """Every legal date is the bureau's day (Asia/Shanghai), never the user's or UTC's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk_utc = new_test_user(
            cls.env, login="test_clerk_utc", groups="dawa_approval.group_window_clerk",
            tz="UTC", dawa_agency_id=cls.bureau.id)
        cls.clerk_no_tz = new_test_user(
            cls.env, login="test_clerk_no_tz", groups="dawa_approval.group_window_clerk",
            tz=False, dawa_agency_id=cls.bureau.id)
        cls.approver_utc = new_test_user(
            cls.env, login="test_approver_utc", groups="dawa_approval.group_approver",
            tz="UTC", dawa_agency_id=cls.bureau.id)
        cls.env.company.dawa_tz = "Asia/Shanghai"

    def test_receipt_and_decision_on_the_same_bureau_day_at_half_past_midnight(self):
        # 16:30 UTC on 11-22 is 00:30 on Monday 11-23 in Beijing.
        for clerk in (self.clerk_utc, self.clerk_no_tz):
            with self.subTest(clerk=clerk.login), freeze_time("2026-11-22 16:30:00"):
                case = self._provide_all(self._create_case(
                    items=self.instant_item, user=clerk))
                case.with_user(clerk).with_context(tz="UTC").action_accept()
                case.with_user(self.approver_utc).with_context(tz="UTC").action_approve()
                self._set_delivery(case)
                case.with_user(clerk).action_deliver()
                self.assertEqual(case.received_date, date(2026, 11, 23))
                self.assertEqual(case.accepted_date, date(2026, 11, 23))
                self.assertEqual(case.decision_date, date(2026, 11, 23))
                self.assertEqual(case.delivery_date, date(2026, 11, 23))
                self.assertEqual(case.closed_date, date(2026, 11, 23))

    def test_late_evening_is_still_the_same_day(self):
        with freeze_time("2026-11-23 15:30:00"):  # 23:30 in Beijing
            case = self._create_case(user=self.clerk_utc, correction_note="Sign it.")
            case.with_user(self.clerk_utc).action_request_correction()
        self.assertEqual(case.received_date, date(2026, 11, 23))
        self.assertEqual(case.correction_date, date(2026, 11, 23))
        with freeze_time("2026-11-23 16:30:00"):  # 00:30 on 11-24
            self._provide_all(case).with_user(self.clerk_no_tz).action_accept()
            case.with_user(self.reviewer).with_context(tz="UTC").action_start_review()
            case.suspension_procedure_id = self.hearing
            case.with_user(self.reviewer).with_context(tz="UTC").action_suspend()
        self.assertEqual(case.accepted_date, date(2026, 11, 24))
        self.assertEqual(case.clock_start_date, date(2026, 11, 24))
        self.assertEqual(case.review_date, date(2026, 11, 24))
        self.assertEqual(case.suspension_start_date, date(2026, 11, 24))

    def test_form_default_is_the_bureau_day(self):
        with freeze_time("2026-11-22 16:30:00"):
            form = Form(self.env["dawa.approval.case"].with_user(self.clerk_utc)
                        .with_context(tz="UTC"))
            self.assertEqual(form.received_date, date(2026, 11, 23))
            form.applicant_name = "Li Lei"
            with form.line_ids.new() as line:
                line.item_id = self.item
            case = form.save()
        self.assertEqual(case.received_date, date(2026, 11, 23))

    def test_company_sets_the_bureau_time_zone(self):
        self.env.company.dawa_tz = "UTC"
        with freeze_time("2026-11-22 16:30:00"):
            case = self._create_case(user=self.clerk_no_tz)
        self.assertEqual(case.received_date, date(2026, 11, 22))
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.dawa_tz, "UTC")
        settings.dawa_tz = "Asia/Shanghai"
        settings.execute()
        self.assertEqual(self.env.company.dawa_tz, "Asia/Shanghai")

    def test_cron_runs_in_the_bureau_day(self):
        # Received Monday 11-16: the correction notice is due by Monday 11-23. The cron runs
        # at 16:30 UTC on 11-23, which is already Tuesday 11-24 in Beijing.
        with freeze_time("2026-11-16 02:00:00"):
            case = self._provide_all(self._create_case(user=self.clerk_utc))
        self._cron("2026-11-22 16:30:00")  # Beijing 11-23: still in time
        self.assertFalse(case.deemed_accepted)
        self._cron("2026-11-23 16:30:00")
        self.assertTrue(case.deemed_accepted)
        self.assertEqual(case.clock_start_date, date(2026, 11, 16))

    def test_rating_day_is_the_bureau_day(self):
        with freeze_time("2026-11-20"):
            case = self._provide_all(self._create_case(items=self.instant_item))
            case.action_accept()
            case.with_user(self.approver).action_approve()
        with freeze_time("2026-11-22 16:30:00"):
            case.with_context(tz="UTC")._rate("1", "Nobody answered the phone")
        self.assertEqual(case._bureau_date(case.rating_date), date(2026, 11, 23))
        # 5 working days from Monday 11-23, not from Sunday 11-22
        self.assertEqual(case.rectification_ids.deadline, date(2026, 11, 30))

    def test_no_context_today_left_for_legal_dates(self):
        """The cases, seals, agreements and rectifications read today only through the
        bureau's day."""
        for module in (dawa_approval_case, dawa_approval_case_deadline,
                       dawa_approval_case_document, dawa_approval_case_handoff,
                       dawa_approval_case_numbering, dawa_approval_case_online,
                       dawa_approval_case_rating, dawa_approval_rectification,
                       dawa_deadline_mixin, dawa_seal, dawa_transfer_agreement):
            self.assertNotIn("context_today", inspect.getsource(module), module.__name__)


@tagged("post_install", "-at_install")
class TestProvisionalDeadlines(DawaDatesCommon):
    """A deadline in a year whose arrangement is not confirmed counts weekends only and is
    flagged until the year is entered and confirmed."""

    def _enter_2027(self):
        """The catalogue admin enters New Year 2027 (a Friday) by hand."""
        return self.env["dawa.holiday"].with_user(self.catalog_admin).create(
            {"date": "2027-01-01", "kind": "holiday", "name": "元旦"})

    def _confirm(self, year):
        wizard = self.env["dawa.holiday.seed"].with_user(self.catalog_admin).create(
            {"year": year})
        return wizard.action_confirm_year()

    def test_deadline_in_2027_is_provisional_until_the_year_is_confirmed(self):
        case = self._accepted_case("2026-12-14")
        early = self._accepted_case("2026-10-12", items=self.instant_item)
        self.assertEqual(case.promised_deadline, date(2026, 12, 17))
        # 15 working days: 12-15..31 are 13, then Friday 01-01 and Monday 01-04 (weekends only)
        self.assertEqual(case.statutory_deadline, date(2027, 1, 4))
        self.assertTrue(case.deadline_provisional)
        self.assertFalse(early.deadline_provisional)
        self.assertEqual(self.Case.search([
            ("deadline_provisional", "=", True), ("id", "in", (case | early).ids)]), case)

        self._enter_2027()
        self._cron("2026-12-15")
        self.assertEqual(case.statutory_deadline, date(2027, 1, 4),
                         "rows of a year not confirmed do not count yet")
        self.assertTrue(case.deadline_provisional)

        with freeze_time("2026-12-15"):
            self._confirm(2027)
        # recomputed at once: 01-01 is off, so 01-05
        self.assertEqual(case.statutory_deadline, date(2027, 1, 5))
        self.assertFalse(case.deadline_provisional)
        self._cron("2026-12-16")
        self.assertEqual(case.statutory_deadline, date(2027, 1, 5))
        self.assertFalse(case.deadline_provisional)

        # an admin withdraws the confirmation: back to weekends only
        self.env["dawa.holiday.year"].with_user(self.catalog_admin).search(
            [("year", "=", 2027)]).unlink()
        self.assertEqual(case.statutory_deadline, date(2027, 1, 4))
        self.assertTrue(case.deadline_provisional)

    def test_cron_recomputes_provisional_deadlines_of_decided_cases(self):
        case = self._accepted_case("2026-12-22", items=self.instant_item)
        with freeze_time("2026-12-22"):
            case.with_user(self.approver).action_approve()
        # 10 working days from 12-22: 23, 24, 25, 28, 29, 30, 31, 01-01, 04, 05
        self.assertEqual(case.delivery_deadline, date(2027, 1, 5))
        self.assertTrue(case.deadline_provisional)
        self._enter_2027()
        self.env["dawa.holiday.year"].create({"year": 2027})
        self._cron("2026-12-28")
        self.assertEqual(case.delivery_deadline, date(2027, 1, 6))
        self.assertFalse(case.deadline_provisional)

    def test_provisional_flag_is_shown_and_filtered(self):
        Case = self.Case.with_user(self.clerk)
        for view_type in ("list", "kanban", "form"):
            arch = Case.get_view(view_type=view_type)["arch"]
            self.assertIn("deadline_provisional", arch, view_type)
        self.assertIn('name="filter_provisional"', Case.get_view(view_type="search")["arch"])
        case = self._accepted_case("2026-12-14")
        self.assertEqual(case.with_user(self.clerk).deadline_provisional_label, "Provisional")
        with self.assertRaises(UserError):
            case.with_user(self.clerk).write({"deadline_provisional": False})

    def test_confirming_a_year_needs_its_rows_and_the_year_before(self):
        with self.assertRaisesText(ValidationError, "2027"):
            self._confirm(2027)
        self.env["dawa.holiday"].create({"date": "2028-01-03", "kind": "holiday", "name": "元旦"})
        with self.assertRaisesText(ValidationError, "2027"):
            self._confirm(2028)
        self._enter_2027()
        with self.assertRaises(AccessError):
            self.env["dawa.holiday.year"].with_user(self.clerk).create({"year": 2027})
        self._confirm(2027)
        with self.assertRaisesText(UserError, "already confirmed"):
            self._confirm(2027)
        self._confirm(2028)
        self.assertEqual(
            self.env["dawa.holiday"]._get_work_calendar().confirmed_through, 2028)
