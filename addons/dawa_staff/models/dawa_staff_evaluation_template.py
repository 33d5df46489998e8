from odoo import api, fields, models
from odoo.exceptions import ValidationError

# 德、能、勤、绩、廉 and the rest
CRITERIA = [
    ("virtue", "Political Quality and Conduct"),
    ("competence", "Competence"),
    ("diligence", "Diligence"),
    ("performance", "Performance"),
    ("integrity", "Integrity"),
    ("other", "Other"),
]


def wrong_weights(records):
    """The first record (with the total) whose criteria weights do not add up to 100."""
    for record in records:
        total = sum(record.line_ids.mapped("weight"))
        if record.line_ids and total != 100:
            return record, total
    return None, 0


def check_template_weights(templates):
    template, total = wrong_weights(templates)
    if template:
        raise ValidationError(templates.env._(
            "The weights of the criteria of the template %(template)s add up to %(total)s: "
            "they must add up to 100.", template=template.name, total=total))

class DawaStaffEvaluationTemplate(models.Model):
    """The weighted criteria an evaluation starts from (德、能、勤、绩、廉)."""

    _name = "dawa.staff.evaluation.template"
    _description = "Evaluation Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    line_ids = fields.One2many(
        "dawa.staff.evaluation.template.line", "template_id", string="Criteria", copy=True)
    total_weight = fields.Integer(compute="_compute_total_weight")

    @api.depends("line_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.line_ids.mapped("weight"))

    @api.constrains("line_ids")
    def _check_weights(self):
        check_template_weights(self)

