from odoo import api, fields, models


class DawaTransferAgreement(models.Model):
    """A transfer agreement lists the staff seconded with the powers it hands over."""

    _inherit = "dawa.transfer.agreement"

    secondment_ids = fields.One2many(
        "dawa.staff.secondment", "transfer_agreement_id", string="Seconded Staff",
        groups="dawa_staff.group_hr_officer",
    )
    secondment_count = fields.Integer(
        string="Seconded Staff Count", compute="_compute_secondment_count",
        groups="dawa_staff.group_hr_officer")

    @api.depends("secondment_ids")
    def _compute_secondment_count(self):
        counts = dict(self.env["dawa.staff.secondment"]._read_group(
            [("transfer_agreement_id", "in", self.ids)], ["transfer_agreement_id"], ["__count"]))
        for agreement in self:
            agreement.secondment_count = counts.get(agreement, 0)
