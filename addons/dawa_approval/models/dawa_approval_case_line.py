from odoo import api, fields, models
from odoo.exceptions import UserError


class DawaApprovalCaseLine(models.Model):
    """One approval item of a case; several lines make a joint case (联办)."""

    _name = "dawa.approval.case.line"
    _description = "Approval Case Item"
    _order = "case_id, sequence, id"

    case_id = fields.Many2one(
        "dawa.approval.case", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    item_id = fields.Many2one(
        "dawa.approval.item", string="Approval Item", required=True, index=True,
        domain=[("state", "=", "published")])
    item_code = fields.Char(related="item_id.code", string="Implementation Code")
    case_kind = fields.Selection(related="item_id.case_kind")
    promised_days = fields.Integer(related="item_id.promised_days")
    statutory_days = fields.Integer(related="item_id.statutory_days")

    _sql_constraints = [
        ("item_unique", "unique(case_id, item_id)", "An item appears only once in a case."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_case_open()
        lines._check_item_acceptable()
        lines.case_id._sync_materials()
        return lines

    def write(self, vals):
        self._check_case_open()
        result = super().write(vals)
        if "case_id" in vals:
            self._check_case_open()
        if {"item_id", "case_id"} & set(vals):
            self._check_item_acceptable()
            self.case_id._sync_materials()
        return result

    def unlink(self):
        self._check_case_open()
        cases = self.case_id
        result = super().unlink()
        cases._sync_materials()
        return result

    def _check_case_open(self):
        """The items of a decided case are part of its decision."""
        self.case_id._check_not_frozen([self.env._("approval items")])

    def _check_item_acceptable(self):
        """Only published items handled by the bureau receive cases."""
        bureau = self.env["dawa.agency"]._get_bureau()
        for item in self.item_id:
            if item.state != "published":
                labels = dict(item._fields["state"]._description_selection(self.env))
                raise UserError(self.env._(
                    "%(item)s is %(state)s: it receives no application.",
                    item=item.name, state=labels[item.state]))
            if item.handling_agency_id != bureau:
                agreement = item.transfer_agreement_id
                if agreement:
                    reason = self.env._(
                        "its transfer agreement %(agreement)s is not completed yet",
                        agreement=agreement.name)
                else:
                    reason = self.env._("no transfer agreement hands it over to the bureau")
                raise UserError(self.env._(
                    "%(item)s is still handled by %(agency)s: %(reason)s.",
                    item=item.name, agency=item.handling_agency_id.name or "-", reason=reason))
