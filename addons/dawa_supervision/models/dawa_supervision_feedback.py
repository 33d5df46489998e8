from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.i18n import format_list

DISPOSITIONS = [
    ("rectification", "Rectification Ordered"),
    ("revocation", "Licence Revoked"),
    ("no_action", "No Action"),
    ("other", "Other"),
]
OPEN_FEEDBACK_STATES = ("sent", "handling")
# Working days the bureau has to answer when the setting is missing.
DEFAULT_FEEDBACK_DAYS = 10
# Who writes what on a written feedback, and while it is in which state.
DEPARTMENT_FIELDS = ("description", "proposed_disposition")
BUREAU_FIELDS = ("disposition", "answer")
# What the feedback is about and who sent it: set once, when it is sent.
FIXED_FIELDS = ("task_id", "case_id", "agency_id", "user_id")


class DawaSupervisionFeedback(models.Model):
    """书面告知: a violation found by a supervising department, sent back in writing to the
    bureau that approved, which records its disposition and answer within a working-day
    limit; the department reads the answer."""

    _name = "dawa.supervision.feedback"
    _description = "Supervision Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.deadline.mixin",
                "dawa.workflow.mixin"]
    _deadline_field = "answer_deadline"
    _deadline_done_field = "date_closed"
    _deadline_on_time_field = "answered_on_time"
    _order = "date_sent desc, id desc"
    _workflow_frozen_states = ("closed",)

    name = fields.Char(string="Feedback Number", required=True, readonly=True, copy=False,
                       index=True, default=lambda self: self.env._("New"))
    state = fields.Selection(
        [("sent", "Sent"), ("handling", "Being Handled"), ("closed", "Closed")],
        required=True, default="sent", readonly=True, copy=False, index=True, tracking=True,
        group_expand="_expand_states",
    )
    task_id = fields.Many2one(
        "dawa.supervision.task", string="Supervision Task", index=True, ondelete="restrict",
        domain="[('agency_id', '=', agency_id), ('kind', 'in', ('push', 'verification'))]",
        help="The task during which the violation was found, or the pushed result of the "
        "licence concerned.")
    case_id = fields.Many2one(
        "dawa.approval.case", compute="_compute_case_id", store=True,
        readonly=False, precompute=True, index=True, ondelete="restrict",
        # departments name their task; the case itself is the bureau's
        groups="dawa_approval.group_window_clerk")
    agency_id = fields.Many2one(
        "dawa.agency", string="Sending Department", required=True, index=True,
        ondelete="restrict", default=lambda self: self.env.user.dawa_agency_id)
    user_id = fields.Many2one(
        "res.users", string="Sent By", default=lambda self: self.env.user, readonly=True)
    holder_name = fields.Char(
        string="Licence Holder", compute="_compute_case_info", store=True, compute_sudo=True)
    decision_ref = fields.Char(
        string="Decision Number", compute="_compute_case_info", store=True, compute_sudo=True)
    item_id = fields.Many2one(
        "dawa.approval.item", string="Approval Item", compute="_compute_case_info",
        store=True, compute_sudo=True)
    licence_status = fields.Selection(related="case_id.licence_id.state", string="Licence Status")
    revocation_ref = fields.Char(related="case_id.revocation_ref")
    description = fields.Text(
        string="Violation Found", required=True,
        help="The facts found in supervision: what, where, when, and the evidence attached.")
    proposed_disposition = fields.Selection(
        DISPOSITIONS, string="Proposed by the Department",
        help="What the department proposes; an untrue commitment proposes the revocation "
        "of the licence.")
    date_sent = fields.Date(readonly=True, index=True, copy=False)
    answer_deadline = fields.Date(
        readonly=True, index=True, copy=False, tracking=True,
        help="The bureau answers within this many working days of receipt (see the "
        "settings).")
    escalated_date = fields.Date(
        string="Escalated On", readonly=True, copy=False,
        help="The day the overdue answer was reported to the bureau's leaders.")
    handler_id = fields.Many2one("res.users", string="Handled By", readonly=True, copy=False)
    date_handled = fields.Date(readonly=True, copy=False)
    disposition = fields.Selection(DISPOSITIONS, tracking=True)
    answer = fields.Text(help="The bureau's written answer, read by the sending department.")
    date_closed = fields.Date(string="Answered On", readonly=True, copy=False, index=True)
    closed_user_id = fields.Many2one(
        "res.users", string="Answered By", readonly=True, copy=False)
    answered_on_time = fields.Boolean(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "name", "date_sent", "answer_deadline", "deadline_state", "handler_id", "date_handled",
            "date_closed", "closed_user_id", "answered_on_time", "escalated_date",
        ]

    def _expand_states(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    @api.depends("task_id")
    def _compute_case_id(self):
        for feedback in self:
            # sudo: a department names its task, whose case it may not read
            if feedback.task_id.sudo().case_id:
                feedback.case_id = feedback.task_id.sudo().case_id

    @api.depends("case_id", "task_id")
    def _compute_case_info(self):
        for feedback in self:
            task, case = feedback.task_id, feedback.case_id
            feedback.holder_name = task.holder_name or case.applicant_name
            feedback.decision_ref = task.decision_ref or case.decision_ref
            feedback.item_id = task.item_id or case.main_item_id


    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("task_id", "case_id", "agency_id")
    def _check_supervised_case(self):
        """A department writes about the licences pushed to it, and only about them."""
        # sudo: the check reads the cases and every department's tasks
        tasks = self.env["dawa.supervision.task"].sudo().search([
            ("case_id", "in", self.sudo().case_id.ids),
            ("agency_id", "in", self.sudo().agency_id.ids)])
        pushed = {(task.case_id.id, task.agency_id.id) for task in tasks}
        for feedback in self.sudo():
            if feedback.task_id and feedback.task_id.agency_id != feedback.agency_id:
                raise ValidationError(self.env._(
                    "%(task)s is a task of %(agency)s: a department sends feedback on its own "
                    "tasks only.", task=feedback.task_id.name,
                    agency=feedback.task_id.agency_id.name))
            if not feedback.case_id:
                raise ValidationError(self.env._(
                    "Choose the supervision task or the case the feedback is about."))
            if (feedback.case_id.id, feedback.agency_id.id) not in pushed:
                raise ValidationError(self.env._(
                    "%(case)s was not pushed to %(agency)s: a department sends feedback on the "
                    "licences it supervises only.", case=feedback.case_id.name,
                    agency=feedback.agency_id.name))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._notify_bureau()
        return records

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            self._check_writer(vals)
        return super().write(vals)

    @api.model
    def _fill_workflow_create_vals(self, vals_list):
        today = self.env["dawa.holiday"]._bureau_today()
        deadline = self.env["dawa.holiday"]._get_work_calendar().add(
            today, self._get_feedback_days())
        new = self.env._("New")
        Sequence = self.env["ir.sequence"].sudo()  # sudo: numbering is the system's
        for vals in vals_list:
            if vals.get("name", new) == new:
                vals["name"] = Sequence.next_by_code("dawa.supervision.feedback") or new
            vals.update({"date_sent": today, "answer_deadline": deadline})

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._(
            "Written feedback is never deleted: it records what a department reported."))

    def _check_writer(self, vals):
        """The department writes its report while it is unanswered, the bureau its answer
        while handling it; what the feedback is about never changes."""
        fixed = [name for name in FIXED_FIELDS if name in vals and any(
            self._fields[name].convert_to_cache(vals[name], record, validate=False)
            != self._fields[name].convert_to_cache(record[name], record, validate=False)
            for record in self)]
        if fixed:
            raise UserError(self.env._(
                "%(fields)s of a written feedback cannot be changed once it is sent.",
                fields=format_list(self.env, self._labels(fixed))))
        department = [name for name in DEPARTMENT_FIELDS if name in vals]
        if department:
            if not self.env.user.has_group("dawa_supervision.group_department_user"):
                raise UserError(self.env._(
                    "Only the sending department may change %(fields)s.",
                    fields=format_list(self.env, self._labels(department))))
            if any(feedback.state != "sent" for feedback in self):
                raise UserError(self.env._(
                    "The bureau is already handling this feedback: %(fields)s can no longer "
                    "be changed. Send a new feedback to add facts.",
                    fields=format_list(self.env, self._labels(department))))
        bureau = [name for name in BUREAU_FIELDS if name in vals]
        if bureau:
            if not self.env.user.has_group("dawa_approval.group_approver"):
                raise UserError(self.env._(
                    "Only the bureau's approvers may write %(fields)s.",
                    fields=format_list(self.env, self._labels(bureau))))
            if any(feedback.state != "handling" for feedback in self):
                raise UserError(self.env._(
                    "Take the feedback in hand first: %(fields)s are written while it is being "
                    "handled.", fields=format_list(self.env, self._labels(bureau))))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_handle(self):
        self._check_step(["sent"], "dawa_approval.group_approver")
        self._workflow_write({
            "state": "handling", "handler_id": self.env.uid,
            "date_handled": self.env["dawa.holiday"]._bureau_today(),
        })

    def action_close(self):
        """Answer the department. A revocation is the bureau's own decision: it is issued
        here, under the agency seal, and pushed back to the supervising departments."""
        self._check_step(["handling"], "dawa_approval.group_approver")
        for feedback in self:
            if not feedback.disposition or not (feedback.answer or "").strip():
                raise UserError(self.env._(
                    "%(feedback)s: record the disposition and the written answer to the "
                    "department before closing it.", feedback=feedback.name))
        revoked = self.filtered(lambda feedback: feedback.disposition == "revocation")
        for feedback in revoked:
            feedback.case_id._issue_revocation()
        today = self.env["dawa.holiday"]._bureau_today()
        for feedback in self:
            feedback._workflow_write({
                "state": "closed", "date_closed": today, "closed_user_id": self.env.uid,
                "answered_on_time": today <= feedback.answer_deadline,
                "deadline_state": "normal",
            })
        self.activity_feedback(
            ["dawa_supervision.mail_activity_type_supervision_feedback",
             "dawa_supervision.mail_activity_type_supervision_escalation"],
            feedback=self.env._("Answered"))
        for feedback in self:
            feedback.message_post(
                body=self.env._(
                    "Answer of the bureau (%(disposition)s): %(answer)s",
                    disposition=dict(self._fields["disposition"]._description_selection(
                        self.env))[feedback.disposition],
                    answer=feedback.answer.strip()),
                message_type="comment", subtype_xmlid="mail.mt_comment",
                partner_ids=feedback.user_id.partner_id.ids)

    def action_view_attachments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Attachments"),
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    @api.model
    def _get_feedback_days(self):
        """Working days the bureau has to answer a written feedback (setting)."""
        # sudo: departments send feedback without reading system parameters
        value = self.env["ir.config_parameter"].sudo().get_param(
            "dawa_supervision.feedback_days", DEFAULT_FEEDBACK_DAYS)
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return DEFAULT_FEEDBACK_DAYS

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _labels(self, field_names):
        return [self._fields[name]._description_string(self.env) for name in field_names]

    def _notify_bureau(self):
        """Tell the bureau: an activity for the approver of the case (a bureau leader when
        the case has none) and a line in the case's history."""
        managers = self._get_bureau_leaders()
        # sudo: the sending department may not read the case or its approver
        for feedback in self.sudo():
            case = feedback.case_id
            assignees = case.approver_id or managers[:1]
            for user in assignees:
                feedback.with_context(mail_activity_quick_update=True).activity_schedule(
                    "dawa_supervision.mail_activity_type_supervision_feedback",
                    date_deadline=feedback.answer_deadline,
                    user_id=user.id,
                    summary=feedback.with_context(lang=user.lang).env._(
                        "Answer the feedback of %(agency)s by %(date)s",
                        agency=feedback.agency_id.name, date=feedback.answer_deadline))
            case.message_post(body=self.env._(
                "Written feedback %(feedback)s from %(agency)s: %(description)s",
                feedback=feedback.name, agency=feedback.agency_id.name,
                description=feedback.description))

    @api.model
    def _get_bureau_leaders(self):
        """The bureau's managers (局领导), who are told of overdue answers; not the
        administrators, who hold a leader's rights by inheritance, not his duties (unless
        nobody else leads)."""
        # sudo: whoever triggers the reminder, the leaders are looked up
        leaders = self.env["res.users"].sudo().search([
            ("groups_id", "in", self.env.ref("dawa_approval.group_manager").ids),
            ("share", "=", False)], order="id")
        return (leaders - self.env.ref("base.group_system").sudo().users) or leaders

    # ------------------------------------------------------------------
    # deadlines
    # ------------------------------------------------------------------

    @api.model
    def _cron_refresh_deadlines(self):
        """Daily, in the bureau's day: the deadline state of every unanswered feedback;
        an answer turning overdue is reported once to the bureau's leaders by activity."""
        self._refresh_deadlines()

    @api.model
    def _refresh_deadlines(self, feedback_ids=None):
        domain = [("state", "in", OPEN_FEEDBACK_STATES)]
        if feedback_ids is not None:
            domain.append(("id", "in", feedback_ids))
        records, _changed = self._refresh_deadline_states(domain, ["escalated_date"])
        overdue = records.filtered(
            lambda feedback: feedback.deadline_state == "overdue" and not feedback.escalated_date)
        if overdue:
            overdue._escalate(self.env["dawa.holiday"]._bureau_today())

    def _escalate(self, today):
        """One activity per bureau leader and overdue feedback, in one batch."""
        leaders = self._get_bureau_leaders()
        activity_type = self.env.ref(
            "dawa_supervision.mail_activity_type_supervision_escalation")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for feedback in self:
            for user in leaders:
                env = self.with_context(lang=user.lang).env
                vals_list.append({
                    "res_model_id": model_id,
                    "res_id": feedback.id,
                    "activity_type_id": activity_type.id,
                    "summary": env._(
                        "Feedback of %(agency)s unanswered since %(date)s",
                        agency=feedback.agency_id.name, date=feedback.answer_deadline),
                    "date_deadline": today,
                    "user_id": user.id,
                    "automated": True,
                })
        # sudo: the cron reports to the leaders
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True).create(vals_list)
        self._workflow_write({"escalated_date": today})
