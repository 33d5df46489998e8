from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dawa_approval_case import FROZEN_STATES

# What a clerk checks at the window.
CLERK_FIELDS = {"provided", "tolerated", "note"}


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

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._(
                "The materials to check come from the approval items of the case: add or "
                "remove an item instead."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_clerk_vals(vals)
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise UserError(self.env._(
                "The materials to check come from the approval items of the case: remove "
                "the item instead."))
        return super().unlink()

    def _check_clerk_vals(self, vals):
        """At the window a clerk ticks what was provided or tolerated; the rest is the
        catalogue's. After the decision only a tolerated material may still come in."""
        if set(vals) - CLERK_FIELDS:
            raise UserError(self.env._(
                "Only Provided, Tolerated and the note of a material check can be changed: "
                "the material, whether it is required and whether it may be tolerated come "
                "from the catalogue."))
        decided = self.filtered(lambda m: m.case_id.state in FROZEN_STATES)
        if decided and (set(vals) - {"provided"} or not vals["provided"]
                        or not all(decided.mapped("tolerated"))):
            decided.case_id._check_not_frozen([self.env._("materials")])

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
