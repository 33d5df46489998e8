from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dawa_project_flow import STAGES


class DawaProjectFlowStage(models.Model):
    """One of the four stages of a flow: its items and its working-day limit."""

    _name = "dawa.project.flow.stage"
    _description = "Project Approval Flow Stage"
    _order = "flow_id, stage"

    flow_id = fields.Many2one(
        "dawa.project.flow", required=True, ondelete="cascade", index=True)
    stage = fields.Selection(STAGES, required=True)
    name = fields.Char(
        string="Stage Name", help="The stage's name in this flow, if the flow names it so.")
    item_ids = fields.Many2many(
        "dawa.approval.item", string="Approval Items", domain=[("state", "=", "published")])
    days = fields.Integer(
        string="Limit (Working Days)", required=True, default=20,
        help="Working days the stage may take from the acceptance of its first case.")

    _sql_constraints = [
        ("stage_unique", "unique(flow_id, stage)", "A flow has each stage once."),
        ("days_positive", "check(days > 0)",
         "The limit of a stage is a positive number of working days."),
    ]

    @api.depends("stage", "name")
    def _compute_display_name(self):
        labels = dict(self._fields["stage"]._description_selection(self.env))
        for line in self:
            line.display_name = line.name or labels.get(line.stage, "")

    @api.constrains("days")
    def _check_flow_days(self):
        self.flow_id._check_stage_days()

    @api.constrains("item_ids", "flow_id")
    def _check_items_once(self):
        for flow in self.flow_id:
            seen = {}
            for line in flow.stage_line_ids:
                for item in line.item_ids:
                    if item in seen and seen[item] != line:
                        raise ValidationError(self.env._(
                            "%(item)s is already in another stage of %(flow)s: an item "
                            "belongs to one stage of a flow.", item=item.name, flow=flow.name))
                    seen[item] = line
