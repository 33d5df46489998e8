from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DawaApprovalCaseMaterial(models.Model):
    """A material of the case's items, checked at the window."""

    _name = "dawa.approval.case.material"
    _description = "Case Material Check"
    _order = "case_id, item_id, sequence, id"

    case_id = fields.Many2one(
        "dawa.approval.case", required=True, ondelete="cascade", index=True)
    item_material_id = fields.Many2one(
        "dawa.approval.item.material", string="Material", required=True, ondelete="restrict")
    # Copied from the catalogue when the application is received: later catalogue changes do
    # not change what this applicant was asked for.
    item_id = fields.Many2one("dawa.approval.item", string="Approval Item", readonly=True)
    sequence = fields.Integer(readonly=True)
    name = fields.Char(required=True, readonly=True)
    required = fields.Boolean(readonly=True)
    tolerance_allowed = fields.Boolean(readonly=True)
    original_copies = fields.Integer(related="item_material_id.original_copies")
    photocopies = fields.Integer(related="item_material_id.photocopies")
    provided = fields.Boolean()
    tolerated = fields.Boolean(
        help="容缺: accepted without this material; the applicant promised to provide it.")
    note = fields.Char()

    _sql_constraints = [
        ("material_unique", "unique(case_id, item_material_id)",
         "A material is checked only once per case."),
    ]

    @api.constrains("tolerated")
    def _check_tolerated(self):
        for material in self:
            if material.tolerated and not material.tolerance_allowed:
                raise ValidationError(self.env._(
                    "%(material)s cannot be tolerated: the catalogue requires it at acceptance.",
                    material=material.name))

    def _filter_missing(self):
        """Required materials neither provided nor tolerated."""
        return self.filtered(
            lambda m: m.required and not m.provided and not (m.tolerated and m.tolerance_allowed))
