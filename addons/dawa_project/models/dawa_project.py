import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from odoo.addons.dawa_approval.models.dawa_deadline_mixin import DEADLINE_STATES
from odoo.addons.dawa_approval.tools import deadlines, idnumbers

from ..tools import projectcodes
from .dawa_project_flow import STAGES

_lt = LazyTranslate(__name__)

CODE_ERRORS = {
    "length": _lt("it must have 24 characters"),
    "format": _lt("it must be four groups of 4, 6, 2, 2 and 6 digits joined by hyphens, "
                  "such as 2019-211104-48-03-012345"),
}
USCC_ERRORS = {
    "length": _lt("it must have 18 characters"),
    "format": _lt("it contains characters that are not allowed"),
    "checksum": _lt("its check digit is wrong"),
}
# 立项类型 (LXLX) codes of the national data exchange, per approval type.
APPROVAL_TYPE_CODES = {"approval": "1", "ratification": "2", "filing": "3"}
DIVISION_CODE_RE = re.compile(r"\d{6}")


class DawaProject(models.Model):
    """工程建设项目: a builder's construction project approved as a whole along its flow's
    four stages (国办发〔2019〕11号), identified by its 投资项目统一代码; the working days it
    has taken against the flow's target, the applicant's time left out (docs/projects.md).

    ``state``: draft → in progress (the first stage application) → done | cancelled, only
    through the actions (``dawa.workflow.mixin``)."""

    _name = "dawa.project"
    _description = "Construction Project"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin"]
    _order = "id desc"
    _rec_names_search = ["name", "code", "builder_name"]
    _workflow_frozen_states = ("done", "cancelled")

    code = fields.Char(
        string="Project Code", required=True, copy=False, index=True, tracking=True,
        help="投资项目统一代码 issued by the national online approval platform for investment "
        "projects: 24 characters, such as 2019-211104-48-03-012345.")
    name = fields.Char(string="Project Name", required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("in_progress", "In Progress"), ("done", "Done"),
         ("cancelled", "Cancelled")],
        required=True, default="draft", readonly=True, copy=False, index=True, tracking=True)
    builder_name = fields.Char(string="Builder", required=True, tracking=True)
    builder_uscc = fields.Char(
        string="Builder's Credit Code", required=True, tracking=True,
        help="Unified social credit code of the builder (建设单位), checked by GB 32100.")
    contact_name = fields.Char(string="Contact Person")
    contact_phone = fields.Char()
    approval_type = fields.Selection(
        [("approval", "Approval"), ("ratification", "Ratification"), ("filing", "Filing")],
        string="Project Approval Type", tracking=True,
        help="How the investment project was established (立项类型): approved (审批), "
        "ratified (核准) or filed (备案).")
    category = fields.Char(string="Works Category", help="工程分类, such as civil buildings.")
    nature = fields.Selection(
        [("new", "New Construction"), ("expansion", "Expansion"),
         ("reconstruction", "Reconstruction"), ("relocation", "Relocation"),
         ("restoration", "Restoration")],
        string="Construction Nature")
    investment = fields.Float(string="Total Investment (10,000 CNY)", digits=(16, 2))
    land_area = fields.Float(string="Land Area (m²)", digits=(16, 2))
    floor_area = fields.Float(string="Floor Area (m²)", digits=(16, 2))
    division_code = fields.Char(
        default="211104",
        help="Six-digit administrative division code of the site (大洼区 211104).")
    address = fields.Char(string="Site Address")
    scale = fields.Text(string="Scale and Content")
    planned_start = fields.Date()
    planned_end = fields.Date(string="Planned Completion")
    flow_id = fields.Many2one(
        "dawa.project.flow", string="Approval Flow", required=True, index=True, tracking=True,
        ondelete="restrict")
    target_days = fields.Integer(related="flow_id.target_days")
    helper_user_id = fields.Many2one(
        "res.users", string="Helper", index=True, tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("dawa_project.group_project_helper").id)],
        help="帮办员: the bureau's helper who accompanies the builder through the stages.")
    works_ids = fields.One2many("dawa.project.works", "project_id", string="Works Codes")
    stage_ids = fields.One2many("dawa.project.stage", "project_id", string="Stages")
    case_ids = fields.One2many("dawa.approval.case", "project_id", string="Cases")
    case_count = fields.Integer(compute="_compute_case_count")
    site_inspection_ids = fields.One2many(
        "dawa.site.inspection", "project_id", string="Site Inspections")
    site_inspection_count = fields.Integer(compute="_compute_related_counts")
    acceptance_ids = fields.One2many(
        "dawa.joint.acceptance", "project_id", string="Joint Acceptances")
    acceptance_count = fields.Integer(compute="_compute_related_counts")
    service_ids = fields.One2many(
        "dawa.project.service", "project_id", string="Helper Services")
    current_stage = fields.Selection(
        STAGES, compute="_compute_current_stage", store=True, index=True,
        group_expand="_expand_current_stage",
        help="The latest stage applied for.")
    elapsed_workdays = fields.Integer(
        string="Elapsed (Working Days)", compute="_compute_elapsed_workdays",
        help="The working days of its stages, the applicant's time (corrections, special "
        "procedures) left out.")
    remaining_workdays = fields.Integer(
        string="Remaining (Working Days)", compute="_compute_elapsed_workdays")
    workday_state = fields.Selection(
        DEADLINE_STATES, string="Time Status", compute="_compute_elapsed_workdays")
    start_date = fields.Date(readonly=True, copy=False, tracking=True)
    done_date = fields.Date(readonly=True, copy=False, tracking=True)
    cancel_reason = fields.Text(string="Reason for Cancelling", tracking=True)
    cancel_user_id = fields.Many2one(
        "res.users", string="Cancelled By", readonly=True, copy=False)
    note = fields.Html(string="Notes")

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another project already has this project code."),
        ("areas_positive",
         "check(coalesce(investment, 0) >= 0 and coalesce(land_area, 0) >= 0 "
         "and coalesce(floor_area, 0) >= 0)",
         "Investment and areas cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    def _compute_case_count(self):
        counts = dict(self.env["dawa.approval.case"]._read_group(
            [("project_id", "in", self.ids)], ["project_id"], ["__count"]))
        for project in self:
            project.case_count = counts.get(project, 0)

    def _compute_related_counts(self):
        for project in self:
            project.site_inspection_count = len(project.site_inspection_ids)
            project.acceptance_count = len(project.acceptance_ids)

    @api.depends("stage_ids.stage", "stage_ids.state")
    def _compute_current_stage(self):
        for project in self:
            applied = project.stage_ids.filtered(lambda stage: stage.state != "draft")
            project.current_stage = max(applied.mapped("stage"), default=False, key=int)

    def _expand_current_stage(self, values, domain):
        return [key for key, _label in STAGES]

    @api.depends_context("uid")
    @api.depends("stage_ids.workdays", "flow_id.target_days")
    def _compute_elapsed_workdays(self):
        threshold = self.env["dawa.approval.case"]._get_deadline_warning_days()
        for project in self:
            elapsed = sum(project.stage_ids.mapped("workdays"))
            remaining = project.flow_id.target_days - elapsed
            project.elapsed_workdays = elapsed
            project.remaining_workdays = remaining
            project.workday_state = project._workday_state(remaining, threshold)

    @staticmethod
    def _workday_state(remaining, threshold):
        """The deadline colours of a case for the working days left of a target: past it
        overdue, within the bureau's warning days due soon."""
        if remaining < 0:
            return deadlines.OVERDUE
        if remaining <= threshold:
            return deadlines.WARNING
        return deadlines.NORMAL

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("code")
    def _check_code(self):
        for project in self:
            error = projectcodes.project_code_error(project.code)
            if error:
                raise ValidationError(self.env._(
                    "The project code %(code)s is not valid: %(reason)s.",
                    code=project.code, reason=self.env._(CODE_ERRORS[error])))
        self.works_ids._check_code()

    @api.constrains("builder_uscc")
    def _check_builder_uscc(self):
        for project in self:
            error = idnumbers.uscc_error(project.builder_uscc)
            if error:
                raise ValidationError(self.env._(
                    "The builder's unified social credit code %(number)s is not valid: "
                    "%(reason)s (GB 32100).",
                    number=project.builder_uscc, reason=self.env._(USCC_ERRORS[error])))

    @api.constrains("builder_name", "name")
    def _check_names(self):
        for project in self:
            if not (project.name or "").strip() or not (project.builder_name or "").strip():
                raise ValidationError(self.env._("Enter the project's name and its builder."))

    @api.constrains("division_code")
    def _check_division_code(self):
        for project in self:
            if project.division_code and not DIVISION_CODE_RE.fullmatch(project.division_code):
                raise ValidationError(self.env._(
                    "The division code %(code)s is not valid: it has six digits, such as "
                    "211104.", code=project.division_code))

    @api.constrains("planned_start", "planned_end")
    def _check_planned_dates(self):
        for project in self:
            if project.planned_start and project.planned_end \
                    and project.planned_end < project.planned_start:
                raise ValidationError(self.env._(
                    "The planned completion of %(project)s cannot come before its planned "
                    "start.", project=project.name))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._prepare_codes(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._prepare_codes(vals)
        if "code" in vals:
            started = self.filtered(lambda project: project.state != "draft"
                                    and project.code != vals["code"])
            if started:
                raise UserError(self.env._(
                    "%(project)s has applied for a stage: its project code is on its cases "
                    "and can no longer be changed.", project=started[0].display_name))
        if "flow_id" in vals:
            applied = self.filtered(lambda project: project.stage_ids.filtered(
                lambda stage: stage.state != "draft") and project.flow_id.id != vals["flow_id"])
            if applied:
                raise UserError(self.env._(
                    "%(project)s has applied for a stage along its approval flow: the flow "
                    "can no longer be changed.", project=applied[0].display_name))
        return super().write(vals)

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._(
            "Projects are never deleted: cancel the project instead."))

    @api.model
    def _prepare_codes(self, vals):
        if vals.get("code"):
            vals["code"] = projectcodes.normalize_code(vals["code"])
        if vals.get("builder_uscc"):
            vals["builder_uscc"] = idnumbers.normalize_uscc(vals["builder_uscc"])

    @api.depends("code", "name")
    def _compute_display_name(self):
        for project in self:
            project.display_name = f"{project.code} {project.name}" if project.code \
                else project.name

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "start_date", "done_date", "cancel_user_id",
                "current_stage"]

    def _get_writable_when_frozen(self):
        return super()._get_writable_when_frozen() | {"note", "helper_user_id"}

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_start(self):
        """Start the project (草稿 → 办理中); the first stage application does it too."""
        self._check_step(["draft"], "dawa_approval.group_window_clerk")
        self._start()

    def action_done(self):
        """The project has gone through every stage of its flow (办结)."""
        self._check_step(["in_progress"], "dawa_approval.group_window_clerk")
        for project in self:
            done = set(project.stage_ids.filtered(lambda s: s.state == "done").mapped("stage"))
            missing = [line.display_name for line in project.flow_id.stage_line_ids
                       if line.stage not in done]
            open_stages = project.stage_ids.filtered(lambda s: s.state != "done")
            if missing or open_stages:
                raise UserError(self.env._(
                    "%(project)s is not through its flow yet: %(stages)s must be done first.",
                    project=project.display_name,
                    stages=", ".join(missing or open_stages.mapped("display_name"))))
        today = self.env["dawa.holiday"]._bureau_today()
        self._workflow_write({"state": "done", "done_date": today})
        for project in self:
            project.message_post(body=self.env._(
                "The project is done in %(days)s working days (target %(target)s).",
                days=project.elapsed_workdays, target=project.target_days))

    def action_cancel(self):
        """Cancel the project (the builder gave it up); its cases go on or end on their
        own. A bureau manager does it, with the reason."""
        self._check_step(["draft", "in_progress"], "dawa_approval.group_manager")
        missing = self.filtered(lambda project: not (project.cancel_reason or "").strip())
        if missing:
            raise UserError(self.env._(
                "Write the reason for cancelling %(project)s first.",
                project=missing[0].display_name))
        self._workflow_write({"state": "cancelled", "cancel_user_id": self.env.uid,
                              "done_date": self.env["dawa.holiday"]._bureau_today()})

    def action_new_stage(self):
        """The form of a new stage application of the project, in a dialog."""
        self.ensure_one()
        self._check_step(["draft", "in_progress"], "dawa_approval.group_window_clerk")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Apply for a Stage"),
            "res_model": "dawa.project.stage",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_project_id": self.id},
        }

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_approval.dawa_approval_case_action")
        action.update({
            "domain": [("project_id", "=", self.id)],
            "context": {"default_project_id": self.id, "create": False},
        })
        return action

    def action_view_site_inspections(self):
        return self._action_view_related(
            "dawa_project.dawa_site_inspection_action", self.site_inspection_ids)

    def action_view_acceptances(self):
        return self._action_view_related(
            "dawa_project.dawa_joint_acceptance_action", self.acceptance_ids)

    def action_log_service(self):
        """帮办代办: the helper logs a service he gave for the project."""
        self.ensure_one()
        if not self.env.user.has_group("dawa_project.group_project_helper"):
            raise UserError(self.env._("Only the project's helper logs the services he gave."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a Service"),
            "res_model": "dawa.project.service",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_project_id": self.id,
                        "default_beneficiary": self.contact_name or self.builder_name},
        }

    def _action_view_related(self, xmlid, records):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update({
            "domain": [("project_id", "=", self.id)],
            "context": {"default_project_id": self.id},
        })
        if len(records) == 1:
            action.update({"views": [(False, "form")], "res_id": records.id})
        return action

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _notify_helper(self, summary, note=False, date_deadline=None):
        """帮办代办: the project's helper is told of an event of its stages (a stage applied
        for, a case sent back for correction, a stage late, a joint acceptance opinion
        overdue or issued, a site inspection planned) by an activity on the project."""
        helped = self.filtered("helper_user_id")
        if not helped:
            return
        today = self.env["dawa.holiday"]._bureau_today()
        for project in helped:
            # sudo: the helper's reminder is the project's, whoever or whatever triggered the
            # event (a clerk, a department, the daily job)
            project.sudo().activity_schedule(
                "dawa_project.mail_activity_type_helper_service",
                date_deadline=date_deadline or today, summary=summary, note=note,
                user_id=project.helper_user_id.id)

    def _start(self):
        """草稿 → 办理中, from the day of the first stage application."""
        drafts = self.filtered(lambda project: project.state == "draft")
        drafts._workflow_write({
            "state": "in_progress", "start_date": self.env["dawa.holiday"]._bureau_today()})

    def _get_applicant_vals(self):
        """The case values the project fills in for its builder (no retyping)."""
        self.ensure_one()
        return {
            "applicant_type": "organization",
            "applicant_name": self.builder_name,
            "applicant_id_number": self.builder_uscc,
            "applicant_phone": self.contact_phone or False,
            "channel": "window",
        }

    def _check_open(self):
        """Stages are applied for on a draft or running project only."""
        closed = self.filtered(lambda project: project.state in ("done", "cancelled"))
        if closed:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(self.env._(
                "%(project)s is %(state)s: it applies for no more stages.",
                project=closed[0].display_name, state=labels[closed[0].state]))
