from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools.i18n import format_list

from odoo.addons.dawa_approval.models.dawa_approval_case import FROZEN_STATES
from odoo.addons.dawa_approval.models.dawa_deadline_mixin import DEADLINE_STATES
from odoo.addons.dawa_approval.tools import deadlines

from .dawa_project_flow import STAGES


class DawaProjectStage(models.Model):
    """A stage of a project applied for at once (一张表单、一个窗口, 国办发〔2019〕11号):
    ``action_apply()`` creates in one step one case per item with the project's data, each
    case keeping its own legal time limit and workflow.

    - ``start_date``: the acceptance of its first case (the clock start of the case: its
      acceptance, or its receipt when it counts as accepted, 行政许可法 §32);
    - ``deadline``: the stage's limit in working days from ``start_date``, on the bureau's
      working-day calendar (``dawa.holiday``);
    - ``workdays``: the working days the stage took, that of its slowest case counted on the
      case's own clock (its correction lies before its clock starts; special procedures,
      §45, are left out): the arithmetic of ``dawa_approval/tools/deadlines.py``;
    - ``state``: draft → applied → done once every case is decided or ended."""

    _name = "dawa.project.stage"
    _description = "Project Stage Application"
    _inherit = ["mail.thread", "dawa.deadline.mixin"]
    _order = "project_id, stage, id"
    _deadline_field = "deadline"
    _deadline_done_field = "done_date"
    _workflow_frozen_states = ("applied", "done")

    name = fields.Char(
        string="Parallel Application Number", readonly=True, copy=False, index=True,
        help="并联审批实例编码: the number of this application of a stage, given when it is "
        "applied for.")
    project_id = fields.Many2one(
        "dawa.project", required=True, ondelete="restrict", index=True)
    flow_id = fields.Many2one(related="project_id.flow_id")
    helper_user_id = fields.Many2one(related="project_id.helper_user_id")
    stage = fields.Selection(STAGES, required=True)
    works_id = fields.Many2one(
        "dawa.project.works",
        domain="[('project_id', '=', project_id)]",
        help="The works (单体/标段) this application is for, when the project has several.")
    flow_stage_id = fields.Many2one(
        "dawa.project.flow.stage", compute="_compute_flow_stage_id", store=True)
    allowed_item_ids = fields.Many2many(
        related="flow_stage_id.item_ids", string="Items of the Stage")
    limit_days = fields.Integer(
        string="Limit (Working Days)", compute="_compute_flow_stage_id", store=True,
        aggregator=None)
    item_ids = fields.Many2many(
        "dawa.approval.item", "dawa_project_stage_item_rel", "stage_id", "item_id",
        string="Approval Items", domain="[('id', 'in', allowed_item_ids)]")
    case_ids = fields.One2many("dawa.approval.case", "stage_id", string="Cases")
    acceptance_ids = fields.One2many(
        "dawa.joint.acceptance", "stage_id", string="Joint Acceptances")
    state = fields.Selection(
        [("draft", "Draft"), ("applied", "Applied"), ("done", "Done")],
        compute="_compute_progress", store=True, readonly=True, index=True, tracking=True)
    case_count = fields.Integer(compute="_compute_progress", store=True, aggregator=None)
    decided_count = fields.Integer(
        string="Decided Cases", compute="_compute_progress", store=True, aggregator=None)
    progress = fields.Float(compute="_compute_progress", store=True, aggregator=None)
    applied_date = fields.Date(readonly=True, copy=False)
    applied_user_id = fields.Many2one("res.users", string="Applied By", readonly=True, copy=False)
    start_date = fields.Date(
        string="Stage Started", compute="_compute_dates", store=True,
        help="The acceptance of the stage's first case.")
    done_date = fields.Date(
        string="Stage Done", compute="_compute_dates", store=True, index=True)
    deadline = fields.Date(
        string="Stage Deadline", compute="_compute_dates", store=True, index=True,
        help="The stage's limit in working days from the acceptance of its first case.")
    # its values declared here too, so that they are this add-on's terms (the mixin's are
    # dawa_approval's, translated for the models it knows)
    deadline_state = fields.Selection(DEADLINE_STATES, tracking=True)
    workdays = fields.Integer(
        string="Working Days", compute="_compute_workdays",
        help="The working days of its slowest case, from acceptance to decision, special "
        "procedures left out.")
    note = fields.Text()

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    @api.depends("project_id.flow_id.stage_line_ids", "stage",
                 "project_id.flow_id.stage_line_ids.days")
    def _compute_flow_stage_id(self):
        for record in self:
            line = record.project_id.flow_id._get_stage_line(record.stage) \
                if record.project_id.flow_id else record.flow_stage_id.browse()
            record.flow_stage_id = line
            record.limit_days = line.days

    @api.depends("case_ids.state", "acceptance_ids.state")
    def _compute_progress(self):
        for record in self:
            cases = record.case_ids
            decided = cases.filtered(lambda case: case.state in FROZEN_STATES)
            record.case_count = len(cases)
            record.decided_count = len(decided)
            record.progress = 100.0 * len(decided) / len(cases) if cases else 0.0
            if not cases:
                record.state = "draft"
            elif len(decided) == len(cases) or record._get_passed_acceptance():
                record.state = "done"
            else:
                record.state = "applied"

    @api.depends("case_ids.clock_start_date", "case_ids.state", "case_ids.decision_date",
                 "case_ids.closed_date", "limit_days", "acceptance_ids.state",
                 "acceptance_ids.concluded_date")
    def _compute_dates(self):
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for record in self:
            starts = [day for day in record.case_ids.mapped("clock_start_date") if day]
            record.start_date = min(starts, default=False)
            record.deadline = record.start_date and calendar.add(
                record.start_date, record.limit_days)
            cases = record.case_ids
            ended = cases and all(case.state in FROZEN_STATES for case in cases)
            passed = record._get_passed_acceptance()
            record.done_date = passed.concluded_date if passed else ended and max(
                case.decision_date or case.closed_date for case in cases)

    @api.depends_context("uid")
    @api.depends("case_ids.clock_start_date", "case_ids.decision_date", "case_ids.closed_date",
                 "case_ids.suspended_workdays", "case_ids.suspension_start_date", "done_date")
    def _compute_workdays(self):
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        today = self.env["dawa.holiday"]._bureau_today()
        for record in self:
            # a stage closed by its joint acceptance stops counting on that day
            end = min(today, record.done_date) if record.done_date else today
            # sudo: a project helper reads the stage's working days, not its cases
            record.workdays = max(
                (record._case_workdays(case, calendar, end)
                 for case in record.sudo().case_ids),
                default=0)

    @staticmethod
    def _case_workdays(case, calendar, today):
        """The working days a case of the stage has taken so far on its own clock: from its
        start to its decision (or today), special procedures left out (§45), those of a
        procedure still under way too."""
        if not case.clock_start_date:
            return 0
        end = case.decision_date or case.closed_date or today
        suspended = case.suspended_workdays
        if case.state == "suspended" and case.suspension_start_date:
            suspended += deadlines.suspended_so_far(calendar, case.suspension_start_date, end)
        return deadlines.decision_workdays(calendar, case.clock_start_date, end, suspended)

    def _get_passed_acceptance(self):
        """The joint acceptance that closed the stage (联合验收通过), if any."""
        self.ensure_one()
        # sudo: whoever reads the stage reads whether its joint acceptance passed
        return self.sudo().acceptance_ids.filtered(
            lambda acceptance: acceptance.state == "passed")[:1]

    @api.depends("project_id.code", "stage")
    def _compute_display_name(self):
        labels = dict(self._fields["stage"]._description_selection(self.env))
        for record in self:
            record.display_name = " ".join(
                part for part in (record.name, labels.get(record.stage)) if part)

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("item_ids", "stage", "project_id")
    def _check_items(self):
        for record in self:
            line = record.project_id.flow_id._get_stage_line(record.stage)
            if not line:
                raise ValidationError(self.env._(
                    "The approval flow %(flow)s of %(project)s has no such stage.",
                    flow=record.project_id.flow_id.name, project=record.project_id.display_name))
            foreign = record.item_ids - line.item_ids
            if foreign:
                raise ValidationError(self.env._(
                    "%(items)s is not an item of this stage in the approval flow %(flow)s: "
                    "choose among the stage's items.",
                    items=format_list(self.env, foreign.mapped("name")), flow=line.flow_id.name))

    @api.constrains("project_id", "stage", "works_id")
    def _check_unique(self):
        for record in self:
            twins = record.project_id.stage_ids.filtered(
                lambda other, record=record: other != record and other.stage == record.stage
                and other.works_id == record.works_id)
            if twins and record.works_id:
                raise ValidationError(self.env._(
                    "%(project)s already has an application of this stage for %(works)s.",
                    project=record.project_id.display_name, works=record.works_id.display_name))
            if twins:
                raise ValidationError(self.env._(
                    "%(project)s already has an application of this stage.",
                    project=record.project_id.display_name))

    @api.constrains("works_id", "project_id")
    def _check_works(self):
        for record in self:
            if record.works_id and record.works_id.project_id != record.project_id:
                raise ValidationError(self.env._(
                    "%(works)s is a works of another project.", works=record.works_id.code))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        stages = super().create(vals_list)
        stages.project_id._check_open()
        return stages

    def unlink(self):
        applied = self.filtered(lambda record: record.state != "draft")
        if applied:
            raise UserError(self.env._(
                "%(stage)s was applied for: its cases stay with the project.",
                stage=applied[0].display_name))
        return super().unlink()

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "name", "applied_date", "applied_user_id",
                "case_count", "decided_count", "progress", "start_date", "done_date",
                "deadline", "flow_stage_id", "limit_days"]

    def _get_writable_when_frozen(self):
        return super()._get_writable_when_frozen() | {"note"}

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_apply(self):
        """Apply for the stage at the window: one case per item, created together, with
        the project's data (the builder as applicant) and ``project_id``/``stage_id`` on
        each; materials the builder already handed in for the project are reused. Starts a
        draft project."""
        self._check_step(["draft"], "dawa_approval.group_window_clerk")
        self.project_id._check_open()
        empty = self.filtered(lambda record: not record.item_ids)
        if empty:
            raise UserError(self.env._(
                "Choose the approval items of %(stage)s first.", stage=empty[0].display_name))
        self._check_items()
        vals_list = []
        for record in self:
            applicant = record.project_id._get_applicant_vals()
            for item in record.item_ids:
                vals_list.append({
                    **applicant,
                    "project_id": record.project_id.id,
                    "stage_id": record.id,
                    "line_ids": [Command.create({"item_id": item.id})],
                })
        # sudo: project_id and stage_id are the application's own fields, refused on a
        # direct create; the clerk stays the cases' handler (sudo keeps the uid)
        self.env["dawa.approval.case"].sudo().create(vals_list)
        today = self.env["dawa.holiday"]._bureau_today()
        # sudo: clerks number the applications without managing the sequences
        sequence = self.env["ir.sequence"].sudo()
        for record in self:
            record._workflow_write({
                "name": sequence.next_by_code("dawa.project.stage", sequence_date=today),
                "applied_date": today,
                "applied_user_id": self.env.uid,
            })
        self.project_id._start()
        for record in self:
            message = self.env._(
                "%(stage)s applied for: %(cases)s.", stage=record.display_name,
                cases=format_list(self.env, record.case_ids.mapped("name")))
            record.project_id.message_post(body=message)
            record.project_id._notify_helper(message)

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _refresh_deadline_states(self, domain, fnames=()):
        """A stage turning overdue is the project helper's to follow up (帮办代办)."""
        records, changed = super()._refresh_deadline_states(domain, fnames)
        for record in changed.get(deadlines.OVERDUE, self.browse()):
            record.project_id._notify_helper(self.env._(
                "%(stage)s is past its deadline of %(deadline)s.",
                stage=record.display_name, deadline=record.deadline))
        return records, changed
