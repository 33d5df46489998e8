import re
import secrets
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DawaCaseCommon, EnglishVisitorMixin

CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')


class DawaRatingCommon(DawaCaseCommon):
    """Decided cases and a second clerk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dawa.holiday"]._seed_year(2026)
        cls.other_clerk = new_test_user(
            cls.env, login="test_other_clerk", groups="dawa_approval.group_window_clerk",
            dawa_agency_id=cls.bureau.id)
        cls.department_user = new_test_user(
            cls.env, login="test_department_user", groups="base.group_user",
            dawa_agency_id=cls.housing.id)

    @classmethod
    def _decided_case(cls, **values):
        case = cls._provide_all(cls._create_case(**values))
        case.with_user(cls.clerk).action_accept()
        cls._submit(case)
        case.with_user(cls.approver).action_approve()
        return case


@tagged("post_install", "-at_install")
class TestPublicCase(EnglishVisitorMixin, DawaRatingCommon, HttpCase):
    """The public case page, its rating form and the public service guide, over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._provide_all(cls._create_case(note="<p>Internal remark XYZZY</p>"))
        cls.other = cls._create_case(
            applicant_name="Panjin Other Trading Co., Ltd.",
            applicant_id_number="91211104MA0Y8K2L3H",
            applicant_phone="13900001111",
        )

    def _url(self, case, suffix=""):
        return f"/dawa/case/{case.sudo().access_token}{suffix}"

    def _get_csrf(self, case):
        response = self.url_open(self._url(case))
        self.assertEqual(response.status_code, 200)
        match = CSRF_PATTERN.search(response.text)
        self.assertTrue(match, "the rating form carries a CSRF token")
        return match.group(1)

    def _post_rating(self, case, rating, comment="", csrf=None):
        return self.url_open(self._url(case, "/rate"), data={
            "csrf_token": csrf if csrf is not None else self._get_csrf(case),
            "rating": rating,
            "comment": comment,
        })

    # ------------------------------------------------------------------
    # case page
    # ------------------------------------------------------------------

    def test_case_page_shows_only_whitelisted_values(self):
        response = self.url_open(self._url(self.case))
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn(self.case.name, html)
        self.assertIn(self.item.name, html)
        self.assertIn('name="viewport"', html)
        for secret in ("91211100MA0YJ1C45H", "13812345678", "Panjin Jianye Construction",
                       "XYZZY", self.other.name):
            self.assertNotIn(secret, html)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")

    def test_token_of_one_case_never_shows_another(self):
        html = self.url_open(self._url(self.other)).text
        self.assertIn(self.other.name, html)
        self.assertNotIn(self.case.name, html)
        self.assertNotIn("13900001111", html)
        self.assertNotIn("91211104MA0Y8K2L3H", html)

    def test_unknown_and_malformed_tokens_are_404(self):
        token = self.case.sudo().access_token
        for bad in (
            secrets.token_urlsafe(32),       # well formed, unknown
            token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character off
            token.upper() if token.upper() != token else token.lower(),
            "abcde",                         # too short
            "a" * 200,                       # too long
            "..%2F..%2Fetc%2Fpasswd",        # path traversal attempt
            token[:40] + "%27--",            # SQL-ish characters
        ):
            with self.subTest(token=bad):
                self.assertEqual(self.url_open(f"/dawa/case/{bad}").status_code, 404)
        self.assertEqual(self.url_open("/dawa/case/../etc").status_code, 404)
        csrf = self._csrf_without_form()
        response = self.url_open(f"/dawa/case/{secrets.token_urlsafe(32)}/rate",
                                 data={"rating": "5", "csrf_token": csrf})
        self.assertEqual(response.status_code, 404)

    # ------------------------------------------------------------------
    # rating
    # ------------------------------------------------------------------

    def test_no_rating_before_decision(self):
        html = self.url_open(self._url(self.case)).text
        self.assertNotIn('name="rating"', html)
        response = self._post_rating(self.case, "5", csrf=self._csrf_without_form())
        self.assertEqual(response.status_code, 400)
        self.assertIn("once a decision has been made", response.text)
        self.case.invalidate_recordset()
        self.assertFalse(self.case.rating)

    def _csrf_without_form(self):
        """A CSRF token of this browser session, taken from a page that has the form."""
        return self._get_csrf(self._decided_case())

    def test_rate_once_after_decision(self):
        case = self._decided_case()
        response = self._post_rating(case, "5", "Quick and friendly")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.history[0].status_code, 303)
        self.assertIn("Thank you for your rating", response.text)
        case.invalidate_recordset()
        self.assertEqual((case.rating, case.rating_comment), ("5", "Quick and friendly"))
        self.assertTrue(case.rating_date)
        self.assertNotIn('name="rating"', response.text, "no form once rated")

        csrf = CSRF_PATTERN.search(self.url_open(self._url(self._decided_case())).text).group(1)
        response = self._post_rating(case, "1", "Changed my mind", csrf=csrf)
        self.assertEqual(response.status_code, 400)
        self.assertIn("already been rated", response.text)
        case.invalidate_recordset()
        self.assertEqual(case.rating, "5")
        self.assertFalse(case.rectification_ids)

    def test_post_without_csrf_is_refused(self):
        case = self._decided_case()
        response = self.url_open(self._url(case, "/rate"), data={"rating": "5"})
        self.assertEqual(response.status_code, 400)
        case.invalidate_recordset()
        self.assertFalse(case.rating)

    def test_bad_rating_needs_comment_and_opens_rectification(self):
        case = self._decided_case()
        response = self._post_rating(case, "1", "   ")
        self.assertEqual(response.status_code, 400)
        self.assertIn("a comment is required", response.text)
        self.assertRegex(response.text, r'value="1"\s+checked', "the chosen level is kept")
        case.invalidate_recordset()
        self.assertFalse(case.rating)
        self.assertFalse(case.rectification_ids)

        response = self._post_rating(case, "1", "Asked to come back three times")
        self.assertEqual(response.status_code, 200)
        case.invalidate_recordset()
        self.assertEqual(case.rating, "1")
        rectification = case.rectification_ids
        self.assertEqual(len(rectification), 1)
        self.assertEqual(rectification.complaint, "Asked to come back three times")
        self.assertEqual(rectification.user_id, self.clerk)
        rating_day = case._bureau_date(case.rating_date)
        self.assertEqual(
            rectification.deadline, self.env["dawa.holiday"].add_workdays(rating_day, 5))

    # ------------------------------------------------------------------
    # service guide
    # ------------------------------------------------------------------

    def test_guide_of_published_item(self):
        self.item.material_ids[0].write({"original_copies": 2, "photocopies": 3})
        response = self.url_open(f"/dawa/guide/{self.item.code}")
        self.assertEqual(response.status_code, 200)
        for text in (self.item.name, "Application form", "Construction contract",
                     "Construction Law, art. 7"):
            self.assertIn(text, response.text)

    def test_guide_of_unpublished_or_unknown_item_is_404(self):
        draft = self._create_item(self.water, code="TEST-WATER-DRAFT")
        self.assertEqual(self.url_open(f"/dawa/guide/{draft.code}").status_code, 404)
        self.assertEqual(self.url_open("/dawa/guide/NO-SUCH-CODE").status_code, 404)
        self.assertEqual(self.url_open("/dawa/guide/%27%20OR%201=1").status_code, 404)


