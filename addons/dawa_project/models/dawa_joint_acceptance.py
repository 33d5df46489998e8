from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.i18n import format_list

# Working days a department has to give its opinion, and the builder to rectify: the
# bureau's settings (docs/projects.md), these when none is set.
DEFAULT_OPINION_DAYS = 5
DEFAULT_RECTIFY_DAYS = 20
OPEN_STATES = ("draft", "in_progress", "rectify")


class DawaJointAcceptance(models.Model):
    """联合验收: the completion acceptance of a project in stage 4 (竣工验收) made jointly by
    the departments concerned (辽宁省《工程建设项目联合验收暂行办法》: 住房城乡建设 leads;
    规划, 人防, 城建档案… take part), each giving its opinion within a working-day limit, and
    one joint opinion issued (联合验收意见书, docs/projects.md).

    ``state``: draft → in progress (the opinions are asked, ``action_request()``) →
    ``action_conclude()`` once every department answered: passed (every opinion passes: the
    numbered 意见书 is issued and stage 4 is closed) | rectify (a department asks for
    rectification: the project goes back to the builder with a deadline, then
    ``action_resubmit()`` asks those departments again) | failed. Only through the actions."""

    _name = "dawa.joint.acceptance"
    _description = "Joint Completion Acceptance"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin"]
    _order = "id desc"
    _workflow_frozen_states = ("passed", "failed")

    name = fields.Char(
        string="Opinion Number", readonly=True, copy=False, index=True, tracking=True,
        help="The number of the joint acceptance opinion (联合验收意见书), given when it is "
        "issued.")
    project_id = fields.Many2one(
        "dawa.project", string="Construction Project", required=True, index=True,
        ondelete="restrict", tracking=True)
    stage_id = fields.Many2one(
        "dawa.project.stage", string="Stage Application", required=True, index=True,
        ondelete="restrict",
        domain="[('project_id', '=', project_id), ('stage', '=', '4'), ('state', '=', 'applied')]",
        help="The application of the completion acceptance stage the joint acceptance is for.")
    # what a department reads of the project without access to the project itself (related
    # fields are read as superuser)
    project_code = fields.Char(related="project_id.code", string="Project Code")
    project_name = fields.Char(related="project_id.name", string="Project Name")
    builder_name = fields.Char(related="project_id.builder_name")
    address = fields.Char(related="project_id.address", string="Site Address")
    floor_area = fields.Float(related="project_id.floor_area")
    helper_user_id = fields.Many2one(related="project_id.helper_user_id")
    date = fields.Date(
        string="Acceptance Date", required=True, index=True, tracking=True,
        default=lambda self: self.env["dawa.holiday"]._bureau_today(),
        help="The day of the joint acceptance on the site.")
    opinion_ids = fields.One2many(
        "dawa.joint.acceptance.opinion", "acceptance_id", string="Department Opinions")
    opinion_count = fields.Integer(compute="_compute_opinion_figures")
    answered_count = fields.Integer(
        string="Answered", compute="_compute_opinion_figures")
    state = fields.Selection(
        [("draft", "Draft"), ("in_progress", "Asking Opinions"),
         ("rectify", "Rectification"), ("passed", "Passed"), ("failed", "Failed")],
        required=True, default="draft", readonly=True, copy=False, index=True, tracking=True)
    requested_date = fields.Date(string="Opinions Asked On", readonly=True, copy=False)
    requested_user_id = fields.Many2one(
        "res.users", string="Asked By", readonly=True, copy=False)
    concluded_date = fields.Date(string="Issued On", readonly=True, copy=False, index=True)
    concluded_user_id = fields.Many2one(
        "res.users", string="Issued By", readonly=True, copy=False)
    rectify_deadline = fields.Date(
        string="Rectify By", readonly=True, copy=False, tracking=True,
        help="The day by which the builder rectifies what the departments asked.")
    conclusion_count = fields.Integer(
        string="Opinions Issued", readonly=True, copy=False,
        help="How many joint opinions were issued (one more after each rectification).")
    note = fields.Text()

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    @api.depends("opinion_ids.state")
    def _compute_opinion_figures(self):
        for acceptance in self:
            # sudo: the bureau counts every department's answers; a department its own
            opinions = acceptance.opinion_ids
            acceptance.opinion_count = len(opinions)
            acceptance.answered_count = len(
                opinions.filtered(lambda opinion: opinion.state == "answered"))

    @api.depends("name", "project_id")
    def _compute_display_name(self):
        for acceptance in self:
            acceptance.display_name = acceptance.name or self.env._(
                "Joint acceptance of %(project)s",
                project=acceptance.sudo().project_id.name or "")

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("stage_id", "project_id")
    def _check_stage(self):
        for acceptance in self:
            stage = acceptance.stage_id
            if stage.project_id != acceptance.project_id or stage.stage != "4":
                raise ValidationError(self.env._(
                    "A joint acceptance is for the completion acceptance stage of its "
                    "project: %(stage)s is not.", stage=stage.display_name))
            twins = self.search_count([
                ("stage_id", "=", stage.id), ("state", "in", OPEN_STATES),
                ("id", "!=", acceptance.id)])
            if twins:
                raise ValidationError(self.env._(
                    "%(stage)s already has a joint acceptance under way.",
                    stage=stage.display_name))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def unlink(self):
        if any(acceptance.state != "draft" for acceptance in self):
            raise UserError(self.env._(
                "A joint acceptance whose opinions were asked is kept: it can no longer be "
                "deleted."))
        return super().unlink()

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "name", "requested_date", "requested_user_id",
                "concluded_date", "concluded_user_id", "rectify_deadline", "conclusion_count"]

    def _get_writable_when_frozen(self):
        return super()._get_writable_when_frozen() | {"note"}

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_request(self):
        """Ask the departments for their opinions (征求意见): each has the bureau's
        working-day limit from today; their users get an activity."""
        self._check_step(["draft"], "dawa_approval.group_window_clerk")
        today = self.env["dawa.holiday"]._bureau_today()
        for acceptance in self:
            if acceptance.stage_id.state != "applied":
                raise UserError(self.env._(
                    "%(stage)s is not under way: the joint acceptance is made while the "
                    "completion acceptance stage is.", stage=acceptance.stage_id.display_name))
            if not acceptance.opinion_ids:
                raise UserError(self.env._(
                    "Name the departments whose opinion the joint acceptance asks first."))
        self._workflow_write({
            "state": "in_progress", "requested_date": today, "requested_user_id": self.env.uid})
        for acceptance in self:
            acceptance.opinion_ids._ask(today)
            acceptance.message_post(body=self.env._(
                "Opinions asked of %(agencies)s.",
                agencies=format_list(self.env, acceptance.opinion_ids.agency_id.mapped("name"))))
        return True

    def action_conclude(self):
        """Issue the joint opinion (出具联合验收意见) once every department answered: a
        numbered 联合验收意见书 listing each department's opinion. Every opinion passes:
        passed, and the completion acceptance stage is closed. A department failed it:
        failed. Otherwise a department asked for rectification: the project goes back to the
        builder, to rectify within the bureau's working-day limit."""
        self._check_step(["in_progress"], "dawa_approval.group_window_clerk")
        for acceptance in self:
            waiting = acceptance.opinion_ids.filtered(lambda opinion: opinion.state != "answered")
            if waiting:
                raise UserError(self.env._(
                    "%(agencies)s has not given its opinion yet: the joint opinion is issued "
                    "once every department has.",
                    agencies=format_list(self.env, waiting.agency_id.mapped("name"))))
        today = self.env["dawa.holiday"]._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        # sudo: the opinions' numbering is the system's
        sequence = self.env["ir.sequence"].sudo()
        for acceptance in self:
            results = set(acceptance.opinion_ids.mapped("result"))
            state = "failed" if "fail" in results else "rectify" if "rectify" in results \
                else "passed"
            vals = {
                "state": state,
                "name": sequence.next_by_code("dawa.joint.acceptance", sequence_date=today),
                "concluded_date": today,
                "concluded_user_id": self.env.uid,
                "conclusion_count": acceptance.conclusion_count + 1,
                "rectify_deadline": False,
            }
            if state == "rectify":
                vals["rectify_deadline"] = calendar.add(today, self._get_rectify_days())
            acceptance._workflow_write(vals)
            acceptance._post_conclusion()
        return True

    def action_resubmit(self):
        """The builder has rectified (整改完成): the departments that asked for it are asked
        again, with a new working-day limit; the others' opinions stand."""
        self._check_step(["rectify"], "dawa_approval.group_window_clerk")
        today = self.env["dawa.holiday"]._bureau_today()
        for acceptance in self:
            again = acceptance.opinion_ids.filtered(lambda opinion: opinion.result != "pass")
            acceptance._workflow_write({"state": "in_progress"})
            again._ask(today)
            acceptance.message_post(body=self.env._(
                "Rectified: opinions asked again of %(agencies)s.",
                agencies=format_list(self.env, again.agency_id.mapped("name"))))
        return True

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    @api.model
    def _get_opinion_days(self):
        """Working days a department has to give its opinion (setting, default 5)."""
        return self._get_days_setting("dawa_project.acceptance_opinion_days",
                                      DEFAULT_OPINION_DAYS)

    @api.model
    def _get_rectify_days(self):
        """Working days the builder has to rectify (setting)."""
        return self._get_days_setting("dawa_project.acceptance_rectify_days",
                                      DEFAULT_RECTIFY_DAYS)

    @api.model
    def _get_days_setting(self, key, default):
        # sudo: a setting every clerk's and department's deadlines depend on
        value = self.env["ir.config_parameter"].sudo().get_param(key, default)
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return default

    def _post_conclusion(self):
        """The joint opinion on the project, its stage's cases and to its helper."""
        self.ensure_one()
        project = self.project_id
        if self.state == "passed":
            message = self.env._(
                "Joint acceptance opinion %(number)s issued: every department passed the "
                "project; the completion acceptance stage is closed.", number=self.name)
        elif self.state == "failed":
            message = self.env._(
                "Joint acceptance opinion %(number)s issued: the project failed the joint "
                "acceptance (%(agencies)s).", number=self.name,
                agencies=format_list(self.env, self.opinion_ids.filtered(
                    lambda opinion: opinion.result == "fail").agency_id.mapped("name")))
        else:
            message = self.env._(
                "Joint acceptance opinion %(number)s issued: %(agencies)s asked for "
                "rectification, to be done by %(deadline)s.", number=self.name,
                agencies=format_list(self.env, self.opinion_ids.filtered(
                    lambda opinion: opinion.result == "rectify").agency_id.mapped("name")),
                deadline=self.rectify_deadline)
        self.message_post(body=message)
        project.message_post(body=message)
        # sudo: the joint opinion is noted on the stage's cases, whoever handles them
        for case in self.sudo().stage_id.case_ids:
            case.message_post(body=message)
        if self.state == "rectify":
            project._notify_helper(message, date_deadline=self.rectify_deadline)
        else:
            project._notify_helper(message)

    def _get_report_rows(self):
        """[(label, value)] of the project in the 联合验收意见书."""
        self.ensure_one()
        project = self.sudo().project_id
        figure = f"{project.floor_area:,.2f}"
        area = self.env._("%(area)s m²", area=figure) if project.floor_area else ""
        return [
            (self.env._("Project Code"), project.code),
            (self.env._("Project Name"), project.name),
            (self.env._("Site Address"), project.address or ""),
            (self.env._("Builder"), project.builder_name),
            (self.env._("Floor Area"), area),
            (self.env._("Acceptance Date"), self.date),
        ]

    def _get_report_conclusion(self):
        """The closing paragraph of the 联合验收意见书."""
        self.ensure_one()
        if self.state == "passed":
            return self.env._(
                "Having been accepted jointly, the project meets the requirements of the "
                "completion acceptance: it passes the joint acceptance.")
        if self.state == "failed":
            return self.env._(
                "Having been accepted jointly, the project does not meet the requirements of "
                "the completion acceptance: it fails the joint acceptance.")
        return self.env._(
            "Rectify the project as the departments ask above by %(deadline)s, then apply for "
            "the departments concerned to check it again.", deadline=self.rectify_deadline)
