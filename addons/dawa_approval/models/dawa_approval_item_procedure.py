from odoo import fields, models


class DawaApprovalItemProcedure(models.Model):
    """A special procedure (特别程序) an item may need; its time never counts in
    the time limit (行政许可法 §45)."""

    _name = "dawa.approval.item.procedure"
    _description = "Special Procedure"
    _order = "item_id, sequence, id"

    item_id = fields.Many2one(
        "dawa.approval.item", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("hearing", "Hearing"),
            ("expert_review", "Expert Review"),
            ("testing", "Testing and Inspection"),
            ("appraisal", "Appraisal"),
            ("public_notice", "Public Notice"),
            ("other", "Other"),
        ],
        required=True,
        default="hearing",
    )
    name = fields.Char(required=True)
    max_days = fields.Integer(string="Maximum Working Days", aggregator=None)
    legal_basis = fields.Char()

    _sql_constraints = [
        ("max_days_positive", "check(max_days >= 0)", "Maximum days cannot be negative."),
    ]
