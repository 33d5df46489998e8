import logging
import os

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import config

from ..tools import certificates, signing

_logger = logging.getLogger(__name__)

# Odoo's configuration file names the bureau's signing certificate and key (PEM files); the
# key is never in the database (docs/operations.md, electronic licences)
CERT_OPTION = "dawa_licence_sign_cert"
KEY_OPTION = "dawa_licence_sign_key"
PASSPHRASE_OPTION = "dawa_licence_sign_key_passphrase"
ELECTRONIC_STATES = [("pending", "Being Made"), ("signed", "Signed")]
# licences made per run of the job (each is a PDF rendering)
BATCH = 20


class DawaLicenceElectronic(models.AbstractModel):
    """The electronic licence (电子证照): the licence's certificate rendered once, right after
    the issue, by a job (so that the sealing never waits for a PDF), signed with the bureau's
    certificate (PAdES, ``tools/signing.py``) and stored as an attachment, its SHA-256 kept
    on the licence and shown on the public verification page, so that anyone holding a copy
    can check it is the one issued. Signed, it has the effect of the paper licence
    (国务院关于在线政务服务的若干规定 art 10; 电子签名法 §§13-14; docs/law.md). A licence
    waits, and the job tries again, while the signing certificate is not configured or the
    rendering fails; it is never signed twice."""

    _name = "dawa.licence.electronic"
    _description = "Electronic Licence"

    electronic_state = fields.Selection(
        ELECTRONIC_STATES, string="Electronic Licence", default="pending", readonly=True,
        copy=False, index=True)
    electronic_attachment_id = fields.Many2one(
        "ir.attachment", string="Electronic Licence File", readonly=True, copy=False,
        ondelete="restrict")
    electronic_sha256 = fields.Char(
        string="SHA-256", readonly=True, copy=False, index=True,
        help="The SHA-256 of the signed PDF, also on the public verification page: the "
        "hash of a copy (sha256sum) must be the same.")
    electronic_signer = fields.Char(string="Signed With", readonly=True, copy=False,
                                    help="The subject of the signing certificate.")
    electronic_signed_at = fields.Datetime(string="Signed On", readonly=True, copy=False)
    electronic_error = fields.Char(
        string="Electronic Licence Problem", readonly=True, copy=False,
        help="Why the electronic licence is not made yet; the job tries again.")

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "electronic_state",
                "electronic_attachment_id", "electronic_sha256", "electronic_signer",
                "electronic_signed_at", "electronic_error"]

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        # the job makes the electronic licences as soon as this transaction is committed
        self.env.ref("dawa_licence.ir_cron_dawa_licence_electronic")._trigger()
        return records

    def action_download_electronic(self):
        self.ensure_one()
        if not self.electronic_attachment_id:
            raise UserError(self.env._(
                "The electronic licence of %(licence)s is not made yet.", licence=self.name))
        return {
            "type": "ir.actions.act_url", "target": "self",
            "url": f"/web/content/{self.electronic_attachment_id.id}?download=true",
        }

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    @api.model
    def _cron_make_electronic(self):
        """The job: the electronic licences waiting, a batch per run, oldest first; runs
        again at once while some wait and the last batch made progress."""
        waiting = self.search([("electronic_state", "=", "pending")], order="id", limit=BATCH)
        made = waiting._make_electronic()
        if made and len(waiting) == BATCH:
            self.env.ref("dawa_licence.ir_cron_dawa_licence_electronic")._trigger()
        return True

    def _make_electronic(self):
        """Render, sign and store the electronic licence of each waiting licence of
        ``self``; returns the licences made. A failure is written on the licence (and
        logged), which keeps waiting."""
        cert_path, key_path, passphrase = self._get_signing_files()
        made = self.browse()
        for licence in self.filtered(lambda rec: rec.electronic_state == "pending"):
            try:
                if not cert_path:
                    raise UserError(self.env._(
                        "The bureau's signing certificate and key are not set in the server's "
                        "configuration file (%(cert)s, %(key)s).", cert=CERT_OPTION,
                        key=KEY_OPTION))
                with self.env.cr.savepoint():
                    licence._store_electronic(licence._render_certificate_pdf(),
                                              cert_path, key_path, passphrase)
                made |= licence
            except (UserError, ValueError, OSError) as error:
                message = str(error.args[0] if error.args else error)
                _logger.warning("Electronic licence %s not made: %s", licence.name, message)
                licence._workflow_write({"electronic_error": message[:500]})
        return made

    def _render_certificate_pdf(self):
        """The certificate of the licence as a PDF, in the bureau's language."""
        self.ensure_one()
        lang = self.env["res.lang"]._get_bureau_lang()
        # sudo: the system renders the licence whoever issued it; the rendering is forced
        # even in test mode (where Odoo renders HTML) since the PDF is what gets signed
        report = self.env["ir.actions.report"].sudo().with_context(
            lang=lang, force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf(
            "dawa_licence.action_report_licence_electronic", self.ids)
        if kind != "pdf" or not pdf.startswith(b"%PDF"):
            raise UserError(self.env._("The certificate could not be rendered as a PDF."))
        return pdf

    def _store_electronic(self, pdf, cert_path, key_path, passphrase):
        """Sign ``pdf`` and keep it: the attachment, its SHA-256, who signed, when."""
        self.ensure_one()
        signed = signing.sign_pdf(
            pdf, cert_path, key_path, passphrase=passphrase,
            reason=self.env._("Electronic licence %(licence)s", licence=self.name),
            location=self.authority_name or None)
        subject, _valid_until = signing.certificate_subject(cert_path)
        # sudo: the system stores the file; who may read the licence may read it
        attachment = self.env["ir.attachment"].sudo().create({
            "name": self.env._("Electronic Licence %(licence)s v%(version)s.pdf",
                               licence=self.name, version=self.version),
            "res_model": self._name,
            "res_id": self.id,
            "raw": signed,
            "mimetype": "application/pdf",
        })
        digest = certificates.sha256_hex(signed)
        self._workflow_write({
            "electronic_state": "signed",
            "electronic_attachment_id": attachment.id,
            "electronic_sha256": digest,
            "electronic_signer": subject,
            "electronic_signed_at": fields.Datetime.now(),
            "electronic_error": False,
        })
        self.message_post(body=self.env._(
            "Electronic licence made and signed (SHA-256 %(digest)s).", digest=digest))

    @api.model
    def _get_signing_files(self):
        """The paths of the bureau's certificate and key and the key's passphrase, from
        Odoo's configuration file (a relative path is taken from the file's directory);
        ``(False, False, None)`` when they are not set."""
        cert, key = (config.get(CERT_OPTION) or "").strip(), (config.get(KEY_OPTION) or "").strip()
        if not cert or not key:
            return False, False, None
        base = os.path.dirname(os.path.abspath(config.rcfile)) if config.rcfile else os.getcwd()
        return (os.path.join(base, os.path.expanduser(cert)),
                os.path.join(base, os.path.expanduser(key)),
                (config.get(PASSPHRASE_OPTION) or "").strip() or None)
