from odoo import api, fields, models
from odoo.exceptions import UserError


class DawaInspectionDrawLine(models.Model):
    """One holder drawn by a random inspection plan, with the inspectors drawn for it and
    the inspection task it became. Written by the draw only: nobody creates, changes or
    deletes a line."""

    _name = "dawa.inspection.draw.line"
    _inherit = ["dawa.derived.fields.mixin"]
    _description = "Drawn Holder"
    _order = "plan_id, sequence"

    plan_id = fields.Many2one("dawa.inspection.plan", required=True, index=True,
                              ondelete="cascade", readonly=True)
    agency_id = fields.Many2one(related="plan_id.agency_id", store=True, index=True)
    sequence = fields.Integer(string="Draw Order", readonly=True)
    # the bureau's link; the department reads the licence on the task
    case_id = fields.Many2one("dawa.approval.case", readonly=True, index=True,
                              ondelete="restrict", groups="dawa_approval.group_window_clerk")
    licence_number = fields.Char(readonly=True)
    holder_name = fields.Char(string="Licence Holder", readonly=True)
    holder_is_person = fields.Boolean(readonly=True)
    public_holder_name = fields.Char(
        compute="_compute_public_holder_name",
        help="The holder as the public page shows it: a natural person's name is masked.")
    inspector_ids = fields.Many2many("dawa.inspection.inspector", string="Inspectors",
                                     readonly=True)
    task_id = fields.Many2one("dawa.supervision.task", string="Inspection Task", readonly=True,
                              ondelete="restrict")
    task_state = fields.Selection(related="task_id.state", string="Task Status")
    result = fields.Selection(related="task_id.result")

    @api.depends("holder_name", "holder_is_person")
    def _compute_public_holder_name(self):
        for line in self:
            name = line.holder_name or ""
            line.public_holder_name = (name[:1] + "*" * max(len(name) - 1, 1)
                                       if line.holder_is_person and name else name)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Drawn holders are written by the draw only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("Drawn holders are written by the draw only."))
        return super().write(vals)

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._("Drawn holders are never deleted: the draw is public."))
