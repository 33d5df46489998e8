import datetime
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL
from odoo.tools.i18n import format_list

from ..tools import rules
from .dawa_staff_evaluation_template import wrong_weights
from .hr_employee import ESTABLISHMENT_TYPES

# Stored keys of the grades: the yearly grades, whose labels depend on the establishment
# type, then the grades of the day-to-day (monthly, quarterly) evaluations.
YEARLY_GRADE_KEYS = ("excellent", "competent", "basic", "incompetent")
PERIODIC_GRADE_KEYS = ("good", "fairly_good", "average", "poor")
GRADES = [
    ("excellent", "Excellent"),
    ("competent", "Competent / Qualified"),
    ("basic", "Basically Competent / Qualified"),
    ("incompetent", "Incompetent / Unqualified"),
    ("good", "Good"),
    ("fairly_good", "Fairly Good"),
    ("average", "Average"),
    ("poor", "Poor"),
]
# 公务员考核规定: 优秀、称职、基本称职、不称职
CIVIL_SERVANT_GRADES = [
    ("excellent", "Excellent"),
    ("competent", "Competent"),
    ("basic", "Basically Competent"),
    ("incompetent", "Incompetent"),
]
# 事业单位工作人员考核规定: 优秀、合格、基本合格、不合格
PUBLIC_INSTITUTION_GRADES = [
    ("excellent", "Excellent"),
    ("competent", "Qualified"),
    ("basic", "Basically Qualified"),
    ("incompetent", "Unqualified"),
]
# 平时考核 (公务员法 §36; 事业单位工作人员考核规定, 2023): 好、较好、一般、较差, no quota.
PERIODIC_GRADES = [
    ("good", "Good"),
    ("fairly_good", "Fairly Good"),
    ("average", "Average"),
    ("poor", "Poor"),
]
# States in which the person and his manager still write their parts.
OPEN_STATES = ("draft", "self_assessed")
# What the person writes on his own evaluation (in draft) and what his manager writes (until
# it is scored); everything else is HR's.
EMPLOYEE_FIELDS = frozenset({"self_summary", "line_ids"})
MANAGER_FIELDS = frozenset({
    "manager_comment", "grade", "grade_civil", "grade_institution", "grade_periodic",
    "line_ids"})
METRIC_FIELDS = (
    "metric_case_count", "metric_timed_count", "metric_on_time_count", "metric_on_time_rate",
    "metric_avg_workdays", "metric_bad_rating_count", "metric_rectification_count",
    "metric_feedback_count", "metrics_date",
)


