import os
import shutil
import subprocess
import tempfile
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import config, mute_logger

from ..controllers.main import VERIFY_LIMITER
from ..models.dawa_licence_electronic import CERT_OPTION, KEY_OPTION
from ..tools import certificates, signing
from .common import DawaLicenceCommon


def run_pdf_tool(tool, pdf, *args):
    """The output of poppler's ``tool`` (pdfsig, pdftotext) on ``pdf`` (bytes)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        result = subprocess.run([tool, *args, handle.name, *(["-"] if tool == "pdftotext"
                                                              else [])],
                                capture_output=True, text=True, check=False)
    return result.stdout + result.stderr


@tagged("post_install", "-at_install")
class TestElectronicLicence(DawaLicenceCommon, HttpCase):
    """The electronic licence: rendered once after the issue, signed (PAdES) with the
    certificate and key named in the configuration file, stored, its SHA-256 on the licence
    and on the public page; poppler's pdfsig accepts the signature and rejects a changed
    copy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for tool in ("pdfsig", "pdftotext"):
            assert shutil.which(tool), f"poppler-utils ({tool}) is needed"
        cls.keys = tempfile.mkdtemp(prefix="dawa-licence-keys-")
        cls.addClassCleanup(shutil.rmtree, cls.keys, ignore_errors=True)
        cls.cert_path, cls.key_path = signing.make_self_signed(
            os.path.join(cls.keys, "cert.pem"), os.path.join(cls.keys, "key.pem"),
            organisation="Test Bureau")
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["dawa_approval", "dawa_licence"], ["zh_CN"], overwrite=True)
        with freeze_time("2026-05-11"):
            cls.licence = cls._approved_case(licence_scope="盘锦市大洼区新兴路3号楼").licence_ids

    def setUp(self):
        super().setUp()
        VERIFY_LIMITER.reset()
        self.addCleanup(VERIFY_LIMITER.reset)
        # wkhtmltopdf fetches the report assets from the test server of this run
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())

    def _configured(self, cert=None, key=None):
        return patch.dict(config.options, {CERT_OPTION: cert or self.cert_path,
                                           KEY_OPTION: key or self.key_path})

    def _make(self):
        with self._configured():
            return self.env["dawa.licence"]._cron_make_electronic()

    def test_issue_waits_for_the_job(self):
        self.assertEqual(self.licence.electronic_state, "pending")
        self.assertFalse(self.licence.electronic_sha256)
        cron = self.env.ref("dawa_licence.ir_cron_dawa_licence_electronic")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))

    def test_signed_pdf_accepted_by_pdfsig_and_hash_matches(self):
        self._make()
        licence = self.licence
        self.assertEqual(licence.electronic_state, "signed")
        pdf = licence.electronic_attachment_id.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(licence.electronic_sha256, certificates.sha256_hex(pdf))
        self.assertIn("Test Bureau", licence.electronic_signer)
        report = run_pdf_tool("pdfsig", pdf)
        self.assertIn("Signature is Valid", report)
        self.assertIn("Total document signed", report)
        self.assertIn("ETSI.CAdES.detached", report)
        text = " ".join(run_pdf_tool("pdftotext", pdf, "-enc", "UTF-8").split())
        for expected in (licence.name, licence.holder_name, "盘锦市大洼区新兴路3号楼",
                         "二〇二六年五月十一日", "建筑工程施工许可证"):
            self.assertIn(expected, text)
        # a changed copy: pdfsig no longer accepts it
        position = pdf.index(licence.name.encode()) if licence.name.encode() in pdf \
            else len(pdf) // 3
        forged = pdf[:position] + bytes([pdf[position] ^ 0x01]) + pdf[position + 1:]
        self.assertNotIn("Signature is Valid", run_pdf_tool("pdfsig", forged))
        # the public page shows the hash of the genuine file
        response = self.url_open(f"/dawa/licence/{licence.sudo().verification_code}",
                                 headers={"Accept-Language": "zh-CN"})
        self.assertEqual(response.status_code, 200)
        self.assertIn(certificates.sha256_hex(pdf), response.text)
        self.assertNotIn(certificates.sha256_hex(forged), response.text)

    def test_made_once(self):
        self._make()
        first = (self.licence.electronic_attachment_id, self.licence.electronic_sha256)
        self._make()
        self.assertEqual(self.licence._make_electronic(), self.env["dawa.licence"])
        self.assertEqual((self.licence.electronic_attachment_id,
                          self.licence.electronic_sha256), first)

    @mute_logger("odoo.addons.dawa_licence.models.dawa_licence_electronic")
    def test_without_signing_certificate_the_licence_waits(self):
        with patch.dict(config.options, {CERT_OPTION: "", KEY_OPTION: ""}):
            self.env["dawa.licence"]._cron_make_electronic()
        self.assertEqual(self.licence.electronic_state, "pending")
        self.assertIn(CERT_OPTION, self.licence.electronic_error)
        with self._configured(key=os.path.join(self.keys, "missing.pem")):
            self.env["dawa.licence"]._cron_make_electronic()
        self.assertEqual(self.licence.electronic_state, "pending")
        self.assertFalse(self.licence.electronic_attachment_id)
        self._make()
        self.assertEqual(self.licence.electronic_state, "signed")
        self.assertFalse(self.licence.electronic_error)

    def test_relative_paths_from_the_configuration_file(self):
        with patch.object(config, "rcfile", os.path.join(self.keys, "odoo.conf")), \
                patch.dict(config.options, {CERT_OPTION: "cert.pem", KEY_OPTION: "key.pem"}):
            self.assertEqual(self.env["dawa.licence"]._get_signing_files(),
                             (self.cert_path, self.key_path, None))

    def test_electronic_fields_refused_to_the_attacker(self):
        self._make()
        for user in (self.clerk, self.manager):
            for values in ({"electronic_sha256": "0" * 64}, {"electronic_state": "pending"},
                           {"electronic_attachment_id": False}):
                with self.assertRaisesRegex(UserError, "buttons|sealing"):
                    self.licence.with_user(user).write(values)
        self.assertEqual(self.licence.electronic_state, "signed")

    def test_download(self):
        with self.assertRaisesRegex(UserError, "not made yet"):
            self.licence.with_user(self.clerk).action_download_electronic()
        self._make()
        action = self.licence.with_user(self.clerk).action_download_electronic()
        self.assertIn(f"/web/content/{self.licence.electronic_attachment_id.id}", action["url"])
        self.authenticate("test_clerk", "test_clerk")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(certificates.sha256_hex(response.content),
                         self.licence.electronic_sha256)
