from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dawa_approval_item import MAX_TIME_LIMIT_DAYS


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
    max_days = fields.Integer(
        string="Maximum Working Days", aggregator=None,
        help="The longest this procedure may take, in working days: from 0 to 365. It never "
        "counts in the item's time limit (Administrative Licensing Law, art. 45).")
    legal_basis = fields.Char()

    @api.constrains("max_days")
    def _check_max_days(self):
        # a Python check rather than an SQL one, so that the message names the item and field
        for procedure in self:
            if not 0 <= procedure.max_days <= MAX_TIME_LIMIT_DAYS:
                raise ValidationError(
                    self.env._(
                        "%(item)s: the %(field)s of the special procedure “%(procedure)s” "
                        "must be from 0 to %(maximum)s working days, not %(days)s.",
                        item=procedure.item_id.name,
                        field=procedure._fields["max_days"]._description_string(self.env),
                        procedure=procedure.name,
                        maximum=MAX_TIME_LIMIT_DAYS,
                        days=procedure.max_days,
                    )
                )
