from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.dawa_licence.models.dawa_licence import LICENCE_STATES

TASK_KINDS = [
    ("push", "Approval Result"),
    ("verification", "Commitment Verification"),
    ("random", "Random Inspection"),
    ("notice", "Licence Revocation Notice"),
]
# Kinds pushed once per case and department (审批结果推送 exactly once, also under retry).
PUSHED_ONCE_KINDS = ("push", "verification", "notice")
OPEN_TASK_STATES = ("new", "in_progress")
# Working days a department has to acknowledge the notice of a revoked licence.
NOTICE_DAYS = 5


class DawaSupervisionTask(models.Model):
    """A supervision task of a department (审批结果推送, 告知承诺核查, 双随机抽查): created by the
    system when the bureau approves a case, worked on by the department's users only.

    The task carries what the department needs to supervise (licence holder, item, decision
    number and date, validity, scope), copied from the decision when it is pushed; the
    department never reads the case itself, let alone the applicant's ID number or phone.
    """

    _name = "dawa.supervision.task"
    _description = "Supervision Task"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.deadline.mixin",
                "dawa.workflow.mixin"]
    _deadline_done_field = "date_done"
    _deadline_on_time_field = "on_time"
    _order = "deadline, id desc"
    # written by the push and the actions only (dawa.workflow.mixin); the department writes
    # the assignee, the result and the findings, until the task is done
    _workflow_frozen_states = ("done",)

    name = fields.Char(string="Task Number", required=True, readonly=True, copy=False,
                       index=True, default=lambda self: self.env._("New"))
    kind = fields.Selection(TASK_KINDS, required=True, default="push", readonly=True,
                            index=True, tracking=True)
    state = fields.Selection(
        [("new", "New"), ("in_progress", "In Progress"), ("done", "Done")],
        required=True, default="new", readonly=True, copy=False, index=True, tracking=True,
        group_expand="_expand_states",
    )
    # the bureau's link to the case; departments read the licence on the task, never the case
    # (cases are never deleted; cascade only for a database cleaned behind the ORM's back)
    case_id = fields.Many2one(
        "dawa.approval.case", readonly=True, index=True, ondelete="cascade",
        groups="dawa_approval.group_window_clerk")
    item_id = fields.Many2one(
        "dawa.approval.item", string="Approval Item", readonly=True, index=True,
        ondelete="restrict")
    item_ids = fields.Many2many(
        "dawa.approval.item", string="Approval Items", readonly=True,
        help="Every item of the decision this department supervises.")
    agency_id = fields.Many2one(
        "dawa.agency", string="Supervising Department", required=True, readonly=True,
        index=True, ondelete="restrict")
    catalog_id = fields.Many2one(
        "dawa.supervision.catalog", string="Catalogue Entry", readonly=True,
        ondelete="set null")
    measures = fields.Char(related="catalog_id.measures", string="Supervision Measures")
    check_code = fields.Char(related="catalog_id.check_code")
    verification_measure_id = fields.Many2one(
        related="catalog_id.verification_measure_id", string="Verification Method")
    user_id = fields.Many2one(
        "res.users", string="Inspector", index=True, tracking=True,
        domain="[('dawa_agency_id', '=', agency_id)]",
        help="The department user in charge of the task.")
    date_pushed = fields.Date(string="Pushed On", readonly=True, index=True, copy=False)
    deadline = fields.Date(readonly=True, index=True, copy=False, tracking=True)
    date_started = fields.Date(readonly=True, copy=False)
    date_done = fields.Date(readonly=True, copy=False, index=True)
    done_user_id = fields.Many2one("res.users", string="Done By", readonly=True, copy=False)
    on_time = fields.Boolean(readonly=True, copy=False, help="Done no later than the deadline.")

    # 双随机 draw: the plan that drew the licence and the inspectors drawn for it
    plan_id = fields.Many2one(
        "dawa.inspection.plan", string="Inspection Plan", readonly=True, index=True,
        ondelete="restrict")
    inspector_ids = fields.Many2many(
        "dawa.inspection.inspector", string="Drawn Inspectors", readonly=True)

    # What the department supervises, as written in the decision
    holder_name = fields.Char(string="Licence Holder", readonly=True)
    decision_ref = fields.Char(string="Decision Number", readonly=True)
    decision_date = fields.Date(readonly=True)
    licence_valid_until = fields.Date(string="Valid Until", readonly=True)
    licence_scope = fields.Text(
        string="Scope or Address", readonly=True,
        help="The scope, premises or address written in the decision.")
    approval_mode = fields.Selection(
        [("standard", "Standard Review"), ("commitment", "On Written Commitment")],
        readonly=True)
    notice = fields.Text(readonly=True, help="What the bureau tells the department.")
    # the licence of the task's items as the register keeps it now (dawa_licence), read
    # through the bureau's link: the department reads neither the case nor the register
    licence_number = fields.Char(compute="_compute_licence", compute_sudo=True)
    licence_valid_from = fields.Date(compute="_compute_licence", compute_sudo=True)
    licence_valid_to = fields.Date(
        string="Licence Valid Until", compute="_compute_licence", compute_sudo=True)
    licence_status = fields.Selection(
        LICENCE_STATES, compute="_compute_licence", compute_sudo=True,
        help="The licence's current status in the register: valid, expired, revoked by the "
        "bureau, cancelled or replaced by a new version.")

    # The department's check
    result = fields.Selection(
        [("compliant", "Compliant"), ("violation", "Violation Found")], tracking=True,
        help="For a commitment verification: compliant means the commitment is true, a "
        "violation that it is untrue (承诺不实).")
    findings = fields.Text(help="What was checked and found; required for a violation.")
    feedback_ids = fields.One2many("dawa.supervision.feedback", "task_id")
    feedback_count = fields.Integer(compute="_compute_feedback_count")

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "name", "kind", "case_id", "item_id", "item_ids", "agency_id", "catalog_id",
            "date_pushed", "deadline", "deadline_state", "date_started", "date_done",
            "done_user_id", "on_time", "holder_name", "decision_ref", "decision_date",
            "licence_valid_until", "licence_scope", "approval_mode", "notice", "plan_id",
            "inspector_ids",
        ]

    def init(self):
        # a decision is pushed to a department once per kind, whatever retries or races
        # happen (a partial index: random inspections may draw the same case again)
        self.env.cr.execute(SQL(
            """CREATE UNIQUE INDEX IF NOT EXISTS dawa_supervision_task_pushed_once
                   ON dawa_supervision_task (case_id, agency_id, kind)
                WHERE kind IN %s""", PUSHED_ONCE_KINDS))

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    @api.depends("case_id.licence_ids.state", "item_ids")
    def _compute_licence(self):
        """The current version of the licence the decision issued for the task's items (the
        first of them), else the decision's licence."""
        for task in self:
            licences = task.case_id.licence_ids.filtered(
                lambda licence, task=task: licence.item_id in task.item_ids
                and not licence.next_ids)
            licence = (licences or task.case_id.licence_id).sorted(
                lambda licence, items=task.item_ids: items.ids.index(licence.item_id.id)
                if licence.item_id in items else 0)[:1]
            task.licence_number = licence.name or False
            task.licence_valid_from = licence.valid_from or False
            task.licence_valid_to = licence.valid_to or False
            task.licence_status = licence.state or False

    def _expand_states(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    @api.depends("feedback_ids")
    def _compute_feedback_count(self):
        counts = dict(self.env["dawa.supervision.feedback"]._read_group(
            [("task_id", "in", self.ids)], ["task_id"], ["__count"]))
        for task in self:
            task.feedback_count = counts.get(task, 0)

    @api.depends("name", "holder_name")
    def _compute_display_name(self):
        for task in self:
            task.display_name = " ".join(filter(None, [task.name, task.holder_name]))

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("user_id", "agency_id")
    def _check_user_agency(self):
        for task in self.filtered("user_id"):
            # sudo: the agency of a colleague, whoever assigns
            if task.user_id.sudo().dawa_agency_id != task.agency_id:
                raise ValidationError(self.env._(
                    "%(user)s does not work for %(agency)s: a task can only be given to a user "
                    "of its supervising department.",
                    user=task.user_id.name, agency=task.agency_id.name))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _fill_workflow_create_vals(self, vals_list):
        new = self.env._("New")
        Sequence = self.env["ir.sequence"].sudo()  # sudo: numbering is the system's
        for vals in vals_list:
            if vals.get("name", new) == new:
                vals["name"] = Sequence.next_by_code("dawa.supervision.task") or new

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._(
            "Supervision tasks are never deleted: they record what was pushed and checked."))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_start(self):
        self._check_department_step(["new"])
        self._workflow_write({
            "state": "in_progress", "date_started": self.env["dawa.holiday"]._bureau_today()})
        # the user who starts an unassigned task of his department takes it
        self.filtered(
            lambda task: not task.user_id and task.agency_id == self.env.user.dawa_agency_id
        ).write({"user_id": self.env.uid})

    def action_done(self):
        """Record the result of the check. A violation is sent back to the bureau as written
        feedback (opened for the department to complete); a commitment verification also
        decides the case's commitment status."""
        self._check_department_step(["in_progress"])
        for task in self:
            if task.kind == "notice":
                continue
            if not task.result:
                raise UserError(self.env._(
                    "%(task)s: record the result of the check (compliant or violation found) "
                    "before marking it done.", task=task.name))
            if task.result == "violation" and not (task.findings or "").strip():
                raise UserError(self.env._(
                    "%(task)s: describe the violation found in the findings before marking the "
                    "task done.", task=task.name))
        today = self.env["dawa.holiday"]._bureau_today()
        for task in self:
            task._workflow_write({
                "state": "done", "date_done": today, "done_user_id": self.env.uid,
                "on_time": not task.deadline or today <= task.deadline,
                "deadline_state": "normal",
            })
        self._close_activities(self.env._("Task done"))
        self.filtered(lambda task: task.kind == "verification")._update_commitment_state()
        feedback = self._send_violation_feedback()
        if len(feedback) == 1:
            return feedback._get_form_action()
        return True

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

    def action_view_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_supervision.dawa_supervision_feedback_action")
        action.update({
            "domain": [("task_id", "=", self.id)],
            "context": {"default_task_id": self.id},
        })
        return action

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _check_department_step(self, states):
        """A step of the department: its own agency's tasks (record rules, checked before
        the privileged write), the right state and the department user group."""
        self.check_access("write")
        self._check_step(states, "dawa_supervision.group_department_user")

    def _close_activities(self, feedback):
        self.activity_feedback(
            ["dawa_supervision.mail_activity_type_supervision_task",
             "dawa_supervision.mail_activity_type_supervision_deadline"],
            feedback=feedback)

    def _update_commitment_state(self):
        """承诺核查中 / 已核查 / 承诺不实 of the cases of these verification tasks: untrue
        as soon as one department finds the commitment untrue, verified once every
        verification is done."""
        # sudo: the department may not read the case; its verification decides this status
        cases = self.sudo().case_id
        tasks = self.sudo().search([("case_id", "in", cases.ids), ("kind", "=", "verification")])
        for case in cases:
            own = tasks.filtered(lambda task, case=case: task.case_id == case)
            if any(task.result == "violation" for task in own):
                status = "untrue"
            elif all(task.state == "done" for task in own):
                status = "verified"
            else:
                status = "pending"
            if case.commitment_state != status:
                case._workflow_write({"commitment_state": status})
                case.message_post(body=self.env._(
                    "Commitment verification: %(status)s.",
                    status=dict(case._fields["commitment_state"]._description_selection(
                        self.env))[status]))

    def _send_violation_feedback(self):
        """Written feedback to the bureau for every task done with a violation; an untrue
        commitment proposes the revocation of the licence."""
        vals_list = [{
            "task_id": task.id,
            "agency_id": task.agency_id.id,
            "description": task.findings,
            "proposed_disposition": "revocation" if task.kind == "verification" else False,
        } for task in self if task.result == "violation"]
        return self.env["dawa.supervision.feedback"].create(vals_list)

    def _notify_agency_users(self):
        """One activity per department user of the task's agency, created in one batch,
        without an e-mail per activity."""
        group = self.env.ref("dawa_supervision.group_department_user")
        # sudo: the bureau's push looks up the department's users
        users = self.env["res.users"].sudo().search([
            ("dawa_agency_id", "in", self.agency_id.ids), ("groups_id", "in", group.ids),
            ("share", "=", False)])
        by_agency = defaultdict(list)
        for user in users:
            by_agency[user.dawa_agency_id].append(user)
        activity_type = self.env.ref("dawa_supervision.mail_activity_type_supervision_task")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for task in self:
            for user in by_agency[task.agency_id]:
                env = self.with_context(lang=user.lang).env
                vals_list.append({
                    "res_model_id": model_id,
                    "res_id": task.id,
                    "activity_type_id": activity_type.id,
                    "summary": env._(
                        "%(kind)s: %(holder)s",
                        kind=dict(self._fields["kind"]._description_selection(env))[task.kind],
                        holder=task.holder_name or task.name),
                    "date_deadline": task.deadline or self.env["dawa.holiday"]._bureau_today(),
                    "user_id": user.id,
                    "automated": True,
                })
        # sudo: the approver gives the department its work, which he may not follow himself
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True).create(vals_list)

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # deadlines (the daily refresh, like the cases')
    # ------------------------------------------------------------------

    @api.model
    def _cron_refresh_deadlines(self):
        """Daily, in the bureau's day: the deadline state of every open task, and an
        activity for the tasks turning due soon or overdue."""
        self._refresh_deadlines()

    @api.model
    def _refresh_deadlines(self, task_ids=None):
        """Bring the deadline state of open tasks (``task_ids``, default all) in line with
        the bureau's today; the changes are written in one batch per state."""
        domain = [("state", "in", OPEN_TASK_STATES)]
        if task_ids is not None:
            domain.append(("id", "in", task_ids))
        _tasks, changed = self._refresh_deadline_states(domain)
        for new_state, tasks in changed.items():
            if new_state in ("warning", "overdue"):
                tasks._schedule_deadline_activity(new_state)

    def _schedule_deadline_activity(self, state):
        """An activity for the inspector of each task turning late, or for every user of its
        department while nobody took it."""
        group = self.env.ref("dawa_supervision.group_department_user")
        users = self.env["res.users"].sudo().search([
            ("dawa_agency_id", "in", self.agency_id.ids), ("groups_id", "in", group.ids),
            ("share", "=", False)])
        activity_type = self.env.ref("dawa_supervision.mail_activity_type_supervision_deadline")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for task in self:
            assignees = task.user_id or users.filtered(
                lambda user, task=task: user.dawa_agency_id == task.agency_id)
            for user in assignees:
                env = self.with_context(lang=user.lang).env
                summary = (env._("Overdue since %(date)s", date=task.deadline)
                           if state == "overdue"
                           else env._("Due on %(date)s", date=task.deadline))
                vals_list.append({
                    "res_model_id": model_id,
                    "res_id": task.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "date_deadline": task.deadline,
                    "user_id": user.id,
                    "automated": True,
                })
        # sudo: the cron reminds the department's users
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True).create(vals_list)
