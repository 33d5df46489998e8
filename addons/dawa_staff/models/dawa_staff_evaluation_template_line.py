from odoo import fields, models

from .dawa_staff_evaluation_template import CRITERIA


class DawaStaffEvaluationTemplateLine(models.Model):
    _name = "dawa.staff.evaluation.template.line"
    _description = "Evaluation Template Criterion"
    _order = "sequence, id"

    template_id = fields.Many2one(
        "dawa.staff.evaluation.template", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    criterion = fields.Selection(CRITERIA, required=True, default="other")
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    weight = fields.Integer(required=True, help="Share of the criterion in the score, in per "
                            "cent; the weights of a template add up to 100.")

    _sql_constraints = [
        ("weight_range", "CHECK(weight >= 0 AND weight <= 100)",
         "A weight is a share from 0 to 100 per cent."),
    ]
