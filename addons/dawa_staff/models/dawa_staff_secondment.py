import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


def quarter_bounds(day):
    """First and last day of the calendar quarter of ``day``."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = day.replace(month=first_month, day=1)
    end = (start.replace(month=first_month + 2, day=28) + datetime.timedelta(days=4))
    return start, end - datetime.timedelta(days=end.day)


class DawaStaffSecondment(models.Model):
    """借调/划转: a person works at the bureau while his establishment stays with his home
    unit; the bureau assesses and evaluates him and manages his organisational relations."""

    _name = "dawa.staff.secondment"
    _description = "Secondment"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin"]
    _order = "state, date_start desc, id desc"
    _workflow_frozen_states = ("ended",)

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, tracking=True, ondelete="restrict")
    user_id = fields.Many2one(related="employee_id.user_id", string="User")
    origin_agency_id = fields.Many2one(
        "dawa.agency", string="Home Unit", required=True, index=True, tracking=True,
        domain=[("kind", "!=", "bureau")],
        help="The unit that holds the person's establishment (编制单位).",
    )
    establishment_type = fields.Selection(
        related="employee_id.establishment_type", readonly=False)
    date_start = fields.Date(string="Start Date", required=True, index=True, tracking=True)
    date_end = fields.Date(
        string="Planned End", index=True, tracking=True,
        help="Leave empty for a transfer without end date.")
    position = fields.Char(tracking=True, help="The post the person holds at the bureau.")
    transfer_agreement_id = fields.Many2one(
        "dawa.transfer.agreement", index=True, tracking=True, ondelete="restrict",
        help="The transfer agreement the person came with, with the powers of his unit.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "In Progress"), ("ended", "Ended")],
        required=True, default="draft", readonly=True, copy=False, index=True, tracking=True,
    )
    started_date = fields.Date(string="Started On", readonly=True, copy=False)
    ended_date = fields.Date(string="Ended On", readonly=True, copy=False)
    note = fields.Text()
    ends_this_quarter = fields.Boolean(
        compute="_compute_ends_this_quarter", search="_search_ends_this_quarter")
    evaluated_this_year = fields.Boolean(
        compute="_compute_evaluated_this_year",
        search="_search_evaluated_this_year",
        help="The person has an evaluation in a period of this year.")

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "started_date", "ended_date"]

    @api.depends("employee_id.name", "origin_agency_id.name")
    def _compute_name(self):
        for secondment in self:
            secondment.name = " / ".join(
                name for name in (secondment.employee_id.name, secondment.origin_agency_id.name)
                if name)

    @api.depends("date_end", "state")
    @api.depends_context("tz")
    def _compute_ends_this_quarter(self):
        start, end = quarter_bounds(fields.Date.context_today(self))
        for secondment in self:
            secondment.ends_this_quarter = bool(
                secondment.state == "active" and secondment.date_end
                and start <= secondment.date_end <= end)

    def _search_ends_this_quarter(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        start, end = quarter_bounds(fields.Date.context_today(self))
        domain = [("state", "=", "active"), ("date_end", ">=", start), ("date_end", "<=", end)]
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    @api.depends("employee_id")
    def _compute_evaluated_this_year(self):
        evaluated = set(self._get_employees_evaluated_this_year(self.employee_id).ids)
        for secondment in self:
            secondment.evaluated_this_year = secondment.employee_id.id in evaluated

    def _search_evaluated_this_year(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        employees = self._get_employees_evaluated_this_year()
        positive = (operator == "=") == value
        return [("employee_id", "in" if positive else "not in", employees.ids)]

    def _get_employees_evaluated_this_year(self, employees=None):
        """The employees (of ``employees`` when given) with an evaluation in a period of
        the current year, in one query."""
        year = fields.Date.context_today(self).year
        domain = [("period_id.year", "=", year)]
        if employees is not None:
            domain.append(("employee_id", "in", employees.ids))
        # sudo: the filter tells whether an evaluation exists, not what it says
        groups = self.env["dawa.staff.evaluation"].sudo()._read_group(
            domain, ["employee_id"])
        return self.env["hr.employee"].union(*(employee for (employee,) in groups))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for secondment in self:
            if secondment.date_end and secondment.date_end < secondment.date_start:
                raise ValidationError(self.env._(
                    "The secondment of %(employee)s cannot end (%(end)s) before it starts "
                    "(%(start)s).", employee=secondment.employee_id.name,
                    end=secondment.date_end, start=secondment.date_start))

    @api.constrains("employee_id", "date_start", "date_end", "state")
    def _check_overlap(self):
        for secondment in self:
            domain = [
                ("id", "!=", secondment.id),
                ("employee_id", "=", secondment.employee_id.id),
                ("state", "!=", "ended"),
                "|", ("date_end", "=", False), ("date_end", ">=", secondment.date_start),
            ]
            if secondment.date_end:
                domain.append(("date_start", "<=", secondment.date_end))
            if secondment.state != "ended" and self.search_count(domain, limit=1):
                raise ValidationError(self.env._(
                    "%(employee)s already has a secondment over these dates.",
                    employee=secondment.employee_id.name))

    @api.onchange("employee_id")
    def _onchange_employee_id(self):
        if self.employee_id.origin_agency_id and not self.origin_agency_id:
            self.origin_agency_id = self.employee_id.origin_agency_id

    @api.onchange("transfer_agreement_id")
    def _onchange_transfer_agreement_id(self):
        if self.transfer_agreement_id and not self.origin_agency_id:
            self.origin_agency_id = self.transfer_agreement_id.agency_id

    def action_start(self):
        """The person starts at the bureau: his home unit is recorded on his employee file."""
        self._check_step(["draft"], "dawa_staff.group_hr_officer")
        today = fields.Date.context_today(self)
        for secondment in self:
            secondment.employee_id.origin_agency_id = secondment.origin_agency_id
        self._workflow_write({"state": "active", "started_date": today})

    def action_end(self):
        """The person goes back to his home unit (or his secondment ends otherwise)."""
        self._check_step(["active"], "dawa_staff.group_hr_officer")
        today = fields.Date.context_today(self)
        for secondment in self:
            values = {"state": "ended", "ended_date": today}
            if not secondment.date_end or secondment.date_end > today:
                values["date_end"] = today
            secondment._workflow_write(values)
