from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_case_dates import DawaDatesCommon


@tagged("post_install", "-at_install")
class TestDeadlineMixin(DawaDatesCommon):
    """One deadline mechanism (dawa.deadline.mixin) for every piece of work due by a
    working-day deadline: the daily refresh of the deadline state, the overdue flag and its
    search, the refresh's own privilege."""

    def _rectification(self):
        """A bad rating on Friday 2026-11-20: rectify within 5 working days, by 11-27."""
        with freeze_time("2026-11-20 02:00:00"):
            case = self._provide_all(self._create_case(items=self.instant_item))
            case.action_accept()
            case.with_user(self.approver).action_approve()
            case._rate("1", "Nobody answered the phone")
        self.assertEqual(case.rectification_ids.deadline, date(2026, 11, 27))
        return case.rectification_ids

    def _refresh(self, model, day):
        with freeze_time(day):
            self.env[model]._cron_refresh_deadline_states()

    def test_rectification_due_soon_then_overdue_until_done(self):
        rectification = self._rectification()
        Rectification = self.env["dawa.approval.rectification"]
        self._refresh("dawa.approval.rectification", "2026-11-23 02:00:00")  # 4 days left
        self.assertEqual(rectification.deadline_state, "normal")
        self._refresh("dawa.approval.rectification", "2026-11-24 02:00:00")  # 3 days left
        self.assertEqual(rectification.deadline_state, "warning")
        with freeze_time("2026-11-27 02:00:00"):
            rectification.invalidate_recordset(["is_overdue"])
            self.assertFalse(rectification.is_overdue)
            self.assertNotIn(rectification, Rectification.search([("is_overdue", "=", True)]))
        self._refresh("dawa.approval.rectification", "2026-11-30 02:00:00")
        self.assertEqual(rectification.deadline_state, "overdue")
        with freeze_time("2026-11-30 02:00:00"):
            rectification.invalidate_recordset(["is_overdue"])
            self.assertTrue(rectification.is_overdue)
            self.assertIn(rectification, Rectification.search([("is_overdue", "=", True)]))
            self.assertNotIn(rectification,
                             Rectification.search([("is_overdue", "=", False)]))
            rectification.with_user(self.manager).write({
                "measures": "Called the applicant back.", "follow_up_date": "2026-11-30",
                "follow_up_note": "Satisfied with the answer.", "follow_up_result": "satisfied",
            })
            rectification.with_user(self.manager).action_close()
        # done: on time again for the figures, and no longer overdue (no on-time flag kept)
        self._refresh("dawa.approval.rectification", "2026-12-01 02:00:00")
        self.assertEqual(rectification.deadline_state, "normal")
        with freeze_time("2026-12-01 02:00:00"):
            rectification.invalidate_recordset(["is_overdue"])
            self.assertFalse(rectification.is_overdue)
            self.assertIn(rectification, Rectification.search([("is_overdue", "=", False)]))

    def test_complaint_refresh_and_guard(self):
        self.env["ir.config_parameter"].set_param("dawa_approval.complaint_days", "3")
        with freeze_time("2026-09-29 02:00:00"):
            complaint = self.env["dawa.complaint"].sudo().create({
                "complainant_name": "王五", "content": "Nobody answered the phone."})
        self.assertEqual(complaint.deadline, date(2026, 10, 9))
        self._refresh("dawa.complaint", "2026-10-08 02:00:00")
        self.assertEqual(complaint.deadline_state, "warning")
        self._refresh("dawa.complaint", "2026-10-12 02:00:00")
        self.assertEqual(complaint.deadline_state, "overdue")
        # the state is the refresh's: nobody writes it, a leader neither
        with self.assertRaisesText(UserError, "can only be changed with its buttons"):
            complaint.with_user(self.manager).write({"deadline_state": "normal"})
        self.assertEqual(complaint.deadline_state, "overdue")

    def test_case_overdue_flag_follows_its_deadline_state(self):
        case = self._accepted_case("2026-10-12")
        Case = self.env["dawa.approval.case"]
        self.assertFalse(case.is_overdue)
        self.assertIn(case, Case.search([("is_overdue", "=", False)]))
        case._workflow_write({"deadline_state": "overdue"})
        self.assertTrue(case.is_overdue)
        self.assertIn(case, Case.search([("is_overdue", "=", True)]))
        self.assertNotIn(case, Case.search([("is_overdue", "!=", True)]))
