from odoo import fields, models

from ..models.dawa_certificate_form import VOID_REASONS


class DawaCertificateFormVoid(models.TransientModel):
    """Asks why the forms are voided (废证), then voids them (``action_void()``)."""

    _name = "dawa.certificate.form.void"
    _description = "Void Blank Certificate Forms"

    form_ids = fields.Many2many("dawa.certificate.form", string="Forms", required=True)
    reason_kind = fields.Selection(VOID_REASONS, string="Reason", required=True)
    reason = fields.Char(string="Details", required=True,
                         help="What happened to the form, as the ledger will read it.")

    def action_confirm(self):
        self.ensure_one()
        self.form_ids.action_void(self.reason_kind, self.reason)
        return {"type": "ir.actions.act_window_close"}
