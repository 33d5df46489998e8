from odoo import api, fields, models


class DawaTransferAgreementLine(models.Model):
    _name = "dawa.transfer.agreement.line"
    _description = "Archive Handed Over"
    _order = "agreement_id, sequence, id"

    agreement_id = fields.Many2one(
        "dawa.transfer.agreement", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("document", "Documents"),
            ("certificate_form", "Blank Certificate Forms"),
            ("archive", "Case Archives"),
            ("other", "Other"),
        ],
        required=True,
        default="archive",
    )
    name = fields.Char(string="Description", required=True)
    quantity = fields.Integer(default=1)
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.agreement_id._check_not_done()
        return lines

    def write(self, vals):
        self.agreement_id._check_not_done()
        return super().write(vals)

    def unlink(self):
        self.agreement_id._check_not_done()
        return super().unlink()
