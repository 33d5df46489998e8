from odoo import fields, models


class DawaApprovalItemMaterial(models.Model):
    """How long a material handed in for a project serves again (一套材料)."""

    _inherit = "dawa.approval.item.material"

    reusable = fields.Boolean(
        string="Handed In Once",
        help="一套材料: a copy the builder handed in for the same project in an earlier case "
        "is reused, not asked again (an identity document, a plan, a report; not an "
        "application form).")
    reuse_months = fields.Integer(
        string="Reusable For (Months)", default=0, aggregator=None,
        help="A copy the builder handed in for the same project serves again for this many "
        "months after it was received (0: as long as the project runs).")

    _sql_constraints = [
        ("reuse_months_positive", "check(reuse_months >= 0)",
         "The months a material serves again cannot be negative."),
    ]
