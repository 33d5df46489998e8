from odoo import fields, models


class DawaCaseFeePayment(models.TransientModel):
    """The clerk records the payment of a fee: date and receipt number."""

    _name = "dawa.case.fee.payment"
    _description = "Fee Payment"

    case_id = fields.Many2one("dawa.approval.case", required=True, ondelete="cascade")
    paid_date = fields.Date(
        string="Paid On", required=True,
        default=lambda self: self.env["dawa.holiday"]._bureau_today())
    receipt_ref = fields.Char(string="Receipt Number", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.case_id._record_payment(self.paid_date, self.receipt_ref)
        return {"type": "ir.actions.act_window_close"}
