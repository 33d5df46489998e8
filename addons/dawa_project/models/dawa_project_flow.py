from odoo import api, fields, models
from odoo.exceptions import ValidationError

# 审批流程类型 (SPLCLX) of the national data exchange of the construction project approval
# systems; the codes are those the provincial platforms receive (docs/projects.md).
FLOW_KINDS = [
    ("1", "Government Investment (Buildings)"),
    ("2", "Government Investment (Linear Works)"),
    ("3", "General Social Investment"),
    ("4", "Small Social Investment"),
    ("5", "Social Investment on Land Sold with a Design"),
    ("6", "Industrial Investment"),
    ("7", "Transport Works"),
    ("8", "Water Works"),
    ("9", "Energy Works"),
    ("10", "Other"),
]
# 标准审批阶段 (DYBZSPJDXH): the four stages of 国办发〔2019〕11号.
STAGES = [
    ("1", "Project Approval and Land-Use Planning Permit"),
    ("2", "Construction Works Permit"),
    ("3", "Construction Permit"),
    ("4", "Completion Acceptance"),
]


class DawaProjectFlow(models.Model):
    """审批流程: the items of each of the four stages a kind of construction project goes
    through, the working days each stage may take and the target of the whole flow
    (国办发〔2019〕11号: four stages, at most 120 working days; docs/projects.md says
    where each demo target comes from). Kept by the catalogue administrators."""

    _name = "dawa.project.flow"
    _description = "Project Approval Flow"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        string="Flow Code", tracking=True,
        help="审批流程编码 of the flow as the provincial platform knows it.")
    kind = fields.Selection(
        FLOW_KINDS, string="Flow Type", required=True, default="3", tracking=True,
        help="The national type of approval flow (审批流程类型).")
    target_days = fields.Integer(
        string="Target (Working Days)", required=True, default=90, tracking=True,
        help="Working days the whole flow may take, the applicant's time left out.")
    target_source = fields.Char(
        string="Source of the Target",
        help="The document the target comes from, or that it is the bureau's own setting.")
    active = fields.Boolean(default=True)
    stage_line_ids = fields.One2many(
        "dawa.project.flow.stage", "flow_id", string="Stages", copy=True)
    stage_days_total = fields.Integer(
        string="Stage Limits (Working Days)", compute="_compute_stage_days_total")
    note = fields.Text()

    _sql_constraints = [
        ("target_positive", "check(target_days > 0)",
         "The target of a flow is a positive number of working days."),
    ]

    @api.depends("stage_line_ids.days")
    def _compute_stage_days_total(self):
        for flow in self:
            flow.stage_days_total = sum(flow.stage_line_ids.mapped("days"))

    @api.constrains("target_days", "stage_line_ids")
    def _check_stage_days(self):
        for flow in self:
            if flow.stage_days_total > flow.target_days:
                raise ValidationError(self.env._(
                    "The stages of %(flow)s add up to %(days)s working days, more than its "
                    "target of %(target)s.",
                    flow=flow.name, days=flow.stage_days_total, target=flow.target_days))

    def _get_stage_line(self, stage):
        """The line of ``stage`` ("1"…"4") in this flow, or an empty recordset."""
        self.ensure_one()
        return self.stage_line_ids.filtered(lambda line: line.stage == stage)[:1]
