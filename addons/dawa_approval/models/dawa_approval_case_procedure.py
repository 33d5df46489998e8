from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..tools import deadlines
from .dawa_approval_item import MAX_TIME_LIMIT_DAYS

# States from which a special procedure starts: the clock runs.
SUSPENDABLE_STATES = ("accepted", "review", "to_decide")


class DawaApprovalCaseProcedure(models.AbstractModel):
    """The special procedures of a case (特别程序, 行政许可法 §45): "依法需要听证、招标、拍卖、
    检验、检测、检疫、鉴定和专家评审的，所需时间不计算在本节规定的期限内。行政机关应当将所需时间
    书面告知申请人。"

    - A suspension names one of the special procedures its items declare in the catalogue
      (``suspension_procedure_id``; their kinds are those of §45 and nothing else) and
      takes at most that procedure's declared working days (``max_days``): that time is
      what the 特别程序告知书 tells the applicant in writing.
    - Beyond it, the time is no longer left out of the time limit: the daily refresh ends
      the procedure on the day after its last day and the clock runs again, unless a bureau
      leader extended it before, with a reason (``action_extend_procedure()``), which the
      notice then prints.
    See ``docs/law.md`` (§45)."""

    _name = "dawa.approval.case.procedure"
    _description = "Case Special Procedures"

    suspension_procedure_id = fields.Many2one(
        "dawa.approval.item.procedure", string="Special Procedure Needed", copy=False,
        tracking=True,
        help="One of the special procedures the items of the case declare in the catalogue "
        "(Administrative Licensing Law, art. 45): its time is not counted in the time limit, "
        "up to the working days it declares.")
    suspension_reason = fields.Text(
        string="Special Procedure Details",
        help="What the procedure is about (who holds the hearing, which test, which experts); "
        "printed on the special procedure notice.")
    procedure_start_date = fields.Date(
        string="Special Procedure Started", readonly=True, copy=False,
        help="The day the last special procedure started; kept after it ended, for its "
        "notice.")
    procedure_allowed_days = fields.Integer(
        string="Special Procedure Working Days", readonly=True, copy=False, aggregator=None,
        help="The working days the special procedure may take: its declared maximum, plus "
        "the days a bureau leader added. They are told to the applicant in writing.")
    procedure_end_date = fields.Date(
        string="Special Procedure Ends", readonly=True, copy=False,
        help="The last day of the special procedure: from the next day, the time limit runs "
        "again.")
    procedure_extension_days = fields.Integer(
        string="Working Days to Add", copy=False, aggregator=None,
        help="How many working days a bureau leader adds to the special procedure under way.")
    procedure_extension_reason = fields.Text(
        string="Reason for Extending the Procedure", copy=False,
        help="Why the special procedure needs more time than its declared maximum; printed "
        "on the special procedure notice.")
    procedure_extended_days = fields.Integer(
        string="Special Procedure Extension", readonly=True, copy=False, aggregator=None,
        tracking=True,
        help="Working days a bureau leader added to the special procedure under way.")
    procedure_extension_user_id = fields.Many2one(
        "res.users", string="Procedure Extension Approved By", readonly=True, copy=False)
    procedure_extension_date = fields.Date(
        string="Procedure Extended On", readonly=True, copy=False)
    suspension_ref = fields.Char(
        string="Special Procedure Notice Number", readonly=True, copy=False,
        help="Document number of the special procedure notice (大洼审批特字〔2026〕1号), given "
        "when the procedure starts.")

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "procedure_start_date", "procedure_allowed_days", "procedure_end_date",
            "procedure_extended_days", "procedure_extension_user_id",
            "procedure_extension_date", "suspension_ref",
        ]

    @api.constrains("procedure_extension_days")
    def _check_procedure_extension_days(self):
        for case in self:
            if not 0 <= case.procedure_extension_days <= MAX_TIME_LIMIT_DAYS:
                raise ValidationError(self.env._(
                    "%(case)s: the working days added to a special procedure must be from 0 "
                    "to %(maximum)s.", case=case.name, maximum=MAX_TIME_LIMIT_DAYS))

    def write(self, vals):
        # the notice told the applicant which procedure and why: fixed while it runs
        if {"suspension_procedure_id", "suspension_reason"} & set(vals):
            running = self.filtered(lambda case: case.state == "suspended")
            if running:
                raise UserError(self.env._(
                    "The special procedure of %(case)s is under way and its notice was "
                    "issued: the procedure and its details can no longer be changed. End it "
                    "first.", case=running[0].name))
        return super().write(vals)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_suspend(self):
        """Start the special procedure named on the case (§45): the clock stops for at most
        the working days the procedure declares, and the 特别程序告知书 tells the applicant
        that time in writing."""
        self._check_step(list(SUSPENDABLE_STATES), "dawa_approval.group_reviewer")
        for case in self:
            case._check_suspension_procedure()
        today = self._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            allowed = case.suspension_procedure_id.max_days
            case._workflow_write({
                "state": "suspended",
                "suspension_start_date": today,
                "procedure_start_date": today,
                "procedure_allowed_days": allowed,
                "procedure_end_date": deadlines.procedure_end(calendar, today, allowed),
                "procedure_extended_days": 0,
                "procedure_extension_user_id": False,
                "procedure_extension_date": False,
            })
            case.message_post(body=self.env._(
                "Special procedure started (Administrative Licensing Law, art. 45): "
                "%(procedure)s, at most %(days)s working days, until %(end)s. Its time is not "
                "counted in the time limit; the applicant is told in writing (notice "
                "%(number)s).",
                procedure=case.suspension_procedure_id.display_name,
                days=allowed, end=format_date(self.env, case.procedure_end_date),
                number=case.suspension_ref))

    def action_resume(self):
        """End the special procedure: the clock runs again; the working days it took are
        left out of the time limit, up to the time the applicant was told (§45)."""
        self._check_step(["suspended"], "dawa_approval.group_reviewer")
        self._end_procedure(self._bureau_today())

    def action_extend_procedure(self):
        """A bureau leader gives the special procedure under way more working days than its
        declared maximum, with a reason, before it ends; the notice prints them."""
        self._check_step(["suspended"], "dawa_approval.group_manager")
        self._require_note("procedure_extension_reason",
                           self.env._("the reason for extending the special procedure"))
        today = self._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            if case.procedure_extension_days <= 0:
                raise UserError(self.env._(
                    "Enter how many working days the special procedure of %(case)s needs in "
                    "addition first.", case=case.name))
            if case.procedure_end_date and today > case.procedure_end_date:
                raise UserError(self.env._(
                    "The special procedure of %(case)s ended on %(date)s: it can only be "
                    "extended before it ends (Administrative Licensing Law, art. 45).",
                    case=case.name, date=format_date(self.env, case.procedure_end_date)))
            if case.procedure_allowed_days + case.procedure_extension_days \
                    > MAX_TIME_LIMIT_DAYS:
                raise UserError(self.env._(
                    "A special procedure of %(case)s cannot take more than %(maximum)s working "
                    "days.", case=case.name, maximum=MAX_TIME_LIMIT_DAYS))
        for case in self:
            added = case.procedure_extension_days
            allowed = case.procedure_allowed_days + added
            case._workflow_write({
                "procedure_allowed_days": allowed,
                "procedure_extended_days": case.procedure_extended_days + added,
                "procedure_end_date": deadlines.procedure_end(
                    calendar, case.procedure_start_date, allowed),
                "procedure_extension_user_id": self.env.uid,
                "procedure_extension_date": today,
            })
            case.message_post(body=self.env._(
                "Special procedure extended by %(days)s working days, until %(end)s "
                "(Administrative Licensing Law, art. 45). Reason: %(reason)s",
                days=added, end=format_date(self.env, case.procedure_end_date),
                reason=case.procedure_extension_reason.strip()))
            case.procedure_extension_days = 0

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _check_suspension_procedure(self):
        """The procedure named is one the case's items declare, of a kind of §45, with the
        working days it takes."""
        self.ensure_one()
        procedure = self.suspension_procedure_id
        if not procedure:
            raise UserError(self.env._(
                "%(case)s: choose the special procedure the application needs first (one of "
                "those its items declare: hearing, tendering, auction, inspection, testing, "
                "quarantine, appraisal or expert review, Administrative Licensing Law, art. "
                "45).", case=self.name))
        if procedure.item_id not in self.line_ids.item_id:
            raise UserError(self.env._(
                "%(case)s: the special procedure “%(procedure)s” is not one of those the items "
                "of the case declare.", case=self.name, procedure=procedure.display_name))
        if procedure.max_days <= 0:
            raise UserError(self.env._(
                "%(case)s: the special procedure “%(procedure)s” declares no time in the "
                "catalogue, and the applicant must be told in writing the time it needs "
                "(Administrative Licensing Law, art. 45): the catalogue administrator enters "
                "its maximum working days first.",
                case=self.name, procedure=procedure.display_name))

    def _get_procedure_days_counted(self, calendar, today):
        """Working days of the special procedure under way left out of the time limit on
        ``today``: at most the time the applicant was told (§45)."""
        self.ensure_one()
        if self.state != "suspended" or not self.suspension_start_date:
            return 0
        return deadlines.procedure_days_counted(
            calendar, self.suspension_start_date, today, self.procedure_allowed_days)

    def _end_procedure(self, today):
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            case._workflow_write({
                "state": "review",
                "suspended_workdays": case.suspended_workdays
                + case._get_procedure_days_counted(calendar, today),
                "suspension_start_date": False,
            })
        self._refresh_deadlines(self.ids)

    @api.model
    def _end_overdue_procedures(self, today):
        """The special procedures past their last day end: beyond the time told to the
        applicant the clock runs again (§45); the handler reads why in the chatter."""
        cases = self.search([("state", "=", "suspended"), ("procedure_end_date", "<", today)])
        for case in cases:
            case._end_procedure(today)
            case.message_post(body=self.env._(
                "The special procedure ended on %(date)s, the last day of the time told to "
                "the applicant: the time limit runs again (Administrative Licensing Law, art. "
                "45). A bureau leader may extend a procedure before its last day.",
                date=format_date(self.env, case.procedure_end_date)))
        return cases
