import importlib.util
import os
import re

from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.dawa_approval.controllers.portal import QUERY_LIMITER

from .common import EnglishVisitorMixin
from .test_public_case import DawaRatingCommon

CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')
CODE_PATTERN = re.compile(r"^[2-9A-Z]{8}$")
GENERIC_ERROR = "No application matches this application number and query code."


@tagged("post_install", "-at_install")
class TestCaseQuery(EnglishVisitorMixin, DawaRatingCommon, HttpCase):
    """The query code of a case (printed on the acceptance notice) and /dawa/query, where an
    applicant types the application number and the code to reach the case's public page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._provide_all(cls._create_case())
        cls.other = cls._create_case(applicant_name="Panjin Other Trading Co., Ltd.")

    def setUp(self):
        super().setUp()
        QUERY_LIMITER.reset()
        self.addCleanup(QUERY_LIMITER.reset)

    def _code(self, case):
        return case.sudo().query_code

    def _csrf(self):
        response = self.url_open("/dawa/query")
        self.assertEqual(response.status_code, 200)
        return CSRF_PATTERN.search(response.text).group(1)

    def _query(self, number, code, csrf=None):
        return self.url_open("/dawa/query", data={
            "csrf_token": csrf if csrf is not None else self._csrf(),
            "number": number,
            "code": code,
        }, allow_redirects=False)

    # ------------------------------------------------------------------
    # the code
    # ------------------------------------------------------------------

    def test_every_case_gets_a_code_without_look_alikes(self):
        cases = self.case | self.other | self._create_case() | self._create_case()
        codes = [self._code(case) for case in cases]
        self.assertEqual(len(set(codes)), len(codes))
        for code in codes:
            self.assertRegex(code, CODE_PATTERN)
            self.assertFalse(set(code) & set("0O1IL"), code)

    def test_nobody_chooses_or_changes_the_code(self):
        for user in (self.clerk, self.reviewer, self.approver, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.case.with_user(user).write({"query_code": "K7MP3XWA"})
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self._create_case(user=user, query_code="K7MP3XWA")
        self.assertNotEqual(self._code(self.case), "K7MP3XWA")
        # a copy gets its own
        copy = self.case.sudo().copy()
        self.assertNotEqual(self._code(copy), self._code(self.case))

    def test_code_readable_by_the_case_handlers_only(self):
        """The code opens the applicant's page, where he rates: it is his, like his phone."""
        for user in (self.clerk, self.manager):  # the case's handler, a manager
            self.assertEqual(self.case.with_user(user).read(
                ["applicant_query_code"])[0]["applicant_query_code"], self._code(self.case))
        for user in (self.reviewer, self.approver):  # not (yet) the case's
            self.assertFalse(self.case.with_user(user).read(
                ["applicant_query_code"])[0]["applicant_query_code"])
        for user in (self.clerk, self.reviewer, self.approver, self.department_user):
            with self.assertRaises(AccessError):
                self.case.with_user(user).read(["query_code"])
        with self.assertRaises(AccessError):
            self.env["dawa.approval.case"].with_user(self.department_user).search(
                [("query_code", "=", self._code(self.case))])

    def test_migration_gives_older_cases_a_code(self):
        """migrations/18.0.1.2.0: cases of an older version, decided ones included, get a code;
        the codes already given stay."""
        decided = self._decided_case()
        kept = self._code(self.case)
        older = self.other | decided
        self.env.cr.execute(SQL("UPDATE dawa_approval_case SET query_code = NULL WHERE id IN %s",
                                tuple(older.ids)))
        path = os.path.join(get_module_path("dawa_approval"), "migrations", "18.0.1.2.0",
                            "post-migrate.py")
        spec = importlib.util.spec_from_file_location("dawa_approval_post_migrate_18_0_1_2_0",
                                                      path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        codes = [self._code(case) for case in older]
        for code in codes:
            self.assertRegex(code, CODE_PATTERN)
        self.assertEqual(len(set(codes) | {kept}), 3)
        self.assertEqual(self._code(self.case), kept)

    # ------------------------------------------------------------------
    # /dawa/query
    # ------------------------------------------------------------------

    def test_query_page_is_a_public_mobile_form(self):
        response = self.url_open("/dawa/query")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="viewport"', response.text)
        self.assertRegex(response.text, CSRF_PATTERN)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")

    def test_right_pair_opens_the_public_page(self):
        code = self._code(self.case)
        # as typed from paper: lower case, a space, spaces around the number
        for typed in (code, f"{code[:4].lower()} {code[4:].lower()}"):
            response = self._query(f" {self.case.name} ", typed)
            self.assertEqual(response.status_code, 303, response.text[:300])
            self.assertTrue(response.headers["Location"].endswith(
                f"/dawa/case/{self.case.sudo().access_token}"))
        page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.case.name, page.text)

    def test_wrong_pair_gets_one_generic_answer(self):
        """Wrong code, wrong number, another case's code: the same answer, no redirect."""
        answers = set()
        for number, code in (
            (self.case.name, self._code(self.other)),
            (self.other.name, self._code(self.case)),
            ("DW209912319999", self._code(self.case)),
            (self.case.name, "K7MP3XW0"),
            (self.case.name, ""),
            ("' OR 1=1 --", self._code(self.case)),
        ):
            QUERY_LIMITER.reset()
            response = self._query(number, code)
            self.assertEqual(response.status_code, 400, (number, code))
            self.assertNotIn("Location", response.headers)
            self.assertIn(GENERIC_ERROR, response.text)
            self.assertNotIn(self.case.sudo().access_token, response.text)
            answers.add(re.sub(r'value="[^"]*"', "", response.text))
        # the page differs by nothing but the echoed number and the CSRF token
        self.assertEqual(len({re.sub(r"DW\d+|' OR 1=1 --", "", a) for a in answers}), 1)

    def test_zh_cn_browser_gets_the_chinese_page(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dawa_approval"], ["zh_CN"])
        response = self.url_open("/dawa/query", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        self.assertIn('lang="zh-CN"', response.text)

    @mute_logger("odoo.http")
    def test_post_without_csrf_is_refused(self):
        response = self._query(self.case.name, self._code(self.case), csrf="")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("Location", response.headers)

    def test_a_few_tries_per_minute_per_address(self):
        csrf = self._csrf()
        for _attempt in range(QUERY_LIMITER.limit):
            self.assertEqual(self._query(self.case.name, "K7MP3XWA", csrf).status_code, 400)
        # even the right pair is refused now: guessing stops here
        response = self._query(self.case.name, self._code(self.case), csrf)
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("Location", response.headers)
        self.assertIn("Too many attempts", response.text)
        QUERY_LIMITER.reset()  # a minute later
        self.assertEqual(self._query(self.case.name, self._code(self.case), csrf).status_code,
                         303)


@tagged("post_install", "-at_install")
class TestPublicPagesInChinese(DawaRatingCommon, HttpCase):
    """What an applicant with a Chinese browser sees, and what the bureau reads of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["dawa_approval"], ["zh_CN"])

    def test_unknown_token_404_in_chinese(self):
        for url in ("/dawa/case/" + "x" * 43, "/dawa/case/bad", "/dawa/guide/NO-SUCH-CODE"):
            response = self.url_open(url, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
            self.assertEqual(response.status_code, 404, url)
            self.assertIn('lang="zh-CN"', response.text)
            self.assertIn("/dawa/query", response.text)
            self.assertNotIn("Not Found", response.text)
            self.assertEqual(response.headers.get("Cache-Control"), "no-store")

    def test_a_visitor_who_asks_for_nothing_reads_chinese(self):
        """A browser that sends no Accept-Language (or one for a language not installed) gets
        the bureau's language, never Odoo's English."""
        for headers in ({"Accept-Language": ""}, {"Accept-Language": "fr-FR,fr;q=0.9"}):
            response = self.url_open("/dawa/query", headers=headers)
            self.assertEqual(response.status_code, 200)
            self.assertIn('lang="zh-CN"', response.text, headers)
            self.assertIn("查询", response.text, headers)

    def test_public_rating_is_signed_by_the_applicant(self):
        """The chatter names the applicant, never "Public user"."""
        case = self._decided_case()
        self.case_url = f"/dawa/case/{case.sudo().access_token}"
        page = self.url_open(self.case_url, headers={"Accept-Language": "zh-CN"})
        csrf = CSRF_PATTERN.search(page.text).group(1)
        response = self.url_open(f"{self.case_url}/rate", data={
            "csrf_token": csrf, "rating": "5", "comment": "办事很快"},
            headers={"Accept-Language": "zh-CN"}, allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:300])
        self.assertEqual(case.rating, "5")
        messages = case.message_ids.filtered(lambda m: "办事很快" in (m.body or ""))
        self.assertEqual(len(messages), 1)
        self.assertFalse(messages.author_id)
        public = self.env.ref("base.public_partner")
        self.assertFalse(case.message_ids.filtered(lambda m: m.author_id == public))
        self.assertNotIn("Public", messages.email_from or "")
        self.assertTrue(messages.email_from)
