import hashlib

from odoo import models

from ..tools import qrcodes

QR_PREFIX = "qr-"


class DawaQrMixin(models.AbstractModel):
    """A QR code of the record's public page, cached as an attachment of the record.

    The attachment is named after a hash of the URL: when the URL changes (another
    ``web.base.url``, a new access token) the next call creates the new code and removes the
    old ones.
    """

    _name = "dawa.qr.mixin"
    _description = "QR Code of a Public Page"
    # the field the cached codes are attached to (``res_field``): a code that opens a
    # private page is read only by who may read that field (the case's key), not by every
    # reader of the record
    _qr_attachment_field = False

    def _get_qr_url(self):
        """The public URL the record's QR code leads to (one record)."""
        raise NotImplementedError

    def _get_public_base_url(self):
        """The bureau's public address (setting ``dawa_approval.public_base_url``), else the
        server's ``web.base.url``: QR codes and notices go out on paper, so they must carry
        the address applicants reach from outside."""
        # sudo: clerks printing a notice and public visitors may not read system parameters
        url = self.env["ir.config_parameter"].sudo().get_param("dawa_approval.public_base_url")
        return (url or "").strip().rstrip("/") or self.get_base_url()

    def _get_qr_image(self):
        """Base64 PNG of the record's QR code."""
        self.ensure_one()
        return self._get_qr_images()[self.id]

    def _get_qr_images(self):
        """``{record id: base64 PNG}`` of the records' QR codes, cached as attachments: one
        search for all the records, one create for the missing codes."""
        urls = {record.id: record._get_qr_url() for record in self}
        names = {record_id: self._get_qr_attachment_name(url) for record_id, url in urls.items()}
        # sudo: reports and the public page show the code to users who may not read attachments
        Attachment = self.env["ir.attachment"].sudo()
        attachments = Attachment.search([
            ("res_model", "=", self._name),
            ("res_id", "in", self.ids),
            ("res_field", "=", self._qr_attachment_field),
            ("name", "=like", f"{QR_PREFIX}%.png"),
        ])
        current = attachments.filtered(lambda a: names.get(a.res_id) == a.name)
        (attachments - current).unlink()
        images = {a.res_id: a.datas for a in current}
        missing = [record_id for record_id in urls if record_id not in images]
        created = Attachment.create([{
            "name": names[record_id],
            "res_model": self._name,
            "res_id": record_id,
            "res_field": self._qr_attachment_field,
            "raw": qrcodes.png(urls[record_id]),
            "mimetype": "image/png",
        } for record_id in missing])
        images.update((a.res_id, a.datas) for a in created)
        return {record_id: images[record_id] for record_id in urls}

    def _get_qr_attachment_name(self, url):
        return f"{QR_PREFIX}{hashlib.sha256(url.encode()).hexdigest()[:16]}.png"

