from odoo import api, fields, models
from odoo.exceptions import UserError


class DawaJointMeeting(models.Model):
    """审批联席会议: the bureau and the departments settle what falls between them. The
    meeting's decisions name an owner department and a working-day deadline, each becomes a
    follow-up of that department, tracked to closure; the minutes print as 会议纪要."""

    _name = "dawa.joint.meeting"
    _description = "Joint Approval Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin"]
    _order = "date desc, id desc"
    _workflow_frozen_states = ("closed",)

    name = fields.Char(string="Subject", required=True, tracking=True)
    number = fields.Char(string="Minutes Number", readonly=True, copy=False, index=True)
    date = fields.Date(required=True, index=True, tracking=True,
                       default=lambda self: self.env["dawa.holiday"]._bureau_today())
    location = fields.Char()
    chair_id = fields.Many2one("res.users", required=True, tracking=True,
                               default=lambda self: self.env.user)
    agency_ids = fields.Many2many("dawa.agency", string="Attending Agencies")
    topics = fields.Text(help="The questions put to the meeting, one per line.")
    minutes = fields.Text(help="What was discussed; the decisions are listed below.")
    minutes_attachment_ids = fields.Many2many(
        "ir.attachment", string="Minutes Attachments",
        help="Signed minutes, sign-in sheet, materials of the meeting.")
    decision_ids = fields.One2many("dawa.joint.meeting.decision", "meeting_id",
                                   string="Decisions", copy=True)
    followup_ids = fields.One2many("dawa.joint.meeting.followup", "meeting_id",
                                   string="Follow-ups")
    followup_count = fields.Integer(compute="_compute_followup_figures")
    followup_open_count = fields.Integer(compute="_compute_followup_figures")
    state = fields.Selection(
        [("draft", "Planned"), ("held", "Held"), ("closed", "Closed")], required=True,
        default="draft", readonly=True, copy=False, index=True, tracking=True)
    date_held = fields.Date(readonly=True, copy=False)
    date_closed = fields.Date(readonly=True, copy=False)

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "number", "date_held", "date_closed"]

    @api.depends("followup_ids.state")
    def _compute_followup_figures(self):
        for meeting in self:
            meeting.followup_count = len(meeting.followup_ids)
            meeting.followup_open_count = len(
                meeting.followup_ids.filtered(lambda followup: followup.state != "done"))

    def unlink(self):
        if any(meeting.state != "draft" for meeting in self):
            raise UserError(self.env._(
                "A meeting that was held keeps its minutes: it can no longer be deleted."))
        return super().unlink()

    def action_hold(self):
        """Record the meeting as held: its minutes get a number and every decision with an
        owner department becomes that department's follow-up, due in working days from the
        meeting."""
        self._check_step(["draft"], "dawa_approval.group_manager")
        today = self.env["dawa.holiday"]._bureau_today()
        for meeting in self:
            if meeting.date > today:
                raise UserError(self.env._(
                    "%(meeting)s takes place on %(date)s: it can be recorded as held from that "
                    "day on.", meeting=meeting.name, date=meeting.date))
            if not meeting.decision_ids:
                raise UserError(self.env._(
                    "%(meeting)s: write down at least one decision before recording the meeting "
                    "as held.", meeting=meeting.name))
            # sudo: the minutes' numbering is the system's
            number = self.env["ir.sequence"].sudo().next_by_code("dawa.joint.meeting")
            meeting._workflow_write({"state": "held", "number": number, "date_held": today})
            meeting.decision_ids._spawn_followups()
            meeting.message_post(body=self.env._(
                "Meeting held; minutes %(number)s issued.", number=number))
        return True

    def action_close(self):
        """Close the meeting once every decision is carried out."""
        self._check_step(["held"], "dawa_approval.group_manager")
        for meeting in self:
            if any(decision.state != "done" for decision in meeting.decision_ids):
                raise UserError(self.env._(
                    "%(meeting)s: every decision must be carried out before the meeting is "
                    "closed.", meeting=meeting.name))
        self._workflow_write({"state": "closed",
                              "date_closed": self.env["dawa.holiday"]._bureau_today()})
        return True

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_supervision.dawa_joint_meeting_followup_action")
        action.update({"domain": [("meeting_id", "=", self.id)], "context": {}})
        return action
