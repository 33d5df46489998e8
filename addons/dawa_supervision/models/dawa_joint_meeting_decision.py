from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DawaJointMeetingDecision(models.Model):
    """A decision of a joint meeting (议定事项): what is to be done, by which department,
    within how many working days of the meeting. Done once its follow-ups are."""

    _name = "dawa.joint.meeting.decision"
    _description = "Joint Meeting Decision"
    _inherit = ["dawa.workflow.mixin"]
    _order = "meeting_id, sequence, id"

    meeting_id = fields.Many2one("dawa.joint.meeting", required=True, index=True,
                                 ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Decision", required=True)
    agency_id = fields.Many2one("dawa.agency", string="Owner", index=True,
                                ondelete="restrict",
                                help="The department (or the bureau) that carries it out.")
    deadline_days = fields.Integer(
        string="Time Limit (Working Days)", default=10,
        help="Working days from the meeting to carry the decision out.")
    deadline = fields.Date(compute="_compute_deadline", store=True, index=True)
    followup_ids = fields.One2many("dawa.joint.meeting.followup", "decision_id",
                                   string="Follow-ups")
    state = fields.Selection([("open", "Open"), ("done", "Done")], required=True,
                             default="open", readonly=True, copy=False, index=True)
    date_done = fields.Date(readonly=True, copy=False)

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "date_done"]

    @api.depends("meeting_id.date", "deadline_days")
    def _compute_deadline(self):
        Holiday = self.env["dawa.holiday"]
        for decision in self:
            decision.deadline = (
                Holiday.add_workdays(decision.meeting_id.date, decision.deadline_days)
                if decision.meeting_id.date and decision.deadline_days >= 0 else False)

    @api.constrains("deadline_days")
    def _check_deadline_days(self):
        for decision in self:
            if not 0 < decision.deadline_days <= 250:
                raise ValidationError(self.env._(
                    "The time limit of a decision is 1 to 250 working days, not %(days)s.",
                    days=decision.deadline_days))

    def write(self, vals):
        self._check_meeting_open(vals)
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        decisions = super().create(vals_list)
        decisions._check_meeting_open({"name": True})
        return decisions

    def unlink(self):
        self._check_meeting_open({"name": True})
        return super().unlink()

    def _check_meeting_open(self, vals):
        """The decisions are as minuted once the meeting is held."""
        if set(vals) - set(self._get_workflow_fields()) and any(
                decision.meeting_id.state != "draft" for decision in self):
            raise UserError(self.env._(
                "The meeting was held: its decisions are as written in the minutes and can no "
                "longer be changed."))

    def _spawn_followups(self):
        """A follow-up for the owner of each decision that has one; a decision without an
        owner is noted as done by the meeting itself."""
        today = self.env["dawa.holiday"]._bureau_today()
        vals_list = [{
            "decision_id": decision.id,
            "agency_id": decision.agency_id.id,
            "date_assigned": decision.meeting_id.date,
            "deadline": decision.deadline,
        } for decision in self if decision.agency_id]
        # sudo: the follow-ups are the departments' work, which the meeting assigns
        followups = self.env["dawa.joint.meeting.followup"].sudo().create(vals_list)
        self.filtered(lambda decision: not decision.agency_id)._workflow_write(
            {"state": "done", "date_done": today})
        return followups

    def _update_state(self):
        """Done once every follow-up is done."""
        today = self.env["dawa.holiday"]._bureau_today()
        for decision in self:
            done = bool(decision.followup_ids) and all(
                followup.state == "done" for followup in decision.followup_ids)
            if done and decision.state != "done":
                decision._workflow_write({"state": "done", "date_done": today})
