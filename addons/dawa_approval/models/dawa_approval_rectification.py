from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .dawa_approval_case_rating import RATING_LEVELS

# Working days the bureau has to answer a dissatisfied rating when the setting is missing.
DEFAULT_RECTIFICATION_DAYS = 5


# Fields of the follow-up call (回访): recorded by someone else than the person who answered.
FOLLOW_UP_FIELDS = ("follow_up_date", "follow_up_note", "follow_up_result")
# What the staff member writes to appeal, before the action.
APPEAL_FIELDS = ("appeal_reason", "appeal_attachment_ids")


class DawaApprovalRectification(models.Model):
    """整改: the bureau's answer to a dissatisfied rating (差评) of a case, 国办发〔2019〕51号
    (政务服务"好差评"制度): "建立差评和投诉问题调查核实、督促整改和反馈机制" and
    "建立申诉复核机制，排除误评和'恶意'差评".

    - The responsible staff member (the handler the rating is about) answers it; the
      follow-up call (回访) that checks the answer is recorded by someone else — a bureau
      leader, or the second person a leader names (``follow_up_user_id``) — and closes it.
    - The staff member may appeal (申诉) a rating he holds mistaken or malicious, with his
      reasons and evidence; a bureau leader other than himself decides (复核). An upheld
      appeal sets the rating aside: kept on the case and marked, no longer counted
      (``dawa.approval.case.counted_rating``) — and the rectification is closed."""

    _name = "dawa.approval.rectification"
    _description = "Rectification of a Dissatisfied Rating"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.deadline.mixin",
                "dawa.workflow.mixin"]
    _deadline_done_field = "done_date"
    _order = "state, deadline, id desc"
    # closed after the call back: what was done and what the applicant said are the record
    _workflow_frozen_states = ("done",)

    name = fields.Char(related="case_id.name", string="Case Number", store=True)
    case_id = fields.Many2one(
        "dawa.approval.case", required=True, readonly=True, index=True,
        ondelete="restrict",
    )
    main_item_id = fields.Many2one(
        related="case_id.main_item_id", string="Item", store=True, index=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done")],
        required=True, default="open", readonly=True, copy=False, index=True, tracking=True,
    )
    rating = fields.Selection(RATING_LEVELS, required=True, readonly=True, index=True)
    rating_date = fields.Datetime(readonly=True)
    complaint = fields.Text(string="Rating Comment", readonly=True,
                            help="The applicant's comment with the rating.")
    deadline = fields.Date(
        required=True, readonly=True, index=True, tracking=True,
        help="The rectification is due this many working days after the rating (see the "
        "settings).",
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", index=True, tracking=True,
        help="The handler of the case, who answers the applicant.",
    )
    measures = fields.Text(string="Rectification Measures", tracking=True)
    follow_up_date = fields.Date(tracking=True)
    follow_up_note = fields.Text(
        string="Follow-up Record", help="What the applicant said when called back.")
    follow_up_result = fields.Selection(
        [
            ("satisfied", "Satisfied"),
            ("dissatisfied", "Still Dissatisfied"),
            ("unreachable", "Unreachable"),
        ],
        tracking=True,
    )
    follow_up_user_id = fields.Many2one(
        "res.users", string="Follow-up By", index=True, tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("dawa_approval.group_window_clerk").id)],
        help="The second person a bureau leader names to call the applicant back and record "
        "the follow-up; never the responsible staff member who answered the rating.")
    appeal_state = fields.Selection(
        [("submitted", "Under Review"), ("upheld", "Upheld"), ("rejected", "Rejected")],
        string="Appeal", readonly=True, copy=False, index=True, tracking=True,
        help="The staff member's appeal against the rating (申诉复核).")
    appeal_reason = fields.Text(
        string="Grounds of Appeal", copy=False,
        help="Why the staff member holds the rating mistaken or malicious.")
    appeal_attachment_ids = fields.Many2many(
        "ir.attachment", "dawa_approval_rectification_appeal_attachment_rel",
        "rectification_id", "attachment_id", string="Evidence", copy=False,
        help="Records, recordings or documents that show the rating mistaken or malicious.")
    appeal_user_id = fields.Many2one(
        "res.users", string="Appealed By", readonly=True, copy=False)
    appeal_date = fields.Date(string="Appealed On", readonly=True, copy=False)
    appeal_decision_note = fields.Text(
        string="Appeal Decision", copy=False, tracking=True,
        help="The bureau leader's findings on the appeal.")
    appeal_decided_user_id = fields.Many2one(
        "res.users", string="Appeal Decided By", readonly=True, copy=False)
    appeal_decided_date = fields.Date(string="Appeal Decided On", readonly=True, copy=False)
    done_date = fields.Date(readonly=True, copy=False)
    done_user_id = fields.Many2one("res.users", string="Closed By", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # constraints and CRUD
    # ------------------------------------------------------------------

    @api.constrains("user_id", "follow_up_user_id")
    def _check_follow_up_user(self):
        for rectification in self:
            if rectification.follow_up_user_id \
                    and rectification.follow_up_user_id == rectification.user_id:
                raise ValidationError(self.env._(
                    "%(case)s: the follow-up call is recorded by a second person, not by "
                    "%(user)s who answers the rating.", case=rectification.name,
                    user=rectification.user_id.name))

    def _get_workflow_fields(self):
        # the rating's record (the case, what the applicant said and when, the deadline it
        # sets) is written by the rating alone: not by the handler it is about, nor by anyone
        return [
            *super()._get_workflow_fields(),
            "done_date", "done_user_id", "case_id", "rating", "rating_date", "complaint",
            "deadline", "appeal_state", "appeal_user_id", "appeal_date",
            "appeal_decided_user_id", "appeal_decided_date",
        ]

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._schedule_rectification_activity()
        return records

    def write(self, vals):
        if not self.env.su:
            self._check_write_roles(vals)
        return super().write(vals)

    def _check_write_roles(self, vals):
        """Who writes what: only a bureau manager hands the rectification to someone else or
        names the second person of the follow-up; the staff member who answered never
        records the follow-up call of his own answer; he alone writes his appeal, before he
        submits it; only a leader writes the appeal's decision."""
        user = self.env.user
        manager = user.has_group("dawa_approval.group_manager")
        for name in ("user_id", "follow_up_user_id"):
            if name in vals and not manager \
                    and any(rec[name].id != vals[name] for rec in self):
                raise UserError(self.env._(
                    "Only a bureau manager may choose who answers a rectification or who "
                    "records its follow-up call."))
        if set(FOLLOW_UP_FIELDS) & set(vals):
            own = self.filtered(lambda rec: rec.user_id == user)
            if own:
                raise UserError(self.env._(
                    "%(case)s: you answered this dissatisfied rating, so the follow-up call "
                    "with the applicant is recorded by a bureau leader or the second person "
                    "a leader names, not by you.", case=own[0].name))
        if set(APPEAL_FIELDS) & set(vals):
            other = self.filtered(lambda rec: rec.user_id != user or rec.appeal_state)
            if other:
                raise UserError(self.env._(
                    "%(case)s: only the staff member the rating is about writes his appeal, "
                    "before submitting it.", case=other[0].name))
        if "appeal_decision_note" in vals and not manager:
            raise UserError(self.env._(
                "Only a bureau leader decides on an appeal against a rating."))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_close(self):
        """Close once the applicant has been called back (回访): by a bureau leader or the
        second person a leader named, never by the staff member who answered."""
        self._check_step(["open"], "dawa_approval.group_window_clerk")
        self._check_follow_up_recorder()
        for rectification in self:
            if not (
                (rectification.follow_up_note or "").strip()
                and rectification.follow_up_date
                and rectification.follow_up_result
            ):
                raise UserError(self.env._(
                    "%(case)s: record the follow-up call with the applicant (date, record and "
                    "result) before closing the rectification.", case=rectification.name))
        self._close()

    def action_appeal(self):
        """申诉: the staff member the rating is about holds it mistaken or malicious and
        appeals, with his reasons and evidence, once, while the rectification is open."""
        self._check_step(["open"], "dawa_approval.group_window_clerk")
        for rectification in self:
            if rectification.user_id != self.env.user:
                raise UserError(self.env._(
                    "%(case)s: only the staff member the rating is about, %(user)s, may appeal "
                    "against it.", case=rectification.name,
                    user=rectification.user_id.name or "-"))
            if rectification.appeal_state:
                raise UserError(self.env._(
                    "%(case)s: the rating was already appealed against on %(date)s; an appeal "
                    "is made once.", case=rectification.name,
                    date=format_date(self.env, rectification.appeal_date)))
            if not (rectification.appeal_reason or "").strip():
                raise UserError(self.env._(
                    "%(case)s: write the grounds of the appeal first.", case=rectification.name))
            if not rectification.appeal_attachment_ids:
                raise UserError(self.env._(
                    "%(case)s: attach the evidence that shows the rating mistaken or malicious "
                    "first.", case=rectification.name))
        self._workflow_write({
            "appeal_state": "submitted",
            "appeal_user_id": self.env.uid,
            "appeal_date": self.env["dawa.holiday"]._bureau_today(),
        })
        for rectification in self:
            rectification.message_post(body=self.env._(
                "Appeal against the rating submitted by %(user)s: %(reason)s",
                user=self.env.user.name, reason=rectification.appeal_reason.strip()))

    def action_uphold_appeal(self):
        """复核: a bureau leader upholds the appeal: the rating is set aside (kept on the case
        and marked, no longer counted) and the rectification is closed."""
        self._check_appeal_decidable()
        today = self.env["dawa.holiday"]._bureau_today()
        self._workflow_write({"appeal_state": "upheld", "appeal_decided_user_id": self.env.uid,
                              "appeal_decided_date": today})
        self.case_id._workflow_write({"rating_excluded": True})
        for rectification in self:
            body = self.env._(
                "Appeal against the dissatisfied rating upheld by %(user)s: the rating is kept "
                "but no longer counted in the figures. Findings: %(note)s",
                user=self.env.user.name, note=rectification.appeal_decision_note.strip())
            rectification.message_post(body=body)
            rectification.case_id.message_post(body=body)
        self._close()

    def action_reject_appeal(self):
        """复核: a bureau leader rejects the appeal: the rating stands and the rectification
        goes on."""
        self._check_appeal_decidable()
        self._workflow_write({
            "appeal_state": "rejected", "appeal_decided_user_id": self.env.uid,
            "appeal_decided_date": self.env["dawa.holiday"]._bureau_today()})
        for rectification in self:
            rectification.message_post(body=self.env._(
                "Appeal against the rating rejected by %(user)s: %(note)s",
                user=self.env.user.name, note=rectification.appeal_decision_note.strip()))

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _check_follow_up_recorder(self):
        """The follow-up call is recorded by a bureau leader or the second person a leader
        named, never by the staff member who answered the rating."""
        if self.env.su:
            return
        user = self.env.user
        manager = user.has_group("dawa_approval.group_manager")
        for rectification in self:
            if rectification.user_id == user or not (
                    manager or rectification.follow_up_user_id == user):
                raise UserError(self.env._(
                    "%(case)s: the follow-up call with the applicant is recorded, and the "
                    "rectification closed, by a bureau leader or the second person a leader "
                    "names, not by the staff member who answered the rating.",
                    case=rectification.name))

    def _check_appeal_decidable(self):
        self._check_step(["open"], "dawa_approval.group_manager")
        for rectification in self:
            if rectification.appeal_state != "submitted":
                raise UserError(self.env._(
                    "%(case)s has no appeal waiting for a decision.", case=rectification.name))
            if rectification.appeal_user_id == self.env.user and not self.env.su:
                raise UserError(self.env._(
                    "%(case)s: you appealed against this rating yourself; another bureau "
                    "leader decides.", case=rectification.name))
            if not (rectification.appeal_decision_note or "").strip():
                raise UserError(self.env._(
                    "%(case)s: write the findings on the appeal first.",
                    case=rectification.name))

    def _close(self):
        self._workflow_write({
            "state": "done",
            "done_date": self.env["dawa.holiday"]._bureau_today(),
            "done_user_id": self.env.uid,
        })
        self.activity_feedback(
            ["dawa_approval.mail_activity_type_rectification"],
            feedback=self.env._("Rectification closed"),
        )

    @api.model
    def _get_rectification_days(self):
        """The working days allowed to answer a dissatisfied rating (setting)."""
        # sudo: the public rating page reads the setting for the bureau
        value = self.env["ir.config_parameter"].sudo().get_param(
            "dawa_approval.rectification_days", DEFAULT_RECTIFICATION_DAYS)
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            return DEFAULT_RECTIFICATION_DAYS

    def _schedule_rectification_activity(self):
        for rectification in self.filtered("user_id"):
            rectification.activity_schedule(
                "dawa_approval.mail_activity_type_rectification",
                date_deadline=rectification.deadline,
                user_id=rectification.user_id.id,
                summary=self.env._(
                    "Answer the dissatisfied rating of %(case)s", case=rectification.name),
            )
