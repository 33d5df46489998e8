from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from ..controllers.main import VERIFY_LIMITER
from .common import DawaLicenceCommon


@tagged("post_install", "-at_install")
class TestLicencePublicPage(DawaLicenceCommon, HttpCase):
    """/dawa/licence/<code>: anyone checks a licence, sees its state in large type and no
    personal data; unknown codes 404; rate limited."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the page is read in Chinese (the visitor's Accept-Language)
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["dawa_approval", "dawa_licence"], ["zh_CN"], overwrite=True)
        with freeze_time("2026-05-11"):
            cls.person_case = cls._approved_case(
                applicant_type="person", applicant_name="李建华",
                applicant_id_number="211104199001011230", applicant_phone="13912345678",
                licence_scope="Building 3, Xinxing Road")
            cls.org_case = cls._approved_case()
        cls.person_licence = cls.person_case.licence_ids
        cls.org_licence = cls.org_case.licence_ids

    def setUp(self):
        super().setUp()
        VERIFY_LIMITER.reset()
        self.addCleanup(VERIFY_LIMITER.reset)

    def _open(self, licence):
        return self.url_open(f"/dawa/licence/{licence.sudo().verification_code}",
                             headers={"Accept-Language": "zh-CN"})

    def test_page_shows_the_licence_and_leaks_no_personal_data(self):
        response = self._open(self.person_licence)
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn(self.person_licence.name, html)
        self.assertIn("李*", html)
        self.assertIn("Building 3, Xinxing Road", html)
        self.assertIn("有效", html)
        self.assertIn("dw-licence-valid", html)
        for secret in ("李建华", "211104199001011230", "13912345678",
                       self.person_case.name, self.person_case.sudo().access_token):
            self.assertNotIn(secret, html)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")

    def test_organisation_shows_its_credit_code(self):
        html = self._open(self.org_licence).text
        self.assertIn(self.org_case.applicant_name, html)
        self.assertIn("91211100MA0YJ1C45H", html)
        self.assertNotIn("13812345678", html)

    def test_states_in_large_type(self):
        licence = self.org_licence
        licence._revoke("大洼审批撤字〔2026〕5号")
        self.assertIn("dw-licence-revoked", self._open(licence).text)
        self.assertIn("已撤销", self._open(licence).text)
        licence._set_state("cancelled")
        self.assertIn("已注销", self._open(licence).text)
        with freeze_time("2026-06-01"):
            new = self.person_licence._new_version({}, "Change.")
        self.assertIn("已变更，以新证为准", self._open(self.person_licence).text)
        self.assertIn("有效", self._open(new).text)

    def test_unknown_or_malformed_codes_404(self):
        code = self.org_licence.sudo().verification_code
        for wrong in (code[:-1] + ("A" if code[-1] != "A" else "B"), "short", "x" * 43,
                      code + "'--"):
            with self.subTest(code=wrong):
                self.assertEqual(self.url_open(f"/dawa/licence/{wrong}").status_code, 404)

    def test_rate_limited(self):
        url = f"/dawa/licence/{self.org_licence.sudo().verification_code}"
        statuses = [self.url_open(url).status_code for _i in range(VERIFY_LIMITER.limit + 1)]
        self.assertEqual(statuses[:-1], [200] * VERIFY_LIMITER.limit)
        # past the limit even a real code is refused: guessing stops here
        self.assertEqual(statuses[-1], 429)
        VERIFY_LIMITER.reset()  # a minute later
        self.assertEqual(self.url_open(url).status_code, 200)
