from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.i18n import format_list

from odoo.addons.dawa_approval.tools import xlsx_layout
from odoo.addons.dawa_approval.tools.xlsx_layout import Column

from ..tools import rules
from .dawa_staff_evaluation_template import check_template_weights


class DawaStaffEvaluationPeriod(models.Model):
    """考核期: a quarter (平时考核), a month or a year (年度考核) whose evaluations HR opens,
    follows and confirms together."""

    _name = "dawa.staff.evaluation.period"
    _description = "Evaluation Period"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin"]
    _order = "date_from desc, kind desc, id desc"
    _workflow_frozen_states = ("confirmed",)

    name = fields.Char(required=True, translate=True, tracking=True)
    kind = fields.Selection(
        [("month", "Monthly"), ("quarter", "Quarterly"), ("year", "Yearly")],
        required=True, default="quarter", tracking=True,
        help="Monthly and quarterly evaluations are the day-to-day assessment (平时考核); "
        "their results are shown on the yearly evaluation (年度考核).",
    )
    date_from = fields.Date(string="From", required=True, index=True, tracking=True)
    date_to = fields.Date(string="To", required=True, index=True, tracking=True)
    year = fields.Integer(compute="_compute_year", store=True, index=True, aggregator=None)
    excellent_quota = fields.Float(
        string="Excellent Quota, Civil Servants (%)", tracking=True,
        default=lambda self: self._default_quota("civil_servant"),
        help="At most this share of the civil servants evaluated in a yearly period may be "
        "rated Excellent, rounded down (20 % of 12 people: 2): generally 20 %, up to 25 % "
        "with the approval of the civil service department (公务员考核规定). The default "
        "is a setting.",
    )
    excellent_quota_institution = fields.Float(
        string="Excellent Quota, Public Institution Staff (%)", tracking=True,
        default=lambda self: self._default_quota("public_institution"),
        help="At most this share of the public institution staff (and others) evaluated in a "
        "yearly period may be rated Excellent, rounded down: generally 20 %, 25 % for a unit "
        "of outstanding results, 15 % for a poor one (事业单位工作人员考核规定 第十五条). "
        "The default is a setting.",
    )
    excellent_allowed = fields.Integer(
        string="Excellent Grades Allowed", compute="_compute_counts",
        help="Both quotas together; each is checked apart.")
    excellent_count = fields.Integer(string="Excellent Grades Given", compute="_compute_counts")
    excellent_allowed_civil = fields.Integer(
        string="Excellent Allowed, Civil Servants", compute="_compute_counts")
    excellent_count_civil = fields.Integer(
        string="Excellent Given, Civil Servants", compute="_compute_counts")
    excellent_allowed_institution = fields.Integer(
        string="Excellent Allowed, Public Institution Staff", compute="_compute_counts")
    excellent_count_institution = fields.Integer(
        string="Excellent Given, Public Institution Staff", compute="_compute_counts")
    template_id = fields.Many2one(
        "dawa.staff.evaluation.template", string="Criteria Template", required=True,
        default=lambda self: self.env["dawa.staff.evaluation.template"].search([], limit=1),
        help="The weighted criteria of the evaluations opened in this period.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("open", "In Progress"), ("confirmed", "Confirmed")],
        required=True, default="draft", readonly=True, copy=False, index=True, tracking=True,
    )
    opened_date = fields.Date(string="Opened On", readonly=True, copy=False)
    confirmed_date = fields.Date(string="Confirmed On", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    evaluation_ids = fields.One2many("dawa.staff.evaluation", "period_id", string="Evaluations")
    evaluation_count = fields.Integer(string="People Evaluated", compute="_compute_counts")

    _sql_constraints = [
        ("quota_range", "CHECK(excellent_quota >= 0 AND excellent_quota <= 100)",
         "The Excellent quota is a share from 0 to 100 per cent."),
        ("quota_institution_range",
         "CHECK(excellent_quota_institution >= 0 AND excellent_quota_institution <= 100)",
         "The Excellent quota is a share from 0 to 100 per cent."),
    ]

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "opened_date", "confirmed_date", "confirmed_by_id",
        ]

    @api.depends("date_from")
    def _compute_year(self):
        for period in self:
            period.year = period.date_from.year if period.date_from else 0

    @api.model
    def _default_quota(self, group):
        """The bureau's setting of the Excellent quota of ``group``, in per cent."""
        # sudo: HR officers create periods; the setting is the administrator's
        value = self.env["ir.config_parameter"].sudo().get_param(
            f"dawa_staff.excellent_quota_{group}")
        try:
            return float(value) if value else float(rules.DEFAULT_EXCELLENT_QUOTA)
        except ValueError:
            return float(rules.DEFAULT_EXCELLENT_QUOTA)

    def _get_excellent_quota(self, group):
        """The period's quota (per cent) for ``group``: ``civil_servant`` or
        ``public_institution`` (which also counts the staff of other establishments)."""
        self.ensure_one()
        return self.excellent_quota if group == "civil_servant" \
            else self.excellent_quota_institution

    @api.depends("evaluation_ids.grade", "evaluation_ids.establishment_type", "kind",
                 "excellent_quota", "excellent_quota_institution")
    def _compute_counts(self):
        groups = self.env["dawa.staff.evaluation"]._read_group(
            [("period_id", "in", self.ids)], ["period_id", "establishment_type", "grade"],
            ["__count"])
        counts, people, excellent = {}, {}, {}
        for period, establishment, grade, count in groups:
            group = "civil_servant" if establishment == "civil_servant" \
                else "public_institution"
            counts[period] = counts.get(period, 0) + count
            people[period, group] = people.get((period, group), 0) + count
            if grade == "excellent":
                excellent[period, group] = excellent.get((period, group), 0) + count
        for period in self:
            period.evaluation_count = counts.get(period, 0)
            allowed = {}
            for group in ("civil_servant", "public_institution"):
                allowed[group] = rules.excellent_allowed(
                    people.get((period, group), 0), period._get_excellent_quota(group)) \
                    if period.kind == "year" else 0
            period.excellent_allowed_civil = allowed["civil_servant"]
            period.excellent_allowed_institution = allowed["public_institution"]
            period.excellent_count_civil = excellent.get((period, "civil_servant"), 0)
            period.excellent_count_institution = excellent.get(
                (period, "public_institution"), 0)
            period.excellent_allowed = sum(allowed.values())
            period.excellent_count = period.excellent_count_civil \
                + period.excellent_count_institution

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for period in self:
            if period.date_to < period.date_from:
                raise ValidationError(self.env._(
                    "%(period)s ends before it starts.", period=period.name))
            if period.date_to.year != period.date_from.year:
                raise ValidationError(self.env._(
                    "%(period)s spans two years: an evaluation period lies within one calendar "
                    "year.", period=period.name))

    def unlink(self):
        if any(period.state != "draft" for period in self):
            raise UserError(self.env._(
                "Only a draft evaluation period can be deleted."))
        return super().unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_open(self):
        """Open the period: one evaluation for each person seconded during it, with the
        criteria of the template and the figures of his cases; each of them is asked for
        his self-assessment."""
        self._check_step(["draft"], "dawa_staff.group_hr_officer")
        check_template_weights(self.template_id)
        evaluations = self.env["dawa.staff.evaluation"]
        for period in self:
            evaluations |= period._create_evaluations()
        self._workflow_write({
            "state": "open", "opened_date": fields.Date.context_today(self)})
        evaluations._refresh_metrics()
        evaluations._schedule_self_assessment()

    def action_add_evaluations(self):
        """Evaluations for the people seconded since the period was opened."""
        self._check_step(["open"], "dawa_staff.group_hr_officer")
        evaluations = self.env["dawa.staff.evaluation"]
        for period in self:
            evaluations |= period._create_evaluations()
        evaluations._refresh_metrics()
        evaluations._schedule_self_assessment()

    def action_refresh_metrics(self):
        self._check_step(["open"], "dawa_staff.group_hr_officer")
        self.evaluation_ids._refresh_metrics()

    def action_confirm(self):
        """Confirm every evaluation of the period at once; the quota and the sanction rules
        are checked on the whole period first."""
        self._check_step(["open"], "dawa_staff.group_hr_officer")
        for period in self:
            waiting = period.evaluation_ids.filtered(
                lambda evaluation: evaluation.state in ("draft", "self_assessed"))
            if waiting:
                raise UserError(self.env._(
                    "%(period)s cannot be confirmed: these evaluations are not scored yet: "
                    "%(names)s.", period=period.name,
                    names=format_list(self.env, waiting.employee_id.mapped("name"))))
            if not period.evaluation_ids:
                raise UserError(self.env._(
                    "%(period)s has no evaluation to confirm.", period=period.name))
        self.evaluation_ids.filtered(lambda evaluation: evaluation.state == "scored")._confirm()
        self._workflow_write({
            "state": "confirmed",
            "confirmed_date": fields.Date.context_today(self),
            "confirmed_by_id": self.env.uid,
        })

    def action_view_evaluations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_staff.dawa_staff_evaluation_action")
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {"default_period_id": self.id}
        return action

    def action_export_results(self):
        """The results of the period for the home units: one sheet per home unit."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/dawa/staff/export/period/{self.id}",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _create_evaluations(self):
        """One evaluation for every person whose secondment overlaps the period and who
        has none in it yet."""
        self.ensure_one()
        secondments = self.env["dawa.staff.secondment"].search([
            ("state", "in", ("active", "ended")),
            ("date_start", "<=", self.date_to),
            "|", ("date_end", "=", False), ("date_end", ">=", self.date_from),
        ], order="date_start desc, id desc")
        evaluated = self.evaluation_ids.employee_id
        vals_list, seen = [], set()
        for secondment in secondments:
            employee = secondment.employee_id
            if employee in evaluated or employee.id in seen:
                continue
            seen.add(employee.id)
            vals_list.append({
                "period_id": self.id,
                "employee_id": employee.id,
                "secondment_id": secondment.id,
            })
        return self.env["dawa.staff.evaluation"].create(vals_list)

    def _write_results_xlsx(self, target):
        """The results of the period for the home units: one sheet per home unit, one row
        per person, read as the current user."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("dawa_staff.group_hr_officer"):
            raise AccessError(self.env._("Only HR officers export the results of a period."))
        _ = self.env._
        Evaluation = self.env["dawa.staff.evaluation"]
        types = dict(Evaluation._fields["establishment_type"]._description_selection(self.env))
        states = dict(Evaluation._fields["state"]._description_selection(self.env))
        columns = [
            Column(_("Full Name"), 12),
            Column(_("Establishment"), 12),
            Column(_("Position"), 16),
            Column(_("Period"), 16),
            Column(_("Cases Decided"), 9, "int"),
            Column(_("On-time Rate"), 9, "percent"),
            Column(_("Average Working Days to Decision"), 11, "float"),
            Column(_("Dissatisfied Ratings"), 9, "int"),
            Column(_("Rectifications"), 9, "int"),
            Column(_("Supervision Feedback"), 9, "int"),
            Column(_("Self-assessed Score"), 9, "float"),
            Column(_("Final Score"), 9, "float"),
            Column(_("Result"), 12),
            Column(_("Opinion of the Unit"), 40),
            Column(_("Status"), 10),
        ]
        evaluations = self.evaluation_ids.sorted(
            lambda evaluation: (evaluation.origin_agency_id.sequence,
                                evaluation.origin_agency_id.id, evaluation.employee_name))
        book = xlsx_layout.open_workbook(target)
        formats = xlsx_layout.make_formats(book)
        for agency, rows in evaluations.grouped("origin_agency_id").items():
            writer = xlsx_layout.SheetWriter(
                book, agency.name or _("No Home Unit"), columns, formats)
            for evaluation in rows:
                writer.write_row([
                    evaluation.employee_name,
                    types.get(evaluation.establishment_type, ""),
                    evaluation.position or "",
                    self.name,
                    evaluation.metric_case_count,
                    evaluation.metric_on_time_rate / 100 if evaluation.metric_timed_count
                    else None,
                    evaluation.metric_avg_workdays if evaluation.metric_timed_count else None,
                    evaluation.metric_bad_rating_count,
                    evaluation.metric_rectification_count,
                    evaluation.metric_feedback_count,
                    evaluation.self_score,
                    evaluation.final_score if evaluation.state in ("scored", "confirmed")
                    else None,
                    evaluation.grade_label or "",
                    evaluation.unit_opinion or "",
                    states[evaluation.state],
                ])
        if not evaluations:
            xlsx_layout.SheetWriter(book, _("No Home Unit"), columns, formats)
        book.close()
