from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dawa_approval.models.dawa_deadline_mixin import DEADLINE_STATES
from odoo.addons.dawa_approval.tools import deadlines

# What only the department that owns the opinion writes: its answer.
ANSWER_FIELDS = ("result", "note")
# What a department may write of its own opinion at all.
DEPARTMENT_FIELDS = {*ANSWER_FIELDS, "message_main_attachment_id", "activity_ids",
                     "message_follower_ids"}


class DawaJointAcceptanceOpinion(models.Model):
    """A department's opinion in a joint acceptance (联合验收意见): asked of its agency with a
    working-day limit, answered by that department's users only — pass, rectify or fail, with
    its remarks, who and when. A department sees its own agency's opinions only (record
    rules); the agency of an opinion is fixed (``dawa.agency.owned.mixin``)."""

    _name = "dawa.joint.acceptance.opinion"
    _description = "Department Acceptance Opinion"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.agency.owned.mixin",
                "dawa.deadline.mixin"]
    _order = "acceptance_id, sequence, id"
    _deadline_field = "deadline"
    _deadline_done_field = "answer_date"
    _deadline_on_time_field = "on_time"
    _mail_post_access = "read"
    _workflow_frozen_states = ("answered",)

    acceptance_id = fields.Many2one(
        "dawa.joint.acceptance", string="Joint Acceptance", required=True, index=True,
        ondelete="cascade")
    sequence = fields.Integer(default=10)
    agency_id = fields.Many2one(
        "dawa.agency", string="Department", required=True, index=True, ondelete="restrict")
    scope = fields.Char(
        string="What It Accepts",
        help="The acceptance the department gives its opinion on, such as the fire "
        "acceptance or the archives acceptance.")
    project_code = fields.Char(related="acceptance_id.project_code")
    project_name = fields.Char(related="acceptance_id.project_name")
    builder_name = fields.Char(related="acceptance_id.builder_name")
    address = fields.Char(related="acceptance_id.address")
    acceptance_date = fields.Date(related="acceptance_id.date")
    result = fields.Selection(
        [("pass", "Passed"), ("rectify", "Rectify"), ("fail", "Failed")], tracking=True)
    note = fields.Text(string="Opinion", tracking=True)
    state = fields.Selection(
        [("draft", "Not Asked"), ("asked", "Asked"), ("answered", "Answered")],
        required=True, default="draft", readonly=True, copy=False, index=True, tracking=True)
    asked_date = fields.Date(readonly=True, copy=False)
    deadline = fields.Date(string="Answer By", readonly=True, copy=False, index=True)
    answer_date = fields.Date(string="Answered On", readonly=True, copy=False)
    answer_user_id = fields.Many2one(
        "res.users", string="Answered By", readonly=True, copy=False)
    on_time = fields.Boolean(readonly=True, copy=False)
    deadline_state = fields.Selection(DEADLINE_STATES, tracking=True)

    _sql_constraints = [
        ("agency_unique", "unique(acceptance_id, agency_id)",
         "A department gives one opinion in a joint acceptance."),
    ]

    @api.depends("agency_id", "acceptance_id")
    def _compute_display_name(self):
        for opinion in self:
            opinion.display_name = " ".join(part for part in (
                opinion.acceptance_id.project_name, opinion.agency_id.name) if part)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if any(vals.get(name) for name in ANSWER_FIELDS):
                    raise UserError(self.env._(
                        "The opinion is the department's to give, once it is asked."))
        opinions = super().create(vals_list)
        opinions._check_acceptance_draft()
        return opinions

    def write(self, vals):
        if not self.env.su:
            self._check_department_write(vals)
        return super().write(vals)

    def unlink(self):
        self._check_acceptance_draft()
        return super().unlink()

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "asked_date", "deadline", "answer_date",
                "answer_user_id", "on_time"]

    def _check_acceptance_draft(self):
        """The departments asked are those of the draft."""
        if any(opinion.acceptance_id.state != "draft" for opinion in self):
            raise UserError(self.env._(
                "The opinions were asked: the departments of the joint acceptance can no "
                "longer be changed."))

    def _check_department_write(self, vals):
        """The answer is the owning department's, while it is asked; the rest is the
        bureau's, while the acceptance is a draft."""
        if "acceptance_id" in vals and any(
                opinion.acceptance_id.id != vals["acceptance_id"] for opinion in self):
            raise UserError(self.env._(
                "An opinion belongs to its joint acceptance: it cannot be moved to another."))
        answer = set(vals) & set(ANSWER_FIELDS)
        if answer:
            user = self.env.user
            for opinion in self:
                if not user.has_group("dawa_supervision.group_department_user") \
                        or opinion.agency_id != user.dawa_agency_id:
                    raise UserError(self.env._(
                        "Only %(agency)s gives its opinion in this joint acceptance.",
                        agency=opinion.agency_id.name))
                if opinion.state != "asked":
                    raise UserError(self.env._(
                        "The opinion of %(agency)s is not asked now: it cannot be changed.",
                        agency=opinion.agency_id.name))
        rest = set(vals) - DEPARTMENT_FIELDS
        if rest and not self.env.user.has_group("dawa_approval.group_window_clerk"):
            raise UserError(self.env._(
                "A department gives its opinion and remarks only: the rest of the joint "
                "acceptance is the bureau's."))
        if rest - set(self._get_workflow_fields()):
            self._check_acceptance_draft()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_answer(self):
        """The department gives its opinion (出具意见): its result, and remarks when it asks
        for rectification or fails the project; who and when are recorded."""
        self.check_access("write")
        if not self.env.su and not self.env.user.has_group(
                "dawa_supervision.group_department_user"):
            raise UserError(self.env._("Only the department asked gives its opinion."))
        self._check_step(["asked"])
        today = self.env["dawa.holiday"]._bureau_today()
        for opinion in self:
            if not self.env.su and opinion.agency_id != self.env.user.dawa_agency_id:
                raise UserError(self.env._(
                    "Only %(agency)s gives its opinion in this joint acceptance.",
                    agency=opinion.agency_id.name))
            if not opinion.result:
                raise UserError(self.env._("Choose the result of the opinion first."))
            if opinion.result != "pass" and not (opinion.note or "").strip():
                raise UserError(self.env._(
                    "Write what must be rectified, or why the project fails, in the opinion."))
        for opinion in self:
            opinion._workflow_write({
                "state": "answered", "answer_date": today, "answer_user_id": self.env.uid,
                "on_time": not opinion.deadline or today <= opinion.deadline,
                "deadline_state": deadlines.NORMAL,
            })
            labels = dict(self._fields["result"]._description_selection(self.env))
            # sudo: a department's answer is noted on the bureau's joint acceptance
            acceptance = opinion.acceptance_id.sudo()
            acceptance.message_post(body=self.env._(
                "%(agency)s: %(result)s. %(note)s", agency=opinion.agency_id.name,
                result=labels[opinion.result], note=(opinion.note or "").strip()))
            if all(other.state == "answered" for other in acceptance.opinion_ids):
                acceptance.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=acceptance.requested_user_id.id or acceptance.create_uid.id,
                    summary=self.env._("Every department answered: issue the joint opinion."))
        self.activity_ids.sudo().action_feedback()
        return True

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _get_result_label(self):
        """The result as the 意见书 prints it."""
        self.ensure_one()
        labels = dict(self._fields["result"]._description_selection(self.env))
        return labels.get(self.result, "")

    def _ask(self, today):
        """Ask the departments (again): the answer due within the bureau's working days;
        an activity for each user of the department."""
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        days = self.env["dawa.joint.acceptance"]._get_opinion_days()
        deadline = calendar.add(today, days)
        self._workflow_write({
            "state": "asked", "asked_date": today, "deadline": deadline, "answer_date": False,
            "answer_user_id": False, "on_time": False, "deadline_state": deadlines.NORMAL,
        })
        # sudo: the previous answer is cleared by the bureau asking again, not by the
        # department (once asked, no longer frozen)
        self.sudo().write({"result": False})
        # sudo: the bureau asking may not read the departments' users
        users = self.env["res.users"].sudo().search([
            ("dawa_agency_id", "in", self.agency_id.ids),
            ("groups_id", "in", self.env.ref("dawa_supervision.group_department_user").ids),
        ])
        for opinion in self:
            for user in users.filtered(lambda u, o=opinion: u.dawa_agency_id == o.agency_id):
                # sudo: the activity is the department's, on its own opinion
                opinion.sudo().activity_schedule(
                    "mail.mail_activity_data_todo", date_deadline=deadline, user_id=user.id,
                    summary=self.env._("Give the opinion of the joint acceptance of %(project)s.",
                                       project=opinion.acceptance_id.project_name))

    def _refresh_deadline_states(self, domain, fnames=()):
        """An opinion turning overdue is the project helper's to chase (帮办代办)."""
        records, changed = super()._refresh_deadline_states(domain, fnames)
        for opinion in changed.get(deadlines.OVERDUE, self.browse()):
            opinion.acceptance_id.project_id._notify_helper(self.env._(
                "%(agency)s has not given its joint acceptance opinion, due on %(deadline)s.",
                agency=opinion.agency_id.name, deadline=opinion.deadline))
        return records, changed
