from odoo import api, fields, models
from odoo.exceptions import UserError

from .dawa_approval_case_rating import RATING_LEVELS

# Working days the bureau has to answer a dissatisfied rating when the setting is missing.
DEFAULT_RECTIFICATION_DAYS = 5


class DawaApprovalRectification(models.Model):
    """整改: the bureau's answer to a dissatisfied rating (差评) of a case, closed only
    after the applicant was called back (回访)."""

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
    done_date = fields.Date(readonly=True, copy=False)
    done_user_id = fields.Many2one("res.users", string="Closed By", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def _get_workflow_fields(self):
        # the rating's record (the case, what the applicant said and when, the deadline it
        # sets) is written by the rating alone: not by the handler it is about, nor by anyone
        return [
            *super()._get_workflow_fields(),
            "done_date", "done_user_id", "case_id", "rating", "rating_date", "complaint",
            "deadline",
        ]

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._schedule_rectification_activity()
        return records

    def write(self, vals):
        # the handler the rating is about answers it: only a bureau manager hands it to someone
        # else (who then sees it instead, by the record rules)
        if "user_id" in vals and not self.env.su \
                and not self.env.user.has_group("dawa_approval.group_manager") \
                and any(rectification.user_id.id != vals["user_id"] for rectification in self):
            raise UserError(self.env._(
                "Only a bureau manager may make someone else responsible for a "
                "rectification."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_close(self):
        """Close once the applicant has been called back (回访)."""
        self._check_step(["open"], "dawa_approval.group_window_clerk")
        for rectification in self:
            if not (
                (rectification.follow_up_note or "").strip()
                and rectification.follow_up_date
                and rectification.follow_up_result
            ):
                raise UserError(self.env._(
                    "%(case)s: record the follow-up call with the applicant (date, record and "
                    "result) before closing the rectification.", case=rectification.name))
        self._workflow_write({
            "state": "done",
            "done_date": self.env["dawa.holiday"]._bureau_today(),
            "done_user_id": self.env.uid,
        })
        self.activity_feedback(
            ["dawa_approval.mail_activity_type_rectification"],
            feedback=self.env._("Rectification closed"),
        )

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

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
