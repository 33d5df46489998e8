from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools import sql as tools_sql

from ..tools import deadlines

# States in which the applicant still waits for a decision.
OPEN_STATES = ("received", "correction", "accepted", "review", "to_decide", "suspended")
# States in which the time limit runs (the clock stops while suspended).
CLOCK_STATES = ("accepted", "review", "to_decide")
# Decisions waiting for delivery, due within 10 working days of the decision (§44).
DELIVERY_STATES = ("approved", "denied")
# Reasons and references a step recorded, fixed once it is taken: field -> the field that
# says the step was taken (§42: the extension and the approval it rests on; §26: the mark).
RECORDED_NOTES = {
    "extension_reason": "extended_days",
    "extension_government_ref": "extended_days",
    "joint_handling_reason": "joint_handling_marked",
}
# Cases read per query by the daily deadline refresh.
DEADLINE_BATCH = 1000


def running_deadline(state, deemed_accepted, promised_deadline, delivery_deadline):
    """The deadline a case in ``state`` is working against: the promised one while its clock
    runs, the delivery one while its decision waits for delivery, none otherwise."""
    if state in CLOCK_STATES or (state == "received" and deemed_accepted):
        return promised_deadline
    if state in DELIVERY_STATES:
        return delivery_deadline
    return None


