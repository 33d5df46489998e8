from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import DawaSupervisionCommon

# A Monday; 5 working days later is Sunday 2026-09-20, a make-up workday (调休).
MEETING_DAY = "2026-09-14"


@tagged("post_install", "-at_install")
class TestJointMeeting(DawaSupervisionCommon, HttpCase):
    """审批联席会议: decisions become the owners' follow-ups with working-day deadlines,
    tracked to closure and flagged overdue; the minutes print as 会议纪要."""

    def _meeting(self, **values):
        return self.env["dawa.joint.meeting"].with_user(self.manager).create({
            "name": "Joint meeting on construction permits",
            "date": MEETING_DAY,
            "chair_id": self.manager.id,
            "agency_ids": [Command.set([self.bureau.id, self.housing.id])],
            "topics": "Push of permits to the departments",
            "decision_ids": [
                Command.create({"name": "Housing checks every permit within 5 days.",
                                "agency_id": self.housing.id, "deadline_days": 5}),
                Command.create({"name": "Water lists the river projects.",
                                "agency_id": self.water.id, "deadline_days": 10}),
                Command.create({"name": "Noted: no change to the catalogue."}),
            ],
            **values,
        })

    def _held(self):
        meeting = self._meeting()
        with freeze_time(MEETING_DAY):
            meeting.with_user(self.manager).action_hold()
        return meeting

    def test_hold_spawns_followups_with_working_day_deadlines(self):
        meeting = self._held()
        self.assertEqual(meeting.state, "held")
        self.assertTrue(meeting.number)
        housing, water = meeting.followup_ids.sorted(lambda f: f.agency_id != self.housing)
        self.assertEqual(housing.agency_id, self.housing)
        self.assertEqual(housing.deadline.isoformat(), "2026-09-20")
        self.assertEqual(water.deadline.isoformat(), "2026-09-28")
        # the decision without an owner needs no follow-up
        self.assertEqual(len(meeting.followup_ids), 2)
        self.assertEqual(meeting.decision_ids[2].state, "done")

    def test_deadline_skips_national_day(self):
        meeting = self._meeting(date="2026-09-30")
        self.assertEqual(meeting.decision_ids[0].deadline.isoformat(), "2026-10-13")

    def test_followup_tracked_to_closure_and_overdue_flag(self):
        meeting = self._held()
        housing = meeting.followup_ids.filtered(lambda f: f.agency_id == self.housing)
        water = meeting.followup_ids - housing
        Followup = self.env["dawa.joint.meeting.followup"]
        with freeze_time("2026-09-22"):
            self.assertTrue(housing.is_overdue)
            self.assertFalse(water.is_overdue)
            self.assertEqual(Followup.search([("is_overdue", "=", True),
                                              ("meeting_id", "=", meeting.id)]), housing)
            housing = housing.with_user(self.housing_user)
            with self.assertRaisesText(UserError, "Write what was done"):
                housing.action_done()
            housing.result_note = "Checked all twelve permits."
            housing.action_done()
        self.assertEqual(housing.state, "done")
        self.assertFalse(housing.on_time)
        self.assertTrue(housing.is_overdue)  # done late stays flagged
        self.assertEqual(housing.decision_id.state, "done")
        with freeze_time("2026-09-22"), self.assertRaisesText(UserError, "every decision"):
            meeting.with_user(self.manager).action_close()
        with freeze_time("2026-09-25"):
            water.with_user(self.water_user).write({"result_note": "List sent."})
            water.with_user(self.water_user).action_done()
            self.assertTrue(water.on_time)
            meeting.with_user(self.manager).action_close()
        self.assertEqual(meeting.state, "closed")

    def test_department_sees_and_closes_only_its_own_followups(self):
        meeting = self._held()
        housing = meeting.followup_ids.filtered(lambda f: f.agency_id == self.housing)
        water = meeting.followup_ids - housing
        Followup = self.env["dawa.joint.meeting.followup"].with_user(self.housing_user)
        self.assertEqual(Followup.search([]), housing)
        self.assertEqual(Followup.search_read([], ["agency_id"])[0]["id"], housing.id)
        with self.assertRaises(AccessError):
            water.with_user(self.housing_user).read(["name"])
        with self.assertRaises(AccessError):
            water.with_user(self.housing_user).write({"result_note": "Not ours"})
        with self.assertRaises(AccessError):
            water.with_user(self.housing_user).action_done()
        with self.assertRaises(UserError):  # the workflow guard, or the access rights
            Followup.create({"decision_id": meeting.decision_ids[0].id,
                             "agency_id": self.housing.id})
        # the water department attended no meeting but owns a decision: it reads the meeting
        self.assertIn(meeting,
                      self.env["dawa.joint.meeting"].with_user(self.water_user).search([]))
        other = self._meeting(agency_ids=[Command.set([self.bureau.id])], decision_ids=[
            Command.create({"name": "Bureau only.", "agency_id": self.bureau.id})])
        Meeting = self.env["dawa.joint.meeting"].with_user(self.water_user)
        self.assertNotIn(other, Meeting.search([]))

    def test_workflow_fields_written_only_by_the_buttons(self):
        meeting = self._held()
        followup = meeting.followup_ids.filtered(lambda f: f.agency_id == self.housing)
        for vals in ({"state": "done"}, {"deadline": "2027-01-01"}, {"on_time": True},
                     {"agency_id": self.water.id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                followup.with_user(self.housing_user).write(vals)
        with self.assertRaises(UserError):
            meeting.with_user(self.manager).write({"state": "closed"})
        with self.assertRaises(UserError):
            meeting.decision_ids[0].with_user(self.manager).write({"name": "Rewritten"})
        with self.assertRaises(UserError):
            meeting.decision_ids[0].with_user(self.manager).write({"state": "done"})
        with self.assertRaises(UserError):
            followup.with_user(self.manager).unlink()

    def test_only_leaders_hold_meetings(self):
        meeting = self._meeting()
        with freeze_time(MEETING_DAY):
            with self.assertRaises(UserError):
                meeting.with_user(self.clerk).action_hold()
            with self.assertRaises(UserError):
                meeting.with_user(self.housing_user).action_hold()
        with self.assertRaises(AccessError):
            self.env["dawa.joint.meeting"].with_user(self.housing_user).create(
                {"name": "Forged", "chair_id": self.housing_user.id})

    def test_hold_needs_decisions_and_the_day(self):
        with freeze_time("2026-09-11"), self.assertRaisesText(UserError, MEETING_DAY):
            self._meeting().with_user(self.manager).action_hold()
        with freeze_time(MEETING_DAY), self.assertRaisesText(UserError, "decision"):
            self._meeting(decision_ids=[]).with_user(self.manager).action_hold()
        with self.assertRaises(ValidationError):
            self._meeting(decision_ids=[Command.create({"name": "x", "deadline_days": 0})])

    def test_minutes_pdf_lists_decisions_and_owners(self):
        meeting = self._held()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "dawa_supervision.report_joint_meeting_minutes", meeting.ids)[0].decode()
        self.assertIn(meeting.number, html)
        self.assertIn("Housing checks every permit within 5 days.", html)
        self.assertIn(self.housing.name, html)
        self.assertIn("2026-09-20", html)
        # wkhtmltopdf fetches the report assets from the test server of this run
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        pdf, kind = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(
            "dawa_supervision.report_joint_meeting_minutes", meeting.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
