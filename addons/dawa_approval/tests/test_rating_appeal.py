"""好差评 (国办发〔2019〕51号): the staff member's appeal against a dissatisfied rating (申诉复核)
decided by a bureau leader; an upheld appeal sets the rating aside in every figure, kept and
marked on the case; the follow-up call (回访) is recorded by someone else than the person who
answered; the monthly satisfaction published without personal data."""

import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import EnglishVisitorMixin
from .test_public_case import DawaRatingCommon


class AppealCommon(DawaRatingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_manager = cls.env["res.users"].create({
            "name": "Second Leader", "login": "test_second_leader",
            "password": "test_second_leader", "email": "second.leader@example.com",
            "groups_id": [(6, 0, [cls.env.ref("dawa_approval.group_manager").id])],
            "dawa_agency_id": cls.bureau.id,
        })

    def _rated(self, rating="1", comment="Rude at the window"):
        case = self._decided_case().with_env(self.env)
        case._rate(rating, comment)
        return case

    def _evidence(self, name="recording.txt"):
        return self.env["ir.attachment"].with_user(self.clerk).create({
            "name": name, "datas": base64.b64encode(b"window camera log 09:14-09:31"),
            "res_model": "dawa.approval.rectification"})

    def _appealed(self, case=None):
        case = case or self._rated()
        rectification = case.rectification_ids.with_user(self.clerk)
        rectification.write({
            "appeal_reason": "The applicant was served in 4 minutes; the camera shows no "
                             "rudeness. He rated before being served.",
            "appeal_attachment_ids": [(6, 0, self._evidence().ids)]})
        rectification.action_appeal()
        return rectification.with_env(self.env)


@tagged("post_install", "-at_install")
class TestRatingAppeal(AppealCommon):

    def test_staff_member_appeals_with_reasons_and_evidence(self):
        case = self._rated()
        rectification = case.rectification_ids.with_user(self.clerk)
        with self.assertRaisesText(UserError, "grounds"):
            rectification.action_appeal()
        rectification.appeal_reason = "He rated before being served."
        with self.assertRaisesText(UserError, "evidence"):
            rectification.action_appeal()
        rectification.appeal_attachment_ids = [(6, 0, self._evidence().ids)]
        # only the staff member the rating is about
        with self.assertRaisesText(UserError, "only the staff member the rating is about"):
            rectification.with_user(self.manager).action_appeal()
        for user in (self.reviewer, self.other_clerk):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                rectification.with_user(user).action_appeal()
        with freeze_time("2026-10-12"):
            rectification.action_appeal()
        self.assertEqual((rectification.appeal_state, rectification.appeal_user_id,
                          rectification.appeal_date), ("submitted", self.clerk, date(2026, 10, 12)))
        with self.assertRaisesText(UserError, "once"):
            rectification.action_appeal()
        with self.assertRaisesText(UserError, "only the staff member"):
            rectification.appeal_reason = "Changed after submitting."

    def test_leader_decides_not_the_appellant(self):
        rectification = self._appealed()
        for user in (self.clerk, self.reviewer, self.approver):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                rectification.with_user(user).action_uphold_appeal()
            with self.subTest(user=user.login), self.assertRaises(UserError):
                rectification.with_user(user).action_reject_appeal()
        with self.assertRaisesText(UserError, "Only a bureau leader"):
            rectification.with_user(self.clerk).appeal_decision_note = "Upheld by myself."
        with self.assertRaisesText(UserError, "findings"):
            rectification.with_user(self.manager).action_uphold_appeal()
        self.assertEqual(rectification.appeal_state, "submitted")
        self.assertFalse(rectification.case_id.rating_excluded)

    def test_leader_who_appealed_does_not_decide_his_own_appeal(self):
        case = self._rated()
        rectification = case.rectification_ids
        rectification.with_user(self.manager).user_id = self.other_manager
        rectification = rectification.with_user(self.other_manager)
        rectification.write({"appeal_reason": "Malicious: a rival firm.",
                             "appeal_attachment_ids": [(6, 0, self._evidence().ids)]})
        rectification.action_appeal()
        rectification.appeal_decision_note = "I agree with myself."
        with self.assertRaisesText(UserError, "another bureau leader"):
            rectification.action_uphold_appeal()
        rectification.with_user(self.manager).action_uphold_appeal()
        self.assertEqual(rectification.appeal_state, "upheld")

    def test_upheld_appeal_sets_the_rating_aside_kept_and_marked(self):
        case = self._rated()
        kept = self._rated("2", "Slow")
        self.assertEqual(case.counted_rating, "1")
        rectification = self._appealed(case)
        rectification.with_user(self.manager).appeal_decision_note = (
            "The camera shows a polite service in 4 minutes: a mistaken rating.")
        with freeze_time("2026-10-13"):
            rectification.with_user(self.manager).action_uphold_appeal()
        self.assertEqual((rectification.appeal_state, rectification.appeal_decided_user_id,
                          rectification.appeal_decided_date),
                         ("upheld", self.manager, date(2026, 10, 13)))
        self.assertEqual((rectification.state, rectification.done_user_id), ("done", self.manager))
        self.assertEqual(case.rating, "1", "the rating is kept")
        self.assertTrue(case.rating_excluded, "and marked")
        self.assertFalse(case.counted_rating)
        self.assertIn("no longer counted", case.message_ids[0].body)
        # the dashboard counts it no more; the other dissatisfied rating still counts
        data = self.env["dawa.approval.case"].with_user(self.manager).get_dashboard_data()
        bad = {entry["key"]: entry["count"] for entry in data["ratings"]}
        self.assertEqual((bad["1"], bad["2"]), (0, 1))
        self.assertEqual(data["total"]["bad"], 1)
        self.assertEqual(self.env["dawa.approval.case"].search_count(
            data["total"]["bad_domain"]), 1)
        self.assertEqual(kept.counted_rating, "2")
        figures = self.env["dawa.approval.case"]._get_case_statistics([], [])
        self.assertEqual(sum(row["bad"] for row in figures.values()), 1)

    def test_rejected_appeal_keeps_the_rating_and_the_rectification(self):
        rectification = self._appealed()
        rectification.with_user(self.manager).appeal_decision_note = "Waiting time confirmed."
        rectification.with_user(self.manager).action_reject_appeal()
        self.assertEqual((rectification.appeal_state, rectification.state),
                         ("rejected", "open"))
        self.assertEqual(rectification.case_id.counted_rating, "1")
        with self.assertRaises(UserError):
            rectification.with_user(self.manager).action_uphold_appeal()

    def test_appeal_fields_refused_on_direct_write(self):
        rectification = self._appealed()
        for user in (self.clerk, self.manager):
            for values in ({"appeal_state": "upheld"},
                           {"appeal_user_id": self.other_manager.id},
                           {"appeal_decided_user_id": user.id},
                           {"appeal_decided_date": "2026-10-13"}):
                with self.subTest(user=user.login, values=values), \
                        self.assertRaises(UserError):
                    rectification.with_user(user).write(values)
            for values in ({"rating_excluded": True}, {"counted_rating": False}):
                with self.subTest(user=user.login, values=values), \
                        self.assertRaises(UserError):
                    rectification.case_id.with_user(user).write(values)
        self.assertEqual(rectification.appeal_state, "submitted")
        self.assertFalse(rectification.case_id.rating_excluded)


@tagged("post_install", "-at_install")
class TestFollowUpByAnother(AppealCommon):
    """The person who answered a rectification does not record its 回访 himself."""

    def test_who_records_the_follow_up(self):
        rectification = self._rated().rectification_ids
        rectification.with_user(self.clerk).measures = "Apologised and explained the queue."
        follow_up = {"follow_up_date": date(2026, 10, 9), "follow_up_result": "satisfied",
                     "follow_up_note": "The applicant accepts the apology."}
        with self.assertRaisesText(UserError, "you answered"):
            rectification.with_user(self.clerk).write(follow_up)
        # the second person must be named by a leader, and may not be the handler himself
        with self.assertRaisesText(UserError, "Only a bureau manager"):
            rectification.with_user(self.clerk).follow_up_user_id = self.other_clerk
        with self.assertRaises(ValidationError):
            rectification.with_user(self.manager).follow_up_user_id = self.clerk
        with self.assertRaises(AccessError):
            rectification.with_user(self.other_clerk).read(["complaint"])
        rectification.with_user(self.manager).follow_up_user_id = self.other_clerk
        second = rectification.with_user(self.other_clerk)
        second.write(follow_up)
        with self.assertRaisesText(UserError, "not by the staff member who answered"):
            rectification.with_user(self.clerk).action_close()
        second.action_close()
        self.assertEqual((rectification.state, rectification.done_user_id),
                         ("done", self.other_clerk))

    def test_a_leader_who_answered_does_not_record_it_either(self):
        rectification = self._rated().rectification_ids
        rectification.with_user(self.manager).user_id = self.manager
        with self.assertRaisesText(UserError, "you answered"):
            rectification.with_user(self.manager).follow_up_note = "Called back."
        rectification.with_user(self.other_manager).write({
            "follow_up_date": date(2026, 10, 9), "follow_up_result": "satisfied",
            "follow_up_note": "Called back."})
        with self.assertRaisesText(UserError, "not by the staff member"):
            rectification.with_user(self.manager).action_close()
        rectification.with_user(self.other_manager).action_close()
        self.assertEqual(rectification.done_user_id, self.other_manager)


@tagged("post_install", "-at_install")
class TestPublicSatisfaction(EnglishVisitorMixin, AppealCommon, HttpCase):
    """The monthly satisfaction figures, public, counts only."""

    def test_monthly_figures_without_personal_data(self):
        with freeze_time("2026-10-12 03:00:00"):
            cases = [self._rated(rating, comment) for rating, comment in (
                ("5", ""), ("4", "Quick"), ("5", ""), ("1", "Lost my papers, 李雷 was rude"))]
            upheld = self._rated("2", "Malicious")
        rectification = self._appealed(upheld)
        rectification.with_user(self.manager).appeal_decision_note = "A rival firm's rating."
        rectification.with_user(self.manager).action_uphold_appeal()
        with freeze_time("2026-10-20 03:00:00"):
            rows = self.env["dawa.approval.case"]._get_monthly_satisfaction()
        response = self.url_open("/dawa/satisfaction")
        october = rows[0]
        self.assertEqual(october["month"], date(2026, 10, 1))
        self.assertEqual(october["levels"], [2, 1, 0, 0, 1], "5 … 1, the upheld appeal left out")
        self.assertEqual((october["total"], october["satisfied"], october["rate"],
                          october["bad"], october["rectified"]), (4, 3, 75.0, 1, 0))
        self.assertEqual(len(rows), 12)
        self.assertEqual(rows[1]["total"], 0)
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("75.0%", html)
        for private in ("李雷", "Lost my papers", cases[0].name, cases[0].applicant_name,
                        self.clerk.name, "Malicious", upheld.name):
            self.assertNotIn(private, html)
