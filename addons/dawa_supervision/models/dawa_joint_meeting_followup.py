from odoo import fields, models
from odoo.exceptions import UserError


class DawaJointMeetingFollowup(models.Model):
    """督办事项: a decision of a joint meeting as the owner department's task, due within
    working days of the meeting, tracked to closure and flagged when overdue."""

    _name = "dawa.joint.meeting.followup"
    _description = "Joint Meeting Follow-up"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.deadline.mixin",
                "dawa.workflow.mixin"]
    _order = "deadline, id"
    _deadline_done_field = "date_done"
    _deadline_on_time_field = "on_time"
    _mail_post_access = "read"
    _workflow_frozen_states = ("done",)

    decision_id = fields.Many2one("dawa.joint.meeting.decision", string="Meeting Decision",
                                  required=True, readonly=True, index=True,
                                  ondelete="restrict")
    meeting_id = fields.Many2one(related="decision_id.meeting_id", store=True, index=True)
    name = fields.Text(related="decision_id.name", string="Decision")
    agency_id = fields.Many2one("dawa.agency", string="Owner", required=True, readonly=True,
                                index=True, ondelete="restrict")
    date_assigned = fields.Date(readonly=True)
    deadline = fields.Date(readonly=True, index=True)
    result_note = fields.Text(string="What Was Done")
    state = fields.Selection([("open", "Open"), ("done", "Done")], required=True,
                             default="open", readonly=True, copy=False, index=True,
                             tracking=True)
    date_done = fields.Date(readonly=True, copy=False)
    done_user_id = fields.Many2one("res.users", string="Done By", readonly=True, copy=False)
    on_time = fields.Boolean(readonly=True, copy=False)

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "decision_id", "agency_id", "date_assigned", "deadline", "date_done", "done_user_id",
            "on_time",
        ]

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._(
            "Follow-ups of a meeting are never deleted: they record what was decided."))

    def action_done(self):
        """The owner department (or the bureau's leader) reports the decision carried out."""
        self.check_access("read")
        if not self.env.su and not (
                self.env.user.has_group("dawa_approval.group_manager")
                or self.env.user.has_group("dawa_supervision.group_department_user")):
            raise UserError(self.env._(
                "Only the owner department or a bureau leader may report a follow-up done."))
        self._check_step(["open"])
        if not self.env.user.has_group("dawa_approval.group_manager"):
            foreign = self.filtered(
                lambda followup: followup.agency_id != self.env.user.dawa_agency_id)
            if foreign:
                raise UserError(self.env._(
                    "%(agency)s owns this follow-up: only its users report it done.",
                    agency=foreign[0].agency_id.name))
        for followup in self:
            if not (followup.result_note or "").strip():
                raise UserError(self.env._(
                    "Write what was done before reporting the follow-up done."))
        today = self.env["dawa.holiday"]._bureau_today()
        for followup in self:
            followup._workflow_write({
                "state": "done", "date_done": today, "done_user_id": self.env.uid,
                "on_time": not followup.deadline or today <= followup.deadline,
            })
        # sudo: a department closes its follow-up; the decision is the bureau's record
        self.sudo().decision_id._update_state()
        return True