class DawaStaffEvaluation(models.Model):
    """The evaluation of one person for one period: his self-assessment, his manager's
    scores on weighted criteria, the figures of his own cases, HR's confirmation."""

    _name = "dawa.staff.evaluation"
    _description = "Staff Evaluation"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin"]
    _order = "date_from desc, employee_name, id"
    _rec_name = "employee_name"
    _workflow_frozen_states = ("confirmed",)

    period_id = fields.Many2one(
        "dawa.staff.evaluation.period", required=True, index=True, ondelete="restrict",
        tracking=True)
    kind = fields.Selection(related="period_id.kind", store=True)
    date_from = fields.Date(related="period_id.date_from", store=True)
    date_to = fields.Date(related="period_id.date_to")
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="restrict", tracking=True)
    employee_name = fields.Char(related="employee_id.name", store=True, string="Name")
    employee_user_id = fields.Many2one(related="employee_id.user_id", string="User")
    secondment_id = fields.Many2one(
        "dawa.staff.secondment", index=True, ondelete="set null",
        help="The secondment under which the person worked at the bureau in the period.")
    position = fields.Char(related="secondment_id.position")
    origin_agency_id = fields.Many2one(
        "dawa.agency", string="Home Unit", index=True,
        help="The unit that holds the person's establishment: the results go back there.")
    establishment_type = fields.Selection(ESTABLISHMENT_TYPES, required=True)
    manager_user_id = fields.Many2one(
        "res.users", string="Scored By", index=True, tracking=True,
        help="The person's manager at the bureau, who scores the evaluation.")
    line_ids = fields.One2many(
        "dawa.staff.evaluation.line", "evaluation_id", string="Criteria", copy=True)
    self_summary = fields.Text(
        string="Personal Summary",
        help="The person's own account of his work in the period (个人总结).")
    self_score = fields.Float(
        string="Self-assessed Score", compute="_compute_scores", store=True, aggregator="avg")
    manager_score = fields.Float(
        string="Manager's Total Score", compute="_compute_scores", store=True, aggregator="avg")
    manager_comment = fields.Text(
        string="Manager's Comment",
        help="The manager's comment and proposed grade (主管领导评语).")
    unit_opinion = fields.Text(
        string="Opinion of the Unit",
        help="The opinion of the bureau's leadership or evaluation committee "
        "(机关负责人或考核委员会意见).")
    final_score = fields.Float(readonly=True, copy=False, tracking=True, aggregator="avg")
    grade = fields.Selection(GRADES, index=True, tracking=True, copy=False)
    grade_civil = fields.Selection(
        CIVIL_SERVANT_GRADES, string="Grade (Civil Servant)", compute="_compute_grade_fields",
        inverse="_inverse_grade_civil")
    grade_institution = fields.Selection(
        PUBLIC_INSTITUTION_GRADES, string="Grade (Public Institution)",
        compute="_compute_grade_fields", inverse="_inverse_grade_institution")
    grade_periodic = fields.Selection(
        PERIODIC_GRADES, string="Grade (Day-to-day)", compute="_compute_grade_fields",
        inverse="_inverse_grade_periodic",
        help="Monthly and quarterly evaluations (平时考核) are graded Good, Fairly Good, "
        "Average or Poor, without quota.")
    grade_label = fields.Char(string="Result", compute="_compute_grade_label")
    comment_only = fields.Boolean(
        string="Comment without Grade", readonly=True, copy=False,
        help="Confirmed as a comment without a grade: the person was serving a sanction of "
        "demerit or more during the year.")
    state = fields.Selection(
        [
            ("draft", "Self-assessment"),
            ("self_assessed", "Self-assessed"),
            ("scored", "Scored"),
            ("confirmed", "Confirmed"),
        ],
        required=True, default="draft", readonly=True, copy=False, index=True, tracking=True,
    )
    self_assessed_date = fields.Date(string="Self-assessed On", readonly=True, copy=False)
    self_assessed_by_id = fields.Many2one(
        "res.users", string="Self-assessment Handed in By", readonly=True, copy=False,
        help="Who handed the self-assessment in: the person, or an HR officer on his behalf "
        "(a paper form).")
    scored_date = fields.Date(string="Scored On", readonly=True, copy=False)
    scored_by_id = fields.Many2one("res.users", string="Score Given By", readonly=True, copy=False)
    confirmed_date = fields.Date(string="Confirmed On", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    is_employee = fields.Boolean(string="Is the Person", compute="_compute_roles")
    is_manager = fields.Boolean(string="Is the Manager", compute="_compute_roles")

    # Figures of the person's cases decided in the period (dawa.staff.case.work), refreshed
    # by _refresh_metrics() until the evaluation is scored.
    metric_case_count = fields.Integer(
        string="Cases Decided", readonly=True, copy=False,
        help="Cases decided in the period that the person received, reviewed or approved.")
    metric_timed_count = fields.Integer(
        string="Cases with a Time Limit", readonly=True, copy=False,
        help="Cases approved or denied in the period: those whose time limit ran.")
    metric_on_time_count = fields.Integer(
        string="Decided on Time", readonly=True, copy=False)
    metric_on_time_rate = fields.Float(
        string="On-time Rate (%)", readonly=True, copy=False, aggregator="avg")
    metric_avg_workdays = fields.Float(
        string="Average Working Days to Decision", readonly=True, copy=False,
        aggregator="avg")
    metric_bad_rating_count = fields.Integer(
        string="Dissatisfied Ratings", readonly=True, copy=False,
        help="Ratings 'dissatisfied' or 'very dissatisfied' (差评) of these cases.")
    metric_rectification_count = fields.Integer(
        string="Rectifications", readonly=True, copy=False)
    metric_feedback_count = fields.Integer(
        string="Supervision Feedback", readonly=True, copy=False,
        help="Feedback of the supervising departments against these cases.")
    metrics_date = fields.Datetime(string="Figures as of", readonly=True, copy=False)
    metric_score = fields.Float(
        string="Suggested Performance Score", compute="_compute_metric_score",
        help="The on-time rate, less 5 points per dissatisfied rating and 2 per supervision "
        "feedback: a suggestion for the performance criterion.")

    # Sanction rules (computed from the ledger; enforced at confirmation)
    excellent_barred = fields.Boolean(
        string="No Excellent Grade", compute="_compute_sanction_rules")
    grade_withheld = fields.Boolean(string="No Grade", compute="_compute_sanction_rules")
    sanction_note = fields.Char(string="Sanction in Effect", compute="_compute_sanction_rules")

    periodic_evaluation_ids = fields.Many2many(
        "dawa.staff.evaluation", string="Periodic Results",
        compute="_compute_periodic_evaluation_ids",
        help="The monthly and quarterly evaluations of the person in the year.")

    _sql_constraints = [
        ("employee_period_unique", "unique(period_id, employee_id)",
         "A person is evaluated only once per period."),
    ]

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "self_assessed_date", "self_assessed_by_id", "final_score", "scored_date",
            "scored_by_id", "comment_only",
            "confirmed_date", "confirmed_by_id", *METRIC_FIELDS,
        ]

    @api.depends("line_ids.weight", "line_ids.self_score", "line_ids.manager_score")
    def _compute_scores(self):
        for evaluation in self:
            lines = evaluation.line_ids
            evaluation.self_score = rules.weighted_score(
                [(line.weight, line.self_score) for line in lines])
            evaluation.manager_score = rules.weighted_score(
                [(line.weight, line.manager_score) for line in lines])

    @api.depends("grade")
    def _compute_grade_fields(self):
        for evaluation in self:
            yearly = evaluation.grade if evaluation.grade in YEARLY_GRADE_KEYS else False
            evaluation.grade_civil = yearly
            evaluation.grade_institution = yearly
            evaluation.grade_periodic = evaluation.grade \
                if evaluation.grade in PERIODIC_GRADE_KEYS else False

    @api.depends("grade", "establishment_type", "comment_only", "kind")
    def _compute_grade_label(self):
        labels = {
            "civil_servant": dict(self._fields["grade_civil"]._description_selection(self.env)),
            "public_institution": dict(
                self._fields["grade_institution"]._description_selection(self.env)),
            "periodic": dict(self._fields["grade_periodic"]._description_selection(self.env)),
        }
        for evaluation in self:
            if evaluation.comment_only:
                evaluation.grade_label = self.env._("Comment without grade")
            elif evaluation.kind and evaluation.kind != "year":
                evaluation.grade_label = labels["periodic"].get(evaluation.grade, "")
            else:
                evaluation.grade_label = labels[evaluation._grade_labels_kind()].get(
                    evaluation.grade, "")

    def _inverse_grade_civil(self):
        for evaluation in self:
            if evaluation._grade_labels_kind() == "civil_servant":
                evaluation.grade = evaluation.grade_civil

    def _inverse_grade_institution(self):
        for evaluation in self:
            if evaluation._grade_labels_kind() == "public_institution":
                evaluation.grade = evaluation.grade_institution

    def _inverse_grade_periodic(self):
        for evaluation in self:
            if evaluation.kind != "year":
                evaluation.grade = evaluation.grade_periodic

    def _grade_labels_kind(self):
        """Civil servants' grade labels and rules, or public institution staff's (also for
        others: graded, counted and sanctioned as public institution staff)."""
        self.ensure_one()
        return "civil_servant" if self.establishment_type == "civil_servant" \
            else "public_institution"

    @api.depends_context("uid")
    @api.depends("employee_user_id", "manager_user_id")
    def _compute_roles(self):
        for evaluation in self:
            evaluation.is_employee = evaluation.employee_user_id == self.env.user
            evaluation.is_manager = evaluation.manager_user_id == self.env.user

    @api.depends("metric_timed_count", "metric_on_time_count", "metric_bad_rating_count",
                 "metric_feedback_count")
    def _compute_metric_score(self):
        for evaluation in self:
            evaluation.metric_score = evaluation._get_metric_score() or 0.0

    @api.depends("employee_id", "period_id.date_from", "period_id.date_to", "period_id.kind")
    def _compute_sanction_rules(self):
        restrictions = self._get_sanction_restrictions()
        for evaluation in self:
            barred, withheld = restrictions.get(evaluation.id, (None, None))
            evaluation.excellent_barred = bool(barred)
            evaluation.grade_withheld = bool(withheld)
            if withheld:
                evaluation.sanction_note = self.env._(
                    "%(level)s of %(start)s: the yearly evaluation of %(year)s is a comment "
                    "without a grade.", year=evaluation.period_id.year,
                    **withheld._describe_effect())
            elif barred:
                evaluation.sanction_note = self.env._(
                    "%(level)s of %(start)s: no Excellent grade in %(year)s.",
                    year=evaluation.period_id.year, **barred._describe_effect())
            else:
                evaluation.sanction_note = False

    @api.depends("employee_id", "period_id")
    def _compute_periodic_evaluation_ids(self):
        yearly = self.filtered(lambda evaluation: evaluation.kind == "year" and evaluation.id)
        periodic = self.search([
            ("employee_id", "in", yearly.employee_id.ids),
            ("kind", "in", ("month", "quarter")),
            ("date_from", ">=", min(yearly.mapped("date_from"), default=datetime.date.min)),
        ], order="date_from") if yearly else self.browse()
        for evaluation in self:
            if evaluation not in yearly:
                evaluation.periodic_evaluation_ids = False
                continue
            evaluation.periodic_evaluation_ids = periodic.filtered(
                lambda other, evaluation=evaluation: other.employee_id == evaluation.employee_id
                and evaluation.date_from <= other.date_from
                and other.period_id.date_to <= evaluation.date_to)

    @api.constrains("grade", "period_id")
    def _check_grade_for_kind(self):
        """A yearly evaluation (定期考核) is graded 优秀/称职(合格)/基本称职(基本合格)/不称职
        (不合格) (公务员法 §38; 事业单位人事管理条例 §21); a day-to-day one (平时考核)
        好/较好/一般/较差."""
        for evaluation in self.filtered("grade"):
            yearly = evaluation.period_id.kind == "year"
            if yearly and evaluation.grade not in YEARLY_GRADE_KEYS:
                raise ValidationError(self.env._(
                    "%(period)s is a yearly evaluation: grade %(employee)s Excellent, "
                    "Competent (Qualified), Basically Competent (Basically Qualified) or "
                    "Incompetent (Unqualified).",
                    period=evaluation.period_id.name, employee=evaluation.employee_name))
            if not yearly and evaluation.grade not in PERIODIC_GRADE_KEYS:
                raise ValidationError(self.env._(
                    "%(period)s is a day-to-day evaluation: grade %(employee)s Good, Fairly "
                    "Good, Average or Poor.",
                    period=evaluation.period_id.name, employee=evaluation.employee_name))

    @api.constrains("line_ids")
    def _check_weights(self):
        evaluation, total = wrong_weights(self)
        if evaluation:
            raise ValidationError(self.env._(
                "The weights of the criteria of the evaluation of %(employee)s add up to "
                "%(total)s: they must add up to 100.",
                employee=evaluation.employee_name, total=total))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        periods = self.env["dawa.staff.evaluation.period"].browse(
            [vals["period_id"] for vals in vals_list if vals.get("period_id")])
        closed = periods.filtered(lambda period: period.state == "confirmed")
        if closed:
            raise UserError(self.env._(
                "%(period)s is confirmed: no evaluation can be added to it.",
                period=closed[0].name))
        employees = self.env["hr.employee"].browse(
            [vals["employee_id"] for vals in vals_list if vals.get("employee_id")])
        employees.fetch(["origin_agency_id", "establishment_type", "parent_id"])
        for vals in vals_list:
            self._prepare_create_vals(vals)
        return super().create(vals_list)

    def _prepare_create_vals(self, vals):
        """What a new evaluation takes from the person's file and the period's template."""
        employee = self.env["hr.employee"].browse(vals.get("employee_id"))
        if not employee:
            return
        vals.setdefault("origin_agency_id", employee.origin_agency_id.id)
        vals.setdefault("establishment_type", employee.establishment_type or "other")
        vals.setdefault("manager_user_id", employee.parent_id.user_id.id)
        if "secondment_id" not in vals:
            vals["secondment_id"] = employee.sudo().secondment_ids.sorted(
                "date_start", reverse=True)[:1].id
        if not vals.get("line_ids"):
            period = self.env["dawa.staff.evaluation.period"].browse(vals.get("period_id"))
            vals["line_ids"] = [Command.create({"template_line_id": line.id})
                                for line in period.template_id.line_ids]

    def write(self, vals):
        self._check_write_rights(vals)
        return super().write(vals)

    def unlink(self):
        if any(evaluation.state != "draft" for evaluation in self):
            raise UserError(self.env._(
                "Only an evaluation not yet self-assessed can be deleted."))
        return super().unlink()

    def _check_lines_editable(self):
        """Criteria and scores change only while the evaluation is open: once scored, the
        final score is taken from them."""
        closed = self.filtered(lambda evaluation: evaluation.state not in OPEN_STATES)
        if closed:
            raise UserError(self.env._(
                "The evaluation of %(employee)s is already scored: its criteria and scores "
                "can no longer be changed (HR may send it back).",
                employee=closed[0].employee_name))

    def _check_write_rights(self, vals):
        """The person writes his self-assessment while it is in draft, his manager his scores,
        comment and proposed grade until it is scored; everything else is HR's."""
        if self.env.su or self.env.user.has_group("dawa_staff.group_hr_officer"):
            return
        for evaluation in self:
            forbidden = set(vals) - evaluation._get_user_writable_fields()
            if forbidden:
                raise AccessError(self.env._(
                    "You may not change %(fields)s of the evaluation of %(employee)s.",
                    fields=format_list(self.env, [
                        self._fields[name]._description_string(self.env)
                        for name in sorted(forbidden) if name in self._fields]),
                    employee=evaluation.employee_name))

    def _get_user_writable_fields(self):
        """The fields the current user (neither HR officer nor superuser) may write."""
        self.ensure_one()
        allowed = set()
        if self.employee_user_id == self.env.user and self.state == "draft":
            allowed |= EMPLOYEE_FIELDS
        if self.manager_user_id == self.env.user and self.state in OPEN_STATES:
            allowed |= MANAGER_FIELDS
        return allowed

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_self_assess(self):
        """The person hands in his self-assessment; his manager is asked to score."""
        self._check_step(["draft"])
        self._check_actor("employee")
        self._check_weights()
        for evaluation in self:
            if not (evaluation.self_summary or "").strip():
                raise UserError(self.env._(
                    "Write the personal summary of %(employee)s first.",
                    employee=evaluation.employee_name))
        self._workflow_write({
            "state": "self_assessed", "self_assessed_date": fields.Date.context_today(self),
            "self_assessed_by_id": self.env.uid})
        self._post_on_behalf("employee_user_id")
        self.activity_feedback(["dawa_staff.mail_activity_type_self_assessment"])
        self._schedule_activities("dawa_staff.mail_activity_type_scoring", "manager_user_id")

    def action_score(self):
        """The manager's scores become the final score; the figures of the cases are taken
        one last time and no longer change."""
        self._check_step(["self_assessed"])
        self._check_actor("manager")
        self._refresh_metrics()
        self._check_weights()
        for evaluation in self:
            evaluation._check_scorable()
        for evaluation in self:
            evaluation._workflow_write({
                "state": "scored",
                "final_score": evaluation.manager_score,
                "scored_date": fields.Date.context_today(self),
                "scored_by_id": self.env.uid,
            })
        self._post_on_behalf("manager_user_id")
        self.activity_feedback(["dawa_staff.mail_activity_type_scoring"])

    def action_confirm(self):
        """HR confirms the evaluation: the quota and the sanction rules are checked."""
        self._check_step(["scored"], "dawa_staff.group_hr_officer")
        draft = self.period_id.filtered(lambda period: period.state != "open")
        if draft:
            raise UserError(self.env._(
                "%(period)s is not in progress: its evaluations cannot be confirmed.",
                period=draft[0].name))
        self._confirm()

    def action_send_back(self):
        """HR sends the evaluation back one step (scored → self-assessed → draft)."""
        self._check_step(["self_assessed", "scored"], "dawa_staff.group_hr_officer")
        for evaluation in self:
            if evaluation.state == "scored":
                evaluation._workflow_write({
                    "state": "self_assessed", "final_score": 0, "scored_date": False,
                    "scored_by_id": False})
            else:
                evaluation._workflow_write({
                    "state": "draft", "self_assessed_date": False,
                    "self_assessed_by_id": False})

    def action_refresh_metrics(self):
        self._check_step(list(OPEN_STATES))
        self._check_actor("manager")
        self._refresh_metrics()

    def action_apply_metric_score(self):
        """The manager takes the score the case figures suggest for the performance
        criterion."""
        self._check_step(list(OPEN_STATES))
        self._check_actor("manager")
        for evaluation in self:
            score = evaluation._get_metric_score()
            if score is None:
                raise UserError(self.env._(
                    "%(employee)s decided no case with a time limit in %(period)s: there is no "
                    "figure to score the performance with.",
                    employee=evaluation.employee_name, period=evaluation.period_id.name))
            lines = evaluation.line_ids.filtered(lambda line: line.criterion == "performance")
            if not lines:
                raise UserError(self.env._(
                    "The evaluation of %(employee)s has no performance criterion.",
                    employee=evaluation.employee_name))
            lines.write({"manager_score": score})

    def action_view_cases(self):
        return self._action_cases(self.env._("Cases"))

    def action_view_bad_ratings(self):
        return self._action_cases(self.env._("Dissatisfied Ratings"), [("bad_rating", "=", 1)])

    def _action_cases(self, title, domain=()):
        """The cases behind the figures: those the person handled, decided in the period."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_staff.dawa_staff_case_work_action")
        action["name"] = f"{title} — {self.employee_name}"
        action["domain"] = [
            ("user_id", "=", self.employee_user_id.id),
            ("decision_date", ">=", self.period_id.date_from),
            ("decision_date", "<=", self.period_id.date_to),
            *domain,
        ]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _check_actor(self, role):
        """Raise unless the user is the person (``employee``) or his manager (``manager``)
        on every evaluation, or an HR officer."""
        if self.env.su or self.env.user.has_group("dawa_staff.group_hr_officer"):
            return
        field_name = "employee_user_id" if role == "employee" else "manager_user_id"
        wrong = self.filtered(lambda evaluation: evaluation[field_name] != self.env.user)
        if wrong:
            if role == "employee":
                message = self.env._(
                    "Only %(employee)s or an HR officer may hand in this self-assessment.",
                    employee=wrong[0].employee_name)
            else:
                message = self.env._(
                    "Only the manager of %(employee)s or an HR officer may score this "
                    "evaluation.", employee=wrong[0].employee_name)
            raise UserError(message)

    def _post_on_behalf(self, user_field):
        """An HR officer handing in a self-assessment (``employee_user_id``) or a score
        (``manager_user_id``) for the person who wrote it on paper: the chatter says who did
        it, for whom."""
        if self.env.su:
            return
        for evaluation in self.filtered(lambda evaluation: evaluation[user_field]
                                        != self.env.user):
            if user_field == "employee_user_id":
                body = self.env._(
                    "Self-assessment handed in by %(user)s on behalf of %(employee)s (paper "
                    "form).", user=self.env.user.name, employee=evaluation.employee_name)
            else:
                body = self.env._(
                    "Scores handed in by %(user)s on behalf of %(manager)s, the manager of "
                    "%(employee)s (paper form).", user=self.env.user.name,
                    manager=evaluation.manager_user_id.name or self.env._("the manager"),
                    employee=evaluation.employee_name)
            evaluation.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _check_scorable(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._(
                "The evaluation of %(employee)s has no criteria to score.",
                employee=self.employee_name))
        if not (self.manager_comment or "").strip():
            raise UserError(self.env._(
                "Write the manager's comment on %(employee)s first.",
                employee=self.employee_name))
        if not self.grade and not self.grade_withheld:
            raise UserError(self.env._(
                "Propose a grade for %(employee)s first.", employee=self.employee_name))

    def _get_metric_score(self):
        """Hook: the performance score the case figures suggest (None: no figure)."""
        self.ensure_one()
        return rules.suggested_performance_score(
            self.metric_timed_count, self.metric_on_time_count,
            self.metric_bad_rating_count, self.metric_feedback_count)

    def _refresh_metrics(self):
        """Take the figures of the cases of every evaluation still open, in one pass per
        period: the evaluations, the figures of all their people (one grouped query on
        dawa.staff.case.work) and one UPDATE, however many people are evaluated."""
        todo = self.filtered(lambda evaluation: evaluation.state in OPEN_STATES)
        now = fields.Datetime.now()
        CaseWork = self.env["dawa.staff.case.work"]
        rows = []
        for period, evaluations in todo.grouped("period_id").items():
            figures = CaseWork._get_figures(
                evaluations.employee_user_id, period.date_from, period.date_to)
            feedback = self._get_feedback_counts(evaluations.employee_id, period)
            for evaluation in evaluations:
                user_figures = figures.get(evaluation.employee_user_id.id, {})
                timed = user_figures.get("timed", 0)
                on_time = user_figures.get("on_time", 0)
                rows.append((
                    evaluation.id,
                    user_figures.get("cases", 0),
                    timed,
                    on_time,
                    round(100 * on_time / timed, 2) if timed else 0.0,
                    round(user_figures.get("workdays", 0) / timed, 2) if timed else 0.0,
                    user_figures.get("bad_ratings", 0),
                    user_figures.get("rectifications", 0),
                    feedback.get(evaluation.employee_id.id, 0),
                    now,
                ))
        todo._write_metrics(rows)

    def _write_metrics(self, rows):
        """The privileged path of the figures (workflow fields): one UPDATE for all ``rows``
        (id and the values of METRIC_FIELDS), where the ORM would send one per 100 records."""
        if not rows:
            return
        self.flush_recordset([*METRIC_FIELDS, "write_uid", "write_date"])
        columns = SQL(", ").join(SQL.identifier(name) for name in METRIC_FIELDS)
        self.env.cr.execute(SQL(
            """UPDATE dawa_staff_evaluation evaluation
                  SET %(assignments)s, write_uid = %(uid)s, write_date = %(now)s
                 FROM (VALUES %(values)s) AS figures(id, %(columns)s)
                WHERE evaluation.id = figures.id""",
            assignments=SQL(", ").join(
                SQL("%s = figures.%s", SQL.identifier(name), SQL.identifier(name))
                for name in METRIC_FIELDS),
            uid=self.env.uid,
            now=self.env.cr.now(),
            values=SQL(", ").join(
                SQL("(%s::int, %s::int, %s::int, %s::int, %s::float8, %s::float8, %s::int, "
                    "%s::int, %s::int, %s::timestamp)", *row)
                for row in rows),
            columns=columns,
        ))
        self.invalidate_recordset([*METRIC_FIELDS, "write_uid", "write_date"])
        self.modified(METRIC_FIELDS)

    @api.model
    def _get_feedback_counts(self, employees, period):
        """Hook for dawa_supervision: {employee id: supervision feedback against the cases the
        employee handled, given in ``period``}. Without supervision there is none."""
        return {}

    def _get_sanction_restrictions(self):
        """{evaluation id: (sanction barring Excellent, sanction withholding the grade)} of
        the yearly evaluations, from the recorded sanctions of the people, in one query, by
        the rules of each person's establishment and the years they name
        (``rules.sanction_effect``):

        - civil servants (公务员考核规定, 2020): 警告 → not 优秀 in the year of the decision;
          记过 → a comment without a grade (只写评语，不定等次) that year; 记大过, 降级,
          撤职 → that year and the next; not every year the period of effect touches;
        - public institution staff (事业单位工作人员处分规定, 2023, with 事业单位工作人员
          考核规定, 2023, 第四十三条): 警告 → not 优秀 in the year of the decision; 记过,
          降低岗位等级 (and a manager's 记大过, 降级, 撤职) → no grade during the period of
          effect (在受处分期间).

        Day-to-day evaluations (平时考核) have no Excellent grade and no such rule.
        """
        evaluations = self.filtered(lambda evaluation: evaluation.employee_id
                                    and evaluation.period_id.kind == "year")
        if not evaluations:
            return {}
        # sudo: the rules apply whoever looks at the evaluation; only the outcome is shown
        sanctions = self.env["dawa.staff.sanction"].sudo().search([
            ("employee_id", "in", evaluations.employee_id.ids),
            ("kind", "=", "sanction"),
            ("state", "=", "recorded"),
            ("date", "<=", max(evaluations.period_id.mapped("date_to"))),
        ], order="date desc, id desc")
        by_employee = defaultdict(list)
        for sanction in sanctions:
            by_employee[sanction.employee_id.id].append(sanction)
        result = {}
        for evaluation in evaluations:
            year = evaluation.period_id.year
            establishment = evaluation._grade_labels_kind()
            barred = withheld = None
            for sanction in by_employee[evaluation.employee_id.id]:
                effect = rules.sanction_effect(
                    establishment, sanction.level, sanction.date, sanction.date_end, year)
                if effect == rules.NO_GRADE and withheld is None:
                    withheld = sanction
                if effect and barred is None:
                    barred = sanction
            if barred or withheld:
                result[evaluation.id] = (barred, withheld)
        return result

    def _check_confirmation_rules(self):
        """The rules of 公务员考核规定 / 事业单位工作人员考核规定, each refusal naming the
        person and the reason."""
        restrictions = self._get_sanction_restrictions()
        for evaluation in self:
            barred, withheld = restrictions.get(evaluation.id, (None, None))
            name = evaluation.employee_name
            if withheld and evaluation.grade:
                raise ValidationError(self.env._(
                    "%(employee)s was serving a sanction (%(level)s, from %(start)s to %(end)s) "
                    "during %(period)s: the yearly evaluation is written as a comment without "
                    "a grade. Remove the grade and keep the comment.",
                    employee=name, period=evaluation.period_id.name,
                    **withheld._describe_effect()))
            if not withheld and not evaluation.grade:
                raise ValidationError(self.env._(
                    "Give %(employee)s a grade before confirming.", employee=name))
            if barred and evaluation.grade == "excellent":
                raise ValidationError(self.env._(
                    "%(employee)s cannot be rated Excellent in %(period)s: a sanction "
                    "(%(level)s) was recorded on %(start)s, in the same year.",
                    employee=name, period=evaluation.period_id.name,
                    **barred._describe_effect()))
        self._check_excellent_quota()

    def _check_excellent_quota(self):
        """优秀 within the quota of the yearly evaluation, rounded down, counted apart for
        each establishment type: civil servants among the civil servants evaluated
        (公务员考核规定, 2020), public institution staff among theirs (事业单位工作人员考核
        规定, 2023, 第十五条); the evaluations already confirmed count with those being
        confirmed. Day-to-day evaluations have no quota."""
        types = dict(self._fields["establishment_type"]._description_selection(self.env))
        for period, evaluations in self.grouped("period_id").items():
            if period.kind != "year":
                continue
            groups = period.evaluation_ids.grouped(
                lambda evaluation: evaluation._grade_labels_kind())
            for group, everyone in groups.items():
                confirming = evaluations & everyone
                if not confirming:
                    continue
                excellent = (everyone.filtered(lambda other: other.state == "confirmed")
                             | confirming).filtered(lambda other: other.grade == "excellent")
                quota = period._get_excellent_quota(group)
                allowed = rules.excellent_allowed(len(everyone), quota)
                if len(excellent) > allowed:
                    share = f"{quota:g}"
                    raise ValidationError(self.env._(
                        "%(period)s allows %(allowed)s Excellent grades among the %(group)s "
                        "(%(quota)s%% of the %(count)s evaluated, rounded down), but "
                        "%(given)s are given: %(names)s.",
                        period=period.name, allowed=allowed,
                        group=types[group], quota=share, count=len(everyone),
                        given=len(excellent),
                        names=format_list(self.env, excellent.mapped("employee_name"))))

    def _confirm(self):
        self._check_confirmation_rules()
        restrictions = self._get_sanction_restrictions()
        today = fields.Date.context_today(self)
        for evaluation in self:
            evaluation._workflow_write({
                "state": "confirmed",
                "comment_only": bool(restrictions.get(evaluation.id, (None, None))[1]),
                "confirmed_date": today,
                "confirmed_by_id": self.env.uid,
            })
        self._propose_rewards()
        self.filtered(lambda evaluation: evaluation.grade == "incompetent")\
            ._schedule_consequences()

    def _propose_rewards(self):
        """Three Excellent years in a row (this one and the two before): HR is offered a
        third-class merit (记三等功) for the person."""
        yearly = self.filtered(lambda evaluation: evaluation.kind == "year"
                               and evaluation.grade == "excellent")
        if not yearly:
            return
        years = yearly.period_id.mapped("year")
        previous = self.search([
            ("employee_id", "in", yearly.employee_id.ids),
            ("kind", "=", "year"),
            ("state", "=", "confirmed"),
            ("grade", "=", "excellent"),
            ("period_id.year", ">=", min(years) - 2),
            ("period_id.year", "<", max(years)),
        ])
        excellent_years = defaultdict(set)
        for evaluation in previous:
            excellent_years[evaluation.employee_id.id].add(evaluation.period_id.year)
        vals_list = []
        for evaluation in yearly:
            year = evaluation.period_id.year
            if {year - 1, year - 2} <= excellent_years[evaluation.employee_id.id]:
                vals_list.append(evaluation._prepare_reward_proposal())
        if vals_list:
            # sudo: a proposal is a workflow state only the system gives a ledger entry
            proposals = self.env["dawa.staff.sanction"].sudo().create(vals_list)
            proposals.with_user(self.env.user)._schedule_proposal_activity()

    def _prepare_reward_proposal(self):
        self.ensure_one()
        year = self.period_id.year
        return {
            "employee_id": self.employee_id.id,
            "kind": "reward",
            "level": "merit_3",
            "state": "proposed",
            "date": fields.Date.context_today(self),
            "evaluation_id": self.id,
            "name": self.env._(
                "Rated Excellent three years in a row (%(first)s-%(last)s): third-class merit "
                "proposed", first=year - 2, last=year),
        }

    def _schedule_consequences(self):
        """An 'incompetent' grade has consequences HR carries out with the home unit."""
        for evaluation in self:
            if evaluation.establishment_type == "civil_servant":
                note = self.env._(
                    "A civil servant rated Incompetent is moved down one post or rank level "
                    "(公务员考核规定). Inform %(unit)s and follow up.",
                    unit=evaluation.origin_agency_id.name or self.env._("the home unit"))
            else:
                note = self.env._(
                    "A staff member rated Unqualified is given another post, or training "
                    "before another post; two such years in a row allow the end of the "
                    "employment contract (事业单位工作人员考核规定). Inform %(unit)s and "
                    "follow up.",
                    unit=evaluation.origin_agency_id.name or self.env._("the home unit"))
            evaluation.activity_schedule(
                "dawa_staff.mail_activity_type_consequence",
                user_id=self.env.uid,
                summary=self.env._("Consequences of the grade of %(employee)s",
                                   employee=evaluation.employee_name),
                note=note,
            )

    def _get_form_values(self):
        """What the registration form (年度考核登记表) prints besides the evaluation's own
        fields, as text in the user's language."""
        self.ensure_one()
        _ = self.env._
        employee = self.employee_id

        def label(record, field_name):
            return dict(record._fields[field_name]._description_selection(self.env)).get(
                record[field_name], "")

        if self.kind != "year":
            title = _("Day-to-day Evaluation Registration Form")
            period = self.period_id.name
        else:
            title = {
                "civil_servant": _("Civil Servant Yearly Evaluation Registration Form"),
                "public_institution": _(
                    "Public Institution Staff Yearly Evaluation Registration Form"),
            }.get(self.establishment_type, _("Yearly Evaluation Registration Form"))
            period = _("(Year %(year)s)", year=self.period_id.year)
        timed = self.metric_timed_count
        rate = f"{self.metric_on_time_rate:.1f}%" if timed else "—"
        days = f"{self.metric_avg_workdays:.1f}" if timed else "—"
        figures = _(
            "Cases decided: %(cases)s; decided on time: %(on_time)s of %(timed)s "
            "(%(rate)s); average working days to decision: %(days)s; dissatisfied ratings: "
            "%(bad)s; rectifications: %(rectifications)s; supervision feedback: "
            "%(feedback)s.",
            cases=self.metric_case_count, on_time=self.metric_on_time_count, timed=timed,
            rate=rate, days=days,
            bad=self.metric_bad_rating_count, rectifications=self.metric_rectification_count,
            feedback=self.metric_feedback_count)
        scored = self.state in ("scored", "confirmed")
        if self.comment_only:
            grade = _("No grade: comment only")
        else:
            grade = self.grade_label if self.state == "confirmed" else ""
        return {
            "title": title,
            "period": period,
            "gender": label(employee, "gender"),
            "birthday": f"{employee.birthday:%Y.%m}" if employee.birthday else "",
            "political_status": label(employee, "political_status"),
            "education": label(employee, "certificate"),
            "post_since": f"{self.secondment_id.date_start:%Y.%m}"
            if self.secondment_id.date_start else "",
            "unit_post": " ".join(filter(None, [self.env.company.name, self.position])),
            "periodic": self.periodic_evaluation_ids,
            "figures": figures,
            "score": f"{self.final_score if scored else self.manager_score:.2f}",
            "proposed_grade": "" if self.comment_only else self.grade_label,
            "grade": grade,
            "no_grade_note": self.sanction_note if (self.comment_only or self.grade_withheld)
            else "",
        }

    def _schedule_self_assessment(self):
        self._schedule_activities(
            "dawa_staff.mail_activity_type_self_assessment", "employee_user_id")

    def _schedule_activities(self, activity_xmlid, user_field):
        """One activity per evaluation for the user of ``user_field``, created in one batch;
        due at the end of the period (or today when it has ended)."""
        activity_type = self.env.ref(activity_xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = []
        for evaluation in self:
            user = evaluation[user_field]
            if not user:
                continue
            vals_list.append({
                "res_model_id": model_id,
                "res_id": evaluation.id,
                "activity_type_id": activity_type.id,
                "summary": self.with_context(lang=user.lang).env._(
                    "%(period)s: %(employee)s", period=evaluation.period_id.name,
                    employee=evaluation.employee_name),
                "date_deadline": max(evaluation.period_id.date_to, today),
                "user_id": user.id,
                "automated": True,
            })
        # sudo: the person asked may not be allowed to create activities on others' records
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            vals_list)
