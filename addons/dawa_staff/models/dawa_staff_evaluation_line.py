from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.i18n import format_list

from .dawa_staff_evaluation import OPEN_STATES
from .dawa_staff_evaluation_template import CRITERIA

# What the person scores on his own evaluation (in draft), what his manager scores (until it
# is scored); everything else is HR's.
EMPLOYEE_LINE_FIELDS = frozenset({"self_score"})
MANAGER_LINE_FIELDS = frozenset({"manager_score"})


class DawaStaffEvaluationLine(models.Model):
    """One weighted criterion of an evaluation, scored by the person and by his manager."""

    _name = "dawa.staff.evaluation.line"
    _description = "Evaluation Criterion"
    _order = "sequence, id"

    evaluation_id = fields.Many2one(
        "dawa.staff.evaluation", required=True, index=True, ondelete="cascade")
    state = fields.Selection(related="evaluation_id.state")
    sequence = fields.Integer(default=10)
    # the criterion as the template words it (in the user's language); the weight is
    # copied: the scores of past evaluations never move
    template_line_id = fields.Many2one(
        "dawa.staff.evaluation.template.line", string="Template Criterion", required=True,
        index=True, ondelete="restrict")
    criterion = fields.Selection(CRITERIA, required=True, default="other")
    name = fields.Char(related="template_line_id.name")
    description = fields.Text(related="template_line_id.description")
    weight = fields.Integer(required=True)
    self_score = fields.Float(string="Self-assessment", digits=(5, 1))
    manager_score = fields.Float(string="Manager's Score", digits=(5, 1))
    weighted_score = fields.Float(compute="_compute_weighted_score", digits=(5, 2))

    _sql_constraints = [
        ("weight_range", "CHECK(weight >= 0 AND weight <= 100)",
         "A weight is a share from 0 to 100 per cent."),
        ("self_score_range", "CHECK(self_score IS NULL OR (self_score >= 0 AND self_score <= 100))",
         "Scores are given out of 100: from 0 to 100."),
        ("manager_score_range",
         "CHECK(manager_score IS NULL OR (manager_score >= 0 AND manager_score <= 100))",
         "Scores are given out of 100: from 0 to 100."),
    ]

    @api.depends("weight", "manager_score")
    def _compute_weighted_score(self):
        for line in self:
            line.weighted_score = line.weight * (line.manager_score or 0) / 100

    @api.model_create_multi
    def create(self, vals_list):
        evaluations = self.env["dawa.staff.evaluation"].browse(
            [vals["evaluation_id"] for vals in vals_list if vals.get("evaluation_id")])
        evaluations._check_lines_editable()
        templates = self.env["dawa.staff.evaluation.template.line"].browse(
            [vals["template_line_id"] for vals in vals_list if vals.get("template_line_id")])
        templates.fetch(["sequence", "criterion", "weight"])
        for vals in vals_list:
            template = templates.browse(vals.get("template_line_id"))
            vals.setdefault("sequence", template.sequence)
            vals.setdefault("criterion", template.criterion)
            vals.setdefault("weight", template.weight)
        return super().create(vals_list)

    def write(self, vals):
        self.evaluation_id._check_lines_editable()
        self._check_write_rights(vals)
        return super().write(vals)

    def unlink(self):
        self.evaluation_id._check_lines_editable()
        return super().unlink()

    def _check_write_rights(self, vals):
        if self.env.su or self.env.user.has_group("dawa_staff.group_hr_officer"):
            return
        for line in self:
            evaluation = line.evaluation_id
            allowed = set()
            if evaluation.employee_user_id == self.env.user and evaluation.state == "draft":
                allowed |= EMPLOYEE_LINE_FIELDS
            if evaluation.manager_user_id == self.env.user and evaluation.state in OPEN_STATES:
                allowed |= MANAGER_LINE_FIELDS
            forbidden = set(vals) - allowed
            if forbidden:
                raise AccessError(self.env._(
                    "You may not change %(fields)s of the evaluation of %(employee)s.",
                    fields=format_list(self.env, [
                        self._fields[name]._description_string(self.env)
                        for name in sorted(forbidden) if name in self._fields]),
                    employee=evaluation.employee_name))

