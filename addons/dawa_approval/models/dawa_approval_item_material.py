from odoo import fields, models


class DawaApprovalItemMaterial(models.Model):
    _name = "dawa.approval.item.material"
    _description = "Application Material"
    _order = "item_id, sequence, id"

    item_id = fields.Many2one(
        "dawa.approval.item", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    original_copies = fields.Integer(string="Originals", default=1, aggregator=None)
    photocopies = fields.Integer(default=0, aggregator=None)
    required = fields.Boolean(default=True)
    tolerance_allowed = fields.Boolean(
        help="容缺受理: the case may be accepted while this material is still missing, "
        "if the applicant promises to provide it.",
    )
    note = fields.Char()

    _sql_constraints = [
        ("copies_positive", "check(original_copies >= 0 and photocopies >= 0)",
         "The number of copies cannot be negative."),
    ]