@tagged("post_install", "-at_install")
class TestRating(DawaRatingCommon):
    """The rating rules of ``_rate`` and the rectification of a dissatisfied rating."""

    def test_rate_rules(self):
        case = self._provide_all(self._create_case())
        with self.assertRaisesText(UserError, "once a decision has been made"):
            case._rate("5", "")
        case.with_user(self.clerk).action_accept()
        self._submit(case)
        case.with_user(self.approver).action_approve()
        for rating in ("", "0", "6", "five", None):
            with self.subTest(rating=rating), self.assertRaises(ValidationError):
                case._rate(rating, "comment")
        with self.assertRaisesText(ValidationError, "a comment is required"):
            case._rate("2", "  ")
        with self.assertRaises(ValidationError):
            case._rate("4", "x" * 2001)
        self.assertFalse(case.rating)
        case._rate("4", "")
        self.assertEqual(case.rating, "4")
        self.assertFalse(case.rating_comment)
        with self.assertRaisesText(UserError, "already been rated"):
            case._rate("1", "worse")
        self.assertEqual(case.rating, "4")
        self.assertFalse(case.rectification_ids, "no rectification for a good rating")

    def test_which_states_can_be_rated(self):
        not_accepted = self._create_case(decision_note="Not within the bureau's powers")
        not_accepted.with_user(self.clerk).action_not_accept()
        not_accepted._rate("3", "")
        self.assertEqual(not_accepted.rating, "3", "a written non-acceptance is a decision")

        withdrawn = self._create_case(withdrawal_reason="The applicant gave up")
        withdrawn.with_user(self.clerk).action_withdraw()
        with self.assertRaises(UserError):
            withdrawn._rate("5", "")

        closed = self._decided_case()
        self._set_delivery(closed)
        closed.with_user(self.clerk).action_deliver()
        closed._rate("5", "")
        self.assertEqual(closed.rating, "5")

    @freeze_time("2026-09-29 17:00:00")  # 2026-09-30 01:00 in Panjin
    def test_rectification_deadline_in_working_days(self):
        case = self._decided_case()
        case.with_context(tz="Asia/Shanghai")._rate("2", "Rude at the window")
        rectification = case.rectification_ids
        # Rated on 30 September: 1-7 October are the National Day holidays, 10 October
        # (a Saturday) is worked: 8, 9, 10, 12, 13 October.
        self.assertEqual(rectification.deadline, date(2026, 10, 13))
        self.assertEqual(rectification.state, "open")
        self.assertEqual(rectification.rating, "2")
        self.assertEqual(rectification.user_id, self.clerk)
        activity = rectification.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.clerk)
        self.assertEqual(activity.date_deadline, date(2026, 10, 13))
        self.assertEqual(case.with_user(self.clerk).rectification_count, 1)

        self.env["ir.config_parameter"].set_param("dawa_approval.rectification_days", "3")
        other = self._decided_case()
        other.with_context(tz="Asia/Shanghai")._rate("1", "Lost my papers")
        self.assertEqual(other.rectification_ids.deadline, date(2026, 10, 10))

    def _rectification(self):
        case = self._decided_case()
        case._rate("1", "Waited two hours")
        return case.rectification_ids

    def test_close_needs_follow_up(self):
        # the handler answers; the follow-up call is a leader's (国办发〔2019〕51号: 回访核实)
        self._rectification().with_user(self.clerk).measures = "Extra window at peak hours"
        rectification = self._rectification().with_user(self.manager)
        rectification.with_user(self.clerk).measures = "Extra window opened at peak hours"
        with self.assertRaisesText(UserError, "follow-up"):
            rectification.action_close()
        rectification.write({"follow_up_date": date(2026, 10, 9),
                             "follow_up_note": "Called back, the applicant accepts"})
        with self.assertRaisesText(UserError, "follow-up"):
            rectification.action_close()
        rectification.follow_up_result = "satisfied"
        rectification.action_close()
        self.assertEqual(rectification.state, "done")
        self.assertEqual(rectification.done_user_id, self.manager)
        self.assertFalse(rectification.activity_ids, "the activity is marked done")
        with self.assertRaises(UserError):
            rectification.action_close()

    def test_access_per_role(self):
        rectification = self._rectification()
        # The handler reads and answers his rectification; a manager sees all.
        rectification.with_user(self.clerk).read(["complaint", "deadline"])
        rectification.with_user(self.clerk).measures = "Apologised"
        rectification.with_user(self.manager).read(["complaint"])
        self.assertEqual(
            self.env["dawa.approval.rectification"].with_user(self.other_clerk).search([]),
            self.env["dawa.approval.rectification"])
        for user in (self.other_clerk, self.department_user, self.employee, self.seal_keeper):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                rectification.with_user(user).read(["complaint"])
        # no right to create one, and its rating's fields are the rating's to write
        with self.assertRaises(UserError):  # AccessError is one too
            self.env["dawa.approval.rectification"].with_user(self.clerk).create({
                "case_id": rectification.case_id.id, "rating": "1",
                "deadline": date(2026, 10, 13)})
        with self.assertRaises(UserError):
            rectification.with_user(self.department_user).action_close()