class DawaApprovalCaseDeadline(models.AbstractModel):
    """The time limits of a case in working days (行政许可法 §§32, 42, 44, 45; the
    arithmetic is in ``tools/deadlines.py``): when the clock starts, the promised and
    statutory deadlines, the days of special procedures and of the one extension, the
    delivery deadline, whether a deadline is provisional, whether the decision was on time,
    and the daily refresh that keeps them and the deadline state in line with the calendar.

    The deadline state follows the deadline the case works against (``running_deadline``):
    the promised one while its clock runs, the delivery one while its decision waits to be
    delivered."""

    _name = "dawa.approval.case.deadline"
    _inherit = ["dawa.deadline.mixin"]
    _description = "Case Deadlines"
    _deadline_field = "promised_deadline"

    clock_start_date = fields.Date(
        readonly=True, copy=False,
        help="The day the time limit starts: acceptance, or the day of receipt when no "
        "correction notice was sent within 5 working days (deemed accepted).",
    )
    deemed_accepted = fields.Boolean(
        readonly=True, copy=False,
        help="No correction notice was sent within 5 working days of receipt: the application "
        "counts as accepted from the day it was received (Administrative Licensing Law, "
        "art. 32).",
    )
    promised_days = fields.Integer(compute="_compute_limits", store=True, aggregator=None)
    statutory_days = fields.Integer(compute="_compute_limits", store=True, aggregator=None)
    suspension_start_date = fields.Date(readonly=True, copy=False)
    suspended_workdays = fields.Integer(
        readonly=True, copy=False,
        help="Working days spent in special procedures; they do not count in the time limit.")
    extended_days = fields.Integer(
        string="Extension", readonly=True, copy=False, tracking=True, aggregator=None,
        help="Working days added to the statutory time limit by the one extension the law "
        "allows: 10, or 15 for a joint case (Administrative Licensing Law, art. 42).")
    extension_date = fields.Date(readonly=True, copy=False)
    extension_user_id = fields.Many2one(
        "res.users", string="Extension Approved By", readonly=True, copy=False, tracking=True,
        help="The head of the bureau who approved the extension (Administrative Licensing "
        "Law, art. 42, paragraph 1).")
    extension_government_ref = fields.Char(
        string="District Government Approval", copy=False, tracking=True,
        help="A case handled jointly is extended with the approval of the head of the "
        "district government (Administrative Licensing Law, art. 42, paragraph 2): the "
        "number and date of that written approval, printed on the extension notice.")
    joint_handling = fields.Boolean(
        compute="_compute_limits", store=True, index=True,
        help="Handled jointly (统一/联合/集中办理, Administrative Licensing Law, art. 26 and art. "
        "42, paragraph 2): items of at least two different original departments, or marked so "
        "by a bureau leader. Its time limit is 45 working days, extended by 15.")
    joint_handling_marked = fields.Boolean(
        string="Marked as Joint Handling", readonly=True, copy=False, tracking=True,
        help="A bureau leader marked the case as handled jointly, with the reason below.")
    joint_handling_reason = fields.Text(
        copy=False, tracking=True,
        help="Why the case is handled jointly although its items are of one original "
        "department; written before a leader marks it.")
    joint_handling_user_id = fields.Many2one(
        "res.users", string="Marked Joint By", readonly=True, copy=False)
    joint_handling_date = fields.Date(string="Marked Joint On", readonly=True, copy=False)
    promised_deadline = fields.Date(compute="_compute_deadlines", store=True, index=True)
    statutory_deadline = fields.Date(compute="_compute_deadlines", store=True)
    delivery_deadline = fields.Date(
        compute="_compute_deadlines", store=True,
        help="The decision must be delivered within 10 working days of its date "
        "(Administrative Licensing Law, art. 44).")
    deadline_provisional = fields.Boolean(
        string="Provisional Deadline", compute="_compute_deadlines", store=True, index=True,
        help="A deadline of this case falls in a year whose holidays and make-up workdays "
        "are not confirmed yet: it counts weekends only and is recomputed once the year is "
        "entered in the holiday calendar.")
    deadline_provisional_label = fields.Char(
        string="Deadline Calendar", compute="_compute_deadline_provisional_label")
    deadline_state = fields.Selection(tracking=True)
    on_time = fields.Boolean(
        compute="_compute_on_time", store=True,
        help="Decided no later than the promised deadline.")
    decision_workdays = fields.Integer(
        string="Working Days to Decision", compute="_compute_on_time", store=True,
        aggregator="avg")
    on_time_rate = fields.Float(
        string="On-time Rate (%)", compute="_compute_on_time", store=True, aggregator="avg",
        digits=(5, 1),
        help="100 for a decision taken by the promised deadline, 0 otherwise: its average "
        "over decided cases is their on-time rate.")

    def init(self):
        """The open cases by promised deadline among a million cases: a partial index that
        stays small while the closed cases pile up (``benchmarks/bench_scale.py``)."""
        result = super().init()
        if self._abstract:  # the concern's own model has no table
            return result
        tools_sql.create_index(
            self.env.cr, "dawa_approval_case_open_deadline_index", self._table,
            ["promised_deadline", "id DESC"],
            where=f"state IN ({', '.join(repr(state) for state in OPEN_STATES)})")
        return result

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    @api.depends("line_ids.item_id.promised_days", "line_ids.item_id.statutory_days",
                 "line_ids.item_id.source_agency_id", "joint_handling_marked")
    def _compute_limits(self):
        """§42 ¶2 with §26: 45 working days only for a case handled jointly — items of two
        original departments or more, or a leader's mark — never for several items of one
        department."""
        for case in self:
            items = case.line_ids.item_id
            case.joint_handling = deadlines.is_joint_handling(
                [item.source_agency_id.id for item in items], case.joint_handling_marked)
            case.promised_days = max(items.mapped("promised_days"), default=0)
            case.statutory_days = deadlines.case_statutory_days(
                items.mapped("statutory_days"), joint=case.joint_handling)

    @api.depends("clock_start_date", "promised_days", "statutory_days", "suspended_workdays",
                 "extended_days", "decision", "decision_date")
    def _compute_deadlines(self):
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            case.update(deadlines.case_deadline_values(
                calendar, case.clock_start_date, case.promised_days, case.statutory_days,
                case.suspended_workdays, case.extended_days, case._get_delivery_from()))

    @api.depends("deadline_provisional")
    def _compute_deadline_provisional_label(self):
        for case in self:
            case.deadline_provisional_label = case.deadline_provisional and self.env._(
                "Provisional")

    @api.depends("decision_date", "promised_deadline", "clock_start_date", "suspended_workdays")
    def _compute_on_time(self):
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            decided = case.decision_date and case.clock_start_date
            case.on_time = bool(decided and case.decision_date <= case.promised_deadline)
            case.on_time_rate = 100.0 if case.on_time else 0.0
            case.decision_workdays = deadlines.decision_workdays(
                calendar, case.clock_start_date, case.decision_date,
                case.suspended_workdays) if decided else 0

    @api.depends("deadline_state")
    def _compute_is_overdue(self):
        for case in self:
            case.is_overdue = case.deadline_state == deadlines.OVERDUE

    def _search_is_overdue(self, operator, value):
        overdue = (operator == "=") == bool(value)
        return [("deadline_state", "=" if overdue else "!=", deadlines.OVERDUE)]

    def write(self, vals):
        for name in set(RECORDED_NOTES) & set(vals):
            recorded = self.filtered(RECORDED_NOTES[name])
            if recorded:
                raise UserError(self.env._(
                    "%(field)s of %(case)s was recorded with the step it justifies and can no "
                    "longer be changed.",
                    field=self._fields[name]._description_string(self.env),
                    case=recorded[0].name))
        return super().write(vals)

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "clock_start_date", "deemed_accepted", "suspension_start_date", "suspended_workdays",
            "promised_days", "statutory_days", "promised_deadline", "statutory_deadline",
            "extended_days", "extension_date", "extension_user_id", "delivery_deadline",
            "joint_handling", "joint_handling_marked", "joint_handling_user_id",
            "joint_handling_date",
            "deadline_provisional", "on_time", "decision_workdays", "on_time_rate",
        ]

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _get_correction_notice_due(self, calendar):
        """The last day of the correction notice: 5 working days after receipt (§32)."""
        self.ensure_one()
        return deadlines.correction_notice_due(calendar, self.received_date)

    def _get_delivery_from(self):
        """The day the delivery time limit starts (§44): the day of an approval or a denial."""
        self.ensure_one()
        return self.decision in DELIVERY_STATES and self.decision_date

    def _get_running_statutory_deadline(self, calendar, today):
        """The statutory deadline as it stands ``today``: a special procedure under way
        pauses the clock, so its working days so far push the deadline back, up to the time
        the applicant was told (§45)."""
        self.ensure_one()
        if not self.clock_start_date:
            return False
        if self.state != "suspended" or not self.suspension_start_date:
            return self.statutory_deadline
        ongoing = self._get_procedure_days_counted(calendar, today)
        return deadlines.case_deadlines(
            calendar, self.clock_start_date, self.promised_days, self.statutory_days,
            self.suspended_workdays + ongoing, self.extended_days)[1]

    @api.model
    def _cron_refresh_deadlines(self):
        """Daily, in the bureau's day: mark the received cases deemed accepted from their
        day of receipt (§32), end the special procedures past the time told to the applicant
        (§45), recompute the deadlines of every case still working against
        one with today's calendar (an administrator may have entered next year's holidays
        since), refresh their deadline state and tell the handlers of cases turning late.
        Only what changed is written."""
        today = self._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        deemed = defaultdict(list)
        for case in self.search([("state", "=", "received"), ("deemed_accepted", "=", False)]):
            if deadlines.is_deemed_accepted(calendar, today, case.received_date):
                deemed[case.received_date].append(case.id)
        for received_date, ids in deemed.items():
            self.browse(ids)._workflow_write(
                {"deemed_accepted": True, "clock_start_date": received_date})
        self._end_overdue_procedures(today)
        self._refresh_deadlines()

    @api.model
    def _refresh_calendar_deadlines(self, first_day):
        """Recompute the deadlines a change of the holiday calendar may move: the provisional
        ones and those falling on or after ``first_day``."""
        cases = self.search([
            "|", "|", "|", ("deadline_provisional", "=", True),
            ("promised_deadline", ">=", first_day), ("statutory_deadline", ">=", first_day),
            ("delivery_deadline", ">=", first_day),
        ])
        if cases:
            self._refresh_deadlines(cases.ids)

    @api.model
    def _refresh_deadlines(self, case_ids=None):
        """Bring the deadlines and the deadline state of the cases ``case_ids`` (default:
        every case the daily refresh looks at) in line with the bureau's today and calendar,
        and schedule an activity for each case turning due soon or overdue. The changes are
        written in one batch per distinct set of values."""
        today = self._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        threshold = self._get_deadline_warning_days()
        changes = defaultdict(list)
        for case_id, values in self._iter_deadline_changes(
                calendar, today, threshold, case_ids=case_ids):
            changes[tuple(sorted(values.items()))].append(case_id)
        turning = defaultdict(list)
        # one prefetch for every changed case: the writes read them once, not once per group
        changed_ids = [case_id for ids in changes.values() for case_id in ids]
        for key, ids in changes.items():
            values = dict(key)
            self.browse(ids).with_prefetch(changed_ids)._workflow_write(values)
            if values.get("deadline_state") in ("warning", "overdue"):
                turning[values["deadline_state"]] += ids
        for deadline_state, ids in turning.items():
            self.browse(ids)._schedule_deadline_activity(deadline_state)

    @api.model
    def _iter_deadline_changes(self, calendar, today, threshold, batch_size=DEADLINE_BATCH,
                               case_ids=None):
        """(case id, changed values) of every case whose deadlines, provisional flag or
        deadline state differ from what is stored, reading the cases with one query per
        batch. The cases looked at: ``case_ids``, or by default the open ones and the
        decisions waiting for delivery, plus any other still marked late or provisional;
        archived cases are left alone."""
        if case_ids is None:
            scope = SQL(
                "AND (state IN %s OR deadline_state != 'normal' OR deadline_provisional)",
                OPEN_STATES + DELIVERY_STATES)
        elif case_ids:
            scope = SQL("AND id IN %s", tuple(case_ids))
        else:
            return
        self.flush_model()
        last_id = 0
        while True:
            self.env.cr.execute(SQL(
                """SELECT id, state, deemed_accepted, clock_start_date,
                          COALESCE(promised_days, 0), COALESCE(statutory_days, 0),
                          COALESCE(suspended_workdays, 0), COALESCE(extended_days, 0),
                          CASE WHEN decision IN %s THEN decision_date END,
                          promised_deadline, statutory_deadline, delivery_deadline,
                          COALESCE(deadline_provisional, FALSE), deadline_state
                     FROM dawa_approval_case
                    WHERE active AND id > %s %s
                 ORDER BY id LIMIT %s""",
                DELIVERY_STATES, last_id, scope, batch_size))
            rows = self.env.cr.fetchall()
            for (case_id, state, deemed, start, promised_days, statutory_days, suspended,
                 extended, delivery_from, *stored, current) in rows:
                new = deadlines.case_deadline_values(
                    calendar, start, promised_days, statutory_days, suspended, extended,
                    delivery_from)
                values = {
                    name: value for (name, value), old in zip(new.items(), stored, strict=True)
                    if value != (old or False)
                }
                running = running_deadline(
                    state, deemed, new["promised_deadline"], new["delivery_deadline"])
                new_state = deadlines.deadline_state(calendar, today, running, threshold)
                if new_state != current:
                    values["deadline_state"] = new_state
                if values:
                    yield case_id, values
            if len(rows) < batch_size:
                return
            last_id = rows[-1][0]

    def _schedule_deadline_activity(self, deadline_state):
        """One activity per case for its reviewer, or its handler, created in one batch;
        the assignees find them in their activity menu (no e-mail per activity). A decision
        waiting for delivery goes to the handler, who delivers it."""
        activity_type = self.env.ref("dawa_approval.mail_activity_type_case_deadline")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for case in self:
            delivering = case.state in DELIVERY_STATES
            if delivering:
                user = case.user_id or self.env.user
            else:
                user = case.reviewer_id or case.user_id or self.env.user
            deadline = running_deadline(
                case.state, case.deemed_accepted, case.promised_deadline,
                case.delivery_deadline)
            # the summary is read by the assignee: in his language, not the cron's
            env = self.with_context(lang=user.lang).env
            if delivering and deadline_state == "overdue":
                summary = env._("Delivery overdue since %(date)s", date=deadline)
            elif delivering:
                summary = env._("Deliver the decision by %(date)s", date=deadline)
            elif deadline_state == "overdue":
                summary = env._("Overdue since %(date)s", date=deadline)
            else:
                summary = env._("Due on %(date)s", date=deadline)
            vals_list.append({
                "res_model_id": model_id,
                "res_id": case.id,
                "activity_type_id": activity_type.id,
                "summary": summary,
                "date_deadline": deadline,
                "user_id": user.id,
            })
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
