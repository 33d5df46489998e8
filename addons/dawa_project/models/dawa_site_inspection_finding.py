from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DawaSiteInspectionFinding(models.Model):
    """The findings of a site inspection for one of its cases, where they differ from the
    site's findings."""

    _name = "dawa.site.inspection.finding"
    _description = "Site Inspection Findings per Case"
    _order = "inspection_id, id"

    inspection_id = fields.Many2one(
        "dawa.site.inspection", required=True, index=True, ondelete="cascade")
    case_id = fields.Many2one(
        "dawa.approval.case", required=True, index=True, ondelete="restrict")
    findings = fields.Text(required=True)

    _sql_constraints = [
        ("case_unique", "unique(inspection_id, case_id)",
         "A case has one line of findings per site inspection."),
    ]

    @api.constrains("case_id", "inspection_id")
    def _check_case(self):
        for line in self:
            # sudo: the cases of the visit, whoever handles them
            if line.case_id not in line.inspection_id.sudo().case_ids:
                raise ValidationError(self.env._(
                    "%(case)s is not covered by this site inspection: add it to the cases "
                    "first.", case=line.sudo().case_id.name))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_inspection_open()
        return lines

    def write(self, vals):
        self._check_inspection_open()
        return super().write(vals)

    def unlink(self):
        self._check_inspection_open()
        return super().unlink()

    def _check_inspection_open(self):
        """The findings are as recorded once the visit is."""
        if any(line.inspection_id.state != "draft" for line in self):
            raise UserError(self.env._(
                "The site inspection was recorded: its findings can no longer be changed."))
