from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dawa_approval_item import MAX_TIME_LIMIT_DAYS

# The special procedures whose time is not counted in the time limit, those of 行政许可法 §45
# and nothing else: "听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审".
PROCEDURE_KINDS = [
    ("hearing", "Hearing"),
    ("tendering", "Tendering"),
    ("auction", "Auction"),
    ("inspection", "Inspection"),
    ("testing", "Testing"),
    ("quarantine", "Quarantine"),
    ("appraisal", "Appraisal"),
    ("expert_review", "Expert Review"),
]


class DawaApprovalItemProcedure(models.Model):
    """A special procedure (特别程序) an item may need, of one of the kinds of 行政许可法 §45
    (听证, 招标, 拍卖, 检验, 检测, 检疫, 鉴定, 专家评审): its time is not counted in the time
    limit, up to the working days it declares, which the applicant is told in writing
    (§45, second sentence). A public notice (公示) or anything else is not such a
    procedure: its time counts."""

    _name = "dawa.approval.item.procedure"
    _description = "Special Procedure"
    _order = "item_id, sequence, id"

    item_id = fields.Many2one(
        "dawa.approval.item", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(PROCEDURE_KINDS, required=True, default="hearing")
    name = fields.Char(required=True)
    max_days = fields.Integer(
        string="Maximum Working Days", aggregator=None,
        help="The longest this procedure may take, in working days: from 0 to 365. Up to "
        "this time it does not count in the item's time limit, and the applicant is told it "
        "in writing (Administrative Licensing Law, art. 45); a case cannot start a procedure "
        "that declares none.")
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
