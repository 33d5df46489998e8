import secrets
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date
from odoo.tools import sql as tools_sql
from odoo.tools.i18n import format_list
from odoo.tools.translate import LazyTranslate

from ..tools import idnumbers, querycodes
from .dawa_seal_usage import in_ledger_turn

_lt = LazyTranslate(__name__)

# States in which the applicant still waits for a decision.
OPEN_STATES = ("received", "correction", "accepted", "review", "to_decide", "suspended")
# States in which the time limit runs (the clock stops while suspended).
CLOCK_STATES = ("accepted", "review", "to_decide")
# 工程建设项目审批管理系统 status codes of each state.
GONGAI_CODES = {
    "received": "1",
    "correction": "6",
    "accepted": "3",
    "not_accepted": "5",
    "review": "8",
    "to_decide": "8",
    "suspended": "9",
    "approved": "11",
    "denied": "13",
    "withdrawn": "14",
}
# States of a decided or ended case: its items, materials, applicant, decision and notes
# are frozen.
FROZEN_STATES = ("not_accepted", "approved", "denied", "withdrawn", "closed")
# Joint handling of several items: 45 working days (行政许可法 §42).
JOINT_STATUTORY_DAYS = 45
# The statutory limit may be extended once: by 10 working days, 15 for a joint case (§42).
EXTENSION_DAYS = 10
JOINT_EXTENSION_DAYS = 15
# States in which the statutory limit may be extended: the clock runs or is paused.
EXTENSION_STATES = ("accepted", "review", "to_decide", "suspended")
# The correction notice is due within 5 working days of receipt (行政许可法 §32).
CORRECTION_NOTICE_DAYS = 5
# Decisions waiting for delivery, due within 10 working days of the decision (§44).
DELIVERY_STATES = ("approved", "denied")
DELIVERY_DAYS = 10
# The document each decision is issued as, sealed when it is decided or by the seal keeper.
DECISION_DOCUMENT_TYPES = {
    "approved": "approval_decision",
    "denied": "denial_decision",
    "not_accepted": "not_accepted_notice",
}
# The activity types of the hand-offs from step to step (case_step: before one type per step).
STEP_ACTIVITY_TYPES = [
    f"dawa_approval.mail_activity_type_case_{step}"
    for step in ("step", "review", "review_again", "decide", "seal", "deliver")
]
# Delivery particulars the clerk writes before delivering, still writable on a decided case
# until it is closed.
DELIVERY_FIELDS = ("delivery_method", "delivery_recipient", "delivery_tracking_ref")
# Cases read per query by the daily deadline refresh.
DEADLINE_BATCH = 1000
ID_ERRORS = {
    "length": _lt("it must have 18 characters"),
    "format": _lt("it contains characters that are not allowed"),
    "checksum": _lt("its check digit is wrong"),
    "birth_date": _lt("its birth date is not a real date"),
}


def _normalize_id_number(number):
    """A resident ID or credit code as stored: no spaces or hyphens, upper case."""
    return idnumbers.normalize_uscc(idnumbers.normalize_resident_id(number))


def deadline_state(calendar, today, deadline, threshold):
    """``normal``, ``warning`` (≤ ``threshold`` working days left) or ``overdue``; a case
    whose clock does not run (no ``deadline``) is normal."""
    if not deadline:
        return "normal"
    if today > deadline:
        return "overdue"
    if calendar.count(today, deadline) <= threshold:
        return "warning"
    return "normal"


def case_deadlines(calendar, start, promised_days, statutory_days, suspended_workdays,
                   extended_days=0):
    """(promised, statutory) deadlines of a clock started on ``start``: the working days of
    the limits plus those spent in special procedures (行政许可法 §45); an extension (§42)
    moves the statutory deadline only."""
    return (calendar.add(start, promised_days + suspended_workdays),
            calendar.add(start, statutory_days + extended_days + suspended_workdays))


def case_deadline_values(calendar, start, promised_days, statutory_days, suspended_workdays,
                         extended_days, delivery_from):
    """Every deadline of a case, as field values: promised and statutory deadlines of a
    clock started on ``start``, delivery deadline of a decision taken on ``delivery_from``
    (§44), and whether one of them falls in a year whose holidays are not confirmed yet."""
    promised = statutory = delivery = False
    if start:
        promised, statutory = case_deadlines(
            calendar, start, promised_days, statutory_days, suspended_workdays, extended_days)
    if delivery_from:
        delivery = calendar.add(delivery_from, DELIVERY_DAYS)
    return {
        "promised_deadline": promised,
        "statutory_deadline": statutory,
        "delivery_deadline": delivery,
        "deadline_provisional": any(
            deadline and calendar.is_provisional(deadline)
            for deadline in (promised, statutory, delivery)),
    }


def running_deadline(state, deemed_accepted, promised_deadline, delivery_deadline):
    """The deadline a case in ``state`` is working against: the promised one while its clock
    runs, the delivery one while its decision waits for delivery, none otherwise."""
    if state in CLOCK_STATES or (state == "received" and deemed_accepted):
        return promised_deadline
    if state in DELIVERY_STATES:
        return delivery_deadline
    return None


class DawaApprovalCase(models.Model):
    """办件: one application, one number, one window, one decision."""

    _name = "dawa.approval.case"
    _description = "Approval Case"
    _inherit = [
        "mail.thread", "mail.activity.mixin", "dawa.workflow.mixin",
        # documents: QR code of the public page, printed notices and decisions
        "dawa.qr.mixin", "dawa.approval.case.document",
    ]
    _order = "id desc"
    # SPEC §5 "Integrity": written only by the action methods (dawa.workflow.mixin)
    _workflow_fields = (
        "name", "state", "decision", "decision_date", "decision_ref",
        "received_date", "correction_date", "accepted_date", "review_date",
        "suspension_start_date", "delivery_date", "closed_date",
        "clock_start_date", "deemed_accepted", "suspended_workdays",
        "promised_days", "statutory_days", "promised_deadline", "statutory_deadline",
        "extended_days", "extension_date", "extension_user_id",
        "delivery_deadline", "deadline_provisional",
        "deadline_state", "on_time", "decision_workdays", "on_time_rate",
        "reviewer_id", "approver_id", "uscc_override_user_id",
        "rating", "rating_comment", "rating_date", "access_token", "query_code",
        "submitted_date", "decision_user_id", "sealed", "sealed_date", "seal_user_id",
        # 一网通办 (dawa_approval_case_online.py)
        "online_form_key", "fee_paid_date", "fee_receipt_ref", "fee_paid_user_id",
        "publicity_deadline", "published_date",
    )
    _workflow_frozen_states = FROZEN_STATES

    name = fields.Char(
        string="Application Number", required=True, readonly=True, copy=False, index=True,
        default=lambda self: self.env._("New"),
    )
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(
        [
            ("received", "Received"),
            ("correction", "Awaiting Correction"),
            ("accepted", "Accepted"),
            ("not_accepted", "Not Accepted"),
            ("review", "Under Review"),
            ("to_decide", "To Decide"),
            ("suspended", "Special Procedure"),
            ("approved", "Approved"),
            ("denied", "Denied"),
            ("withdrawn", "Withdrawn"),
            ("closed", "Closed"),
        ],
        required=True, default="received", readonly=True, copy=False, index=True, tracking=True,
        group_expand="_expand_desk_states",
    )
    gongai_code = fields.Char(
        string="Status Code", compute="_compute_gongai_code",
        help="Status code reported to the provincial platform.",
    )
    channel = fields.Selection(
        [("window", "Window"), ("online", "Online"), ("app", "Mobile App"), ("mail", "Mail")],
        required=True, default="window", tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Handler", default=lambda self: self.env.user, index=True,
        tracking=True, domain=lambda self: [
            ("groups_id", "in", self.env.ref("dawa_approval.group_window_clerk").id)],
    )
    reviewer_id = fields.Many2one("res.users", readonly=True, tracking=True)
    approver_id = fields.Many2one("res.users", readonly=True, tracking=True)

    # Applicant
    applicant_type = fields.Selection(
        [("person", "Natural Person"), ("organization", "Legal Person or Organisation")],
        required=True, default="organization",
    )
    # trigram: the desk searches a part of the name (ilike) among a million cases
    applicant_name = fields.Char(required=True, tracking=True, index="trigram")
    # Personal data (SPEC §5): the raw values are stored in fields only managers may read,
    # search or group by; everybody reads them through the computed fields below, which
    # give the raw value to the case's handler, reviewer and approver and the masked one to
    # the others, and which can only be searched by the whole number.
    applicant_id_number = fields.Char(
        string="ID Number", compute="_compute_personal_data",
        inverse="_inverse_applicant_id_number", search="_search_applicant_id_number",
        help="Resident identity card number of a person, unified social credit code of an "
        "organisation. Shown in full only to the handler, reviewer and approver of the case "
        "and to bureau managers; search it by the whole number.",
    )
    applicant_phone = fields.Char(
        string="Phone", compute="_compute_personal_data", inverse="_inverse_applicant_phone",
        search="_search_applicant_phone",
        help="Shown in full only to the handler, reviewer and approver of the case and to "
        "bureau managers; search it by the whole number.",
    )
    applicant_id_number_raw = fields.Char(
        string="ID Number (stored)", groups="dawa_approval.group_manager", index=True,
        copy=False)
    applicant_phone_raw = fields.Char(
        string="Phone (stored)", groups="dawa_approval.group_manager", index=True, copy=False)
    can_see_personal_data = fields.Boolean(compute="_compute_personal_data")
    partner_id = fields.Many2one("res.partner", string="Contact", index=True)
    uscc_override = fields.Boolean(
        string="Accept Code Failing the Checksum",
        help="Some legal pilot-era unified social credit codes fail the GB 32100 checksum. "
        "A reviewer may accept such a code after checking the licence, with a reason.",
    )
    uscc_override_reason = fields.Text(string="Reason for Accepting the Code")
    uscc_override_user_id = fields.Many2one(
        "res.users", string="Code Accepted By", readonly=True, copy=False)

    # Items and materials
    line_ids = fields.One2many(
        "dawa.approval.case.line", "case_id", string="Items", copy=True,
        readonly=False,
    )
    item_ids = fields.Many2many(
        "dawa.approval.item", string="Approval Items", compute="_compute_item_ids",
        search="_search_item_ids",
    )
    main_item_id = fields.Many2one(
        "dawa.approval.item", compute="_compute_main_item_id", store=True,
        index=True,
    )
    agency_id = fields.Many2one(
        "dawa.agency", string="Original Department", related="main_item_id.source_agency_id",
        store=True, index=True,
    )
    is_joint = fields.Boolean(string="Joint Case", compute="_compute_main_item_id", store=True)
    is_instant = fields.Boolean(
        string="Instant Case", compute="_compute_is_instant",
        help="Every item of the case is an instant item (即办件): it may be decided right after "
        "acceptance, without a review step.")
    material_ids = fields.One2many(
        "dawa.approval.case.material", "case_id", string="Materials", copy=False)
    missing_material_count = fields.Integer(compute="_compute_missing_material_count")
    tolerance_open = fields.Boolean(
        string="Tolerated Materials Pending", compute="_compute_missing_material_count",
        help="The case was accepted while some materials were tolerated (容缺) and are not "
        "provided yet.",
    )

    # Notes written before the step that needs them
    correction_note = fields.Text(
        help="What the applicant must correct or add, besides the missing materials listed.")
    decision_note = fields.Text(
        help="Reasons of a non-acceptance or a denial, given to the applicant in writing.")
    review_opinion = fields.Text(
        tracking=True,
        help="The reviewer's findings and proposed decision, submitted to the approver and "
        "printed on the internal approval sheet.")
    return_reason = fields.Text(
        tracking=True,
        help="Why the approver sends the case back to the reviewer.")
    suspension_reason = fields.Text(
        string="Special Procedure",
        help="The special procedure (hearing, expert review, testing…) the case waits for.")
    withdrawal_reason = fields.Text()
    extension_reason = fields.Text(
        tracking=True,
        help="Why the decision cannot be taken within the statutory time limit; printed on "
        "the extension notice (Administrative Licensing Law, art. 42).")
    note = fields.Html(string="Internal Notes")

    # Dates and deadlines, in working days
    received_date = fields.Date(
        default=lambda self: self._bureau_today(), required=True, readonly=True, copy=False,
        index=True)
    correction_date = fields.Date(string="Correction Notice Date", readonly=True, copy=False)
    accepted_date = fields.Date(readonly=True, copy=False, index=True, tracking=True)
    review_date = fields.Date(string="Review Started", readonly=True, copy=False)
    submitted_date = fields.Date(string="Opinion Submitted", readonly=True, copy=False)
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
        "res.users", string="Extension Approved By", readonly=True, copy=False)
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
    deadline_state = fields.Selection(
        [("normal", "On Time"), ("warning", "Due Soon"), ("overdue", "Overdue")],
        default="normal", required=True, readonly=True, copy=False, index=True, tracking=True,
    )
    decision = fields.Selection(
        [("approved", "Approved"), ("denied", "Denied"), ("not_accepted", "Not Accepted")],
        readonly=True, copy=False, index=True,
        help="The decision issued on the case; kept after delivery, when the case is closed.",
    )
    decision_date = fields.Date(readonly=True, copy=False, index=True)
    decision_ref = fields.Char(string="Decision Number", readonly=True, copy=False)
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
    decision_user_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False,
        help="The user who issued the decision: the approver, or the clerk who refused to "
        "accept the application.")
    sealed = fields.Boolean(
        readonly=True, copy=False, index=True, tracking=True,
        help="The decision bears the approval seal and its seal ledger line is written: at "
        "once with an electronic approval seal in use, otherwise when the seal keeper "
        "confirms it. Delivery needs it.")
    sealed_date = fields.Date(readonly=True, copy=False)
    seal_user_id = fields.Many2one("res.users", string="Sealed By", readonly=True, copy=False)
    delivery_method = fields.Selection(
        [("window", "Collected at the Window"), ("mail", "By Mail"),
         ("electronic", "Electronic Delivery")],
        tracking=True, copy=False,
        help="How the decision reaches the applicant; printed on the proof of delivery.")
    delivery_recipient = fields.Char(
        tracking=True, copy=False,
        help="The person who receives the decision (the applicant or an authorised agent).")
    delivery_tracking_ref = fields.Char(
        string="Tracking Number", tracking=True, copy=False,
        help="The postal tracking number of a decision delivered by mail.")
    delivery_date = fields.Date(readonly=True, copy=False)
    closed_date = fields.Date(readonly=True, copy=False)

    # Public page and rating (好差评, 国办发〔2019〕51号)
    # nobody reads the key but the code printing it (QR code, notice; sudo there)
    access_token = fields.Char(
        copy=False, readonly=True, groups="base.group_system",
        default=lambda self: secrets.token_urlsafe(32),
        help="Random key of the public page of the case (QR code on the acceptance notice).",
    )
    # typed by the applicant from the paper notice (/dawa/query) with the application number
    query_code = fields.Char(
        readonly=True, copy=False, index=True,
        groups="dawa_approval.group_window_clerk",
        help="Code printed on the acceptance notice: with the application number it opens the "
        "public page of the case without the QR code.",
    )
    rating = fields.Selection(
        [
            ("5", "Very Satisfied"),
            ("4", "Satisfied"),
            ("3", "Fair"),
            ("2", "Dissatisfied"),
            ("1", "Very Dissatisfied"),
        ],
        readonly=True, copy=False, index=True, tracking=True,
        help="The applicant's rating of the service, given once after the decision.",
    )
    rating_comment = fields.Text(readonly=True, copy=False)
    rating_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        ("name_unique", "unique(name)", "Another case already has this application number."),
        ("access_token_unique", "unique(access_token)", "Another case already has this key."),
        ("query_code_unique", "unique(query_code)", "Another case already has this query code."),
    ]

    def init(self):
        """Indexes of the desk, lists and dashboard among a million cases
        (benchmarks/bench_scale.py): a trigram index on the application number beside its
        b-tree (the search box looks for a part of it, or of the applicant's name), the open
        cases by promised deadline (a partial index that stays small while the closed cases
        pile up) and the dashboard's figures (a covering index)."""
        result = super().init()
        if self.env.registry.has_trigram:
            tools_sql.create_index(self.env.cr, "dawa_approval_case_name_trgm_index",
                                   self._table, ["name gin_trgm_ops"], method="gin")
        tools_sql.create_index(
            self.env.cr, "dawa_approval_case_open_deadline_index", self._table,
            ["promised_deadline", "id DESC"],
            where=f"state IN ({', '.join(repr(state) for state in OPEN_STATES)})")
        # the dashboard's one grouped query reads these columns of every case (and active,
        # the ORM's filter): from this index (index-only scan, a tenth of the table) rather
        # than from the table itself
        if not tools_sql.index_exists(self.env.cr, "dawa_approval_case_statistics_index"):
            self.env.cr.execute(SQL(
                "CREATE INDEX dawa_approval_case_statistics_index ON %s (agency_id, "
                "main_item_id, state, decision, deadline_state, on_time, rating) "
                "INCLUDE (accepted_date, decision_workdays, active)",
                SQL.identifier(self._table)))
        return result

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    def _expand_desk_states(self, states, domain):
        """Kanban columns of the window desk: always the clerk's own steps (receipts,
        corrections, decisions to deliver), the other steps only when the search found cases
        in them, in the order a case goes; four columns fit a 1440 px screen."""
        steps = ["received", "correction", "accepted", "review", "to_decide", "suspended",
                 "approved", "denied"]
        always = {"received", "correction", "approved", "denied"}
        return [state for state in steps if state in always or state in states] + [
            state for state in states if state not in steps]

    @api.depends("state", "tolerance_open")
    def _compute_gongai_code(self):
        for case in self:
            code = GONGAI_CODES.get(case.state, "")
            if case.state == "approved" and case.tolerance_open:
                code = "12"
            case.gongai_code = code

    @api.depends_context("uid")
    @api.depends("applicant_id_number_raw", "applicant_phone_raw",
                 "user_id", "reviewer_id", "approver_id")
    def _compute_personal_data(self):
        may_see_all = self.env.su or self.env.user.has_group("dawa_approval.group_manager")
        # sudo: the raw values are read here, and only here, for the users who may see them
        for case, raw in zip(self, self.sudo(), strict=True):
            case.can_see_personal_data = may_see_all or not case.id or (
                self.env.user in (case.user_id | case.reviewer_id | case.approver_id))
            if case.can_see_personal_data:
                case.applicant_id_number = raw.applicant_id_number_raw
                case.applicant_phone = raw.applicant_phone_raw
            else:
                case.applicant_id_number = idnumbers.mask(raw.applicant_id_number_raw) or False
                case.applicant_phone = idnumbers.mask(raw.applicant_phone_raw, 3, 4) or False

    def _inverse_applicant_id_number(self):
        self._write_personal_data("applicant_id_number", "applicant_id_number_raw")

    def _inverse_applicant_phone(self):
        self._write_personal_data("applicant_phone", "applicant_phone_raw")

    def _write_personal_data(self, field_name, raw_name):
        """Store what the user typed; a value he may not see he may not overwrite either."""
        for case in self:
            # sudo: the raw field is hidden from everybody but managers
            raw = case.sudo()
            if raw[raw_name] and not case.can_see_personal_data:
                raise UserError(self.env._(
                    "Only the handler, the reviewer and the approver of %(case)s may change "
                    "the applicant's %(field)s.",
                    case=case.name,
                    field=self._fields[field_name]._description_string(self.env)))
            raw[raw_name] = case[field_name] or False

    def _search_applicant_id_number(self, operator, value):
        return self._search_personal_data(
            "applicant_id_number_raw", operator, value, normalize=_normalize_id_number)

    def _search_applicant_phone(self, operator, value):
        return self._search_personal_data("applicant_phone_raw", operator, value)

    def _search_personal_data(self, raw_name, operator, value, normalize=str.strip):
        """Personal data is found by its whole value only: no partial, negated or empty
        search that would let a user list or guess it digit by digit."""
        if operator != "=" or not isinstance(value, str) or not value.strip():
            raise UserError(self.env._(
                "ID numbers and phone numbers can only be searched by the whole number."))
        # sudo: an exact match reveals nothing the user did not type; the record rules
        # still apply to the search that uses this domain
        ids = self.sudo().with_context(active_test=False)._search(
            [(raw_name, "=", normalize(value))])
        return [("id", "in", ids)]

    @api.depends("line_ids.item_id")
    def _compute_item_ids(self):
        for case in self:
            case.item_ids = case.line_ids.item_id

    @api.depends("line_ids.sequence", "line_ids.item_id")
    def _compute_main_item_id(self):
        for case in self:
            items = case.line_ids.sorted("sequence").item_id
            case.main_item_id = items[:1]
            case.is_joint = len(items) > 1

    @api.depends("line_ids.case_kind")
    def _compute_is_instant(self):
        for case in self:
            case.is_instant = bool(case.line_ids) and all(
                kind == "instant" for kind in case.line_ids.mapped("case_kind"))

    def _search_item_ids(self, operator, value):
        return [("line_ids.item_id", operator, value)]

    @api.depends("material_ids.provided", "material_ids.tolerated", "material_ids.required")
    def _compute_missing_material_count(self):
        for case in self:
            case.missing_material_count = len(case.material_ids._filter_missing())
            case.tolerance_open = any(
                m.tolerated and not m.provided for m in case.material_ids)

    @api.depends("line_ids.item_id.promised_days", "line_ids.item_id.statutory_days")
    def _compute_limits(self):
        for case in self:
            items = case.line_ids.item_id
            case.promised_days = max(items.mapped("promised_days"), default=0)
            statutory = max(items.mapped("statutory_days"), default=0)
            case.statutory_days = JOINT_STATUTORY_DAYS if len(items) > 1 else statutory

    @api.depends("clock_start_date", "promised_days", "statutory_days", "suspended_workdays",
                 "extended_days", "decision", "decision_date")
    def _compute_deadlines(self):
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            case.update(case_deadline_values(
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
            case.decision_workdays = max(
                calendar.count(case.clock_start_date, case.decision_date)
                - case.suspended_workdays, 0) if decided else 0

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("applicant_type", "applicant_id_number_raw", "uscc_override")
    def _check_applicant_id_number(self):
        # sudo: the identifiers are checked whoever writes the case, even a user who may
        # not read them back
        for case in self.sudo():
            number = case.applicant_id_number_raw
            if not number:
                continue
            if case.applicant_type == "person":
                error = idnumbers.resident_id_error(number)
                if error:
                    raise ValidationError(self.env._(
                        "The identity card number %(number)s is not valid: %(reason)s.",
                        number=number, reason=self.env._(ID_ERRORS[error])))
            elif idnumbers.uscc_error(number) and not case.uscc_override:
                raise ValidationError(self.env._(
                    "The unified social credit code %(number)s fails its check (GB 32100). "
                    "Check it against the business licence; if the licence really bears this "
                    "code, a reviewer may accept it with a reason.",
                    number=number))

    @api.constrains("delivery_date", "decision_date")
    def _check_delivery_date(self):
        for case in self:
            if case.delivery_date and (
                    not case.decision_date or case.delivery_date < case.decision_date):
                raise ValidationError(self.env._(
                    "%(case)s cannot be delivered before its decision is issued.",
                    case=case.name))

    @api.constrains("applicant_name")
    def _check_applicant_name(self):
        for case in self:
            if not (case.applicant_name or "").strip():
                raise ValidationError(self.env._("Enter the applicant's name."))

    @api.constrains("uscc_override", "uscc_override_reason")
    def _check_uscc_override_reason(self):
        for case in self:
            if case.uscc_override and not (case.uscc_override_reason or "").strip():
                raise ValidationError(self.env._(
                    "Give the reason for accepting a code that fails its check."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._prepare_personal_vals(vals)
        cases = super().create(vals_list)
        cases.filtered("uscc_override")._workflow_write({"uscc_override_user_id": self.env.uid})
        return cases

    def write(self, vals):
        self._prepare_personal_vals(vals)
        if "active" in vals and not self.env.su and not self.env.user.has_group(
                "dawa_approval.group_manager"):
            raise UserError(self.env._("Only a bureau manager may archive a case."))
        if set(DELIVERY_FIELDS) & set(vals):
            delivered = self.filtered(lambda case: case.state == "closed")
            if delivered:
                raise UserError(self.env._(
                    "%(case)s was delivered on %(date)s: its delivery particulars can no "
                    "longer be changed.",
                    case=delivered[0].name, date=format_date(self.env, delivered[0].delivery_date)))
        result = super().write(vals)
        if vals.get("uscc_override"):
            self._workflow_write({"uscc_override_user_id": self.env.uid})
        return result

    @api.model
    def _fill_workflow_create_vals(self, vals_list):
        """Number the new cases (一号申请)."""
        new = self.env._("New")
        unnumbered = [vals for vals in vals_list if vals.get("name", new) == new]
        for vals, number in zip(unnumbered, self._get_application_numbers(len(unnumbered)),
                                strict=True):
            vals["name"] = number
        for vals in vals_list:
            # the applicant's code for /dawa/query (only a superuser may bring one, e.g. an import)
            if not vals.get("query_code"):
                vals["query_code"] = querycodes.new_code()

    def _get_writable_when_frozen(self):
        # a bureau manager still archives decided cases; the clerk writes how a decision
        # is delivered (refused once the case is closed, see write())
        return super()._get_writable_when_frozen() | {"active", *DELIVERY_FIELDS}

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._(
            "Cases are never deleted; a bureau manager may archive them."))

    def _prepare_personal_vals(self, vals):
        """Normalise identifiers; only reviewers accept a failing credit code."""
        if vals.get("applicant_id_number"):
            vals["applicant_id_number"] = _normalize_id_number(vals["applicant_id_number"])
        if vals.get("uscc_override"):
            if not self.env.su and not self.env.user.has_group("dawa_approval.group_reviewer"):
                raise UserError(self.env._(
                    "Only a reviewer may accept a credit code that fails its check."))

    @api.model
    def _get_application_numbers(self, count):
        """``count`` unified application numbers (一号申请) from the case sequence, drawn in
        one query when the sequence is a plain PostgreSQL one."""
        if not count:
            return []
        # sudo: clerks number cases without reading the sequence configuration
        sequence = self.env["ir.sequence"].sudo().search(
            [("code", "=", "dawa.approval.case"),
             ("company_id", "in", [self.env.company.id, False])],
            order="company_id", limit=1)
        if not sequence:
            raise UserError(self.env._("The case number sequence is missing."))
        pg_name = f"ir_sequence_{sequence.id:03d}"
        if sequence.use_date_range:
            # DW202612000001: the numbers restart each month of the bureau's calendar
            date_range = self._get_application_number_range(sequence, self._bureau_today())
            pg_name = f"{pg_name}_{date_range.id:03d}"
            sequence = sequence.with_context(ir_sequence_date_range=date_range.date_from)
            if sequence.implementation != "standard":
                return [date_range._next() for _i in range(count)]
        elif sequence.implementation != "standard":
            return [sequence._next() for _i in range(count)]
        self.env.cr.execute(SQL(
            "SELECT nextval(%s) FROM generate_series(1, %s)", pg_name, count))
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]

    @api.model
    def _get_application_number_range(self, sequence, day):
        """The monthly date range of the case sequence that ``day`` falls in, made on the
        first case of the month (Odoo makes yearly ones). Two clerks numbering the month's
        first case at the same moment both update the sequence's row: the second one waits,
        then fails with a serialization error that Odoo retries, and finds the range."""
        # sudo: clerks number cases without managing the sequences
        Range = self.env["ir.sequence.date_range"].sudo()
        date_range = Range.search([("sequence_id", "=", sequence.id), ("date_from", "<=", day),
                                   ("date_to", ">=", day)], limit=1)
        if date_range:
            return date_range
        self.env.cr.execute(SQL(
            "UPDATE ir_sequence SET write_date = now() at time zone 'UTC' WHERE id = %s",
            sequence.id))
        first = day.replace(day=1)
        return Range.create({
            "sequence_id": sequence.id,
            "date_from": first,
            "date_to": first + relativedelta(months=1, days=-1),
            "number_next_actual": 1,
        })

    def _sync_materials(self):
        """One material check line per material of the case's items, a copy of the
        catalogue as it stood when the application was received. Called by the lines
        whenever an item is added, changed or removed."""
        existing = {(m.case_id.id, m.item_material_id.id): m for m in self.material_ids}
        wanted = set()
        to_create = []
        for case in self:
            for material in case.line_ids.item_id.material_ids:
                wanted.add((case.id, material.id))
                if (case.id, material.id) not in existing:
                    to_create.append({
                        "case_id": case.id,
                        "item_material_id": material.id,
                        "item_id": material.item_id.id,
                        "sequence": material.sequence,
                        "name": material.name,
                        "required": material.required,
                        "tolerance_allowed": material.tolerance_allowed,
                        "provided": False,
                        "tolerated": False,
                    })
        obsolete = self.env["dawa.approval.case.material"].union(*(
            line for key, line in existing.items() if key not in wanted))
        # sudo: the material checks are a copy of the catalogue, which clerks cannot
        # create or delete by hand
        obsolete.sudo().unlink()
        self.env["dawa.approval.case.material"].sudo().create(to_create)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_request_correction(self):
        """Send the one-time notice of everything the applicant must add (一次性告知)."""
        self._check_step(["received"], "dawa_approval.group_window_clerk")
        today = self._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            notice_due = case._get_correction_notice_due(calendar)
            if case.deemed_accepted or today > notice_due:
                raise UserError(self.env._(
                    "%(case)s was received on %(received)s: a correction notice had to be sent "
                    "by %(due)s, within 5 working days. Since none was sent in time, the "
                    "application counts as accepted from the day it was received "
                    "(Administrative Licensing Law, art. 32) and can no longer be sent back "
                    "for correction: accept it.",
                    case=case.name, received=format_date(self.env, case.received_date),
                    due=format_date(self.env, notice_due)))
        for case in self:
            missing = case.material_ids._filter_missing()
            if not missing and not (case.correction_note or "").strip():
                raise UserError(self.env._(
                    "%(case)s misses no material: write what must be corrected in the "
                    "correction note first.", case=case.name))
            case.message_post(body=case._get_correction_summary(missing))
        self._workflow_write({"state": "correction", "correction_date": today})

    def action_accept(self):
        self._check_step(["received", "correction"], "dawa_approval.group_window_clerk")
        self._check_acceptable()
        self.line_ids._check_item_acceptable()
        for case in self:
            missing = case.material_ids._filter_missing()
            if missing:
                raise UserError(self.env._(
                    "%(case)s cannot be accepted: these required materials are neither "
                    "provided nor tolerated: %(materials)s. Request a correction instead.",
                    case=case.name, materials=format_list(self.env, missing.mapped("name"))))
        today = self._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            # §32: no correction notice within 5 working days, accepted from the day of receipt
            deemed = case.deemed_accepted or (
                not case.correction_date and today > case._get_correction_notice_due(calendar))
            case._workflow_write({
                "state": "accepted",
                "accepted_date": today,
                "deemed_accepted": deemed,
                "clock_start_date": case.received_date if deemed else today,
            })
        self._hand_off("reviewer_id", "dawa_approval.group_reviewer", "review")

    @in_ledger_turn
    def action_not_accept(self):
        self._check_step(["received", "correction"], "dawa_approval.group_window_clerk")
        self._require_note("decision_note", self.env._("the reasons for not accepting"))
        self._decide("not_accepted", "not_accepted_notice")

    def action_start_review(self):
        self._check_step(["accepted"], "dawa_approval.group_reviewer")
        self._workflow_write({
            "state": "review",
            "reviewer_id": self.env.uid,
            "review_date": self._bureau_today(),
        })
        self._done_step_activities()

    def action_submit(self):
        """Hand the reviewer's opinion to the approvers (审查 → 待决定)."""
        self._check_step(["review"], "dawa_approval.group_reviewer")
        self._require_note("review_opinion", self.env._("the review opinion"))
        today = self._bureau_today()
        for case in self:
            case._workflow_write({
                "state": "to_decide",
                "reviewer_id": case.reviewer_id.id or self.env.uid,
                "submitted_date": today,
            })
        self._hand_off("approver_id", "dawa_approval.group_approver", "decide")

    def action_return(self):
        """Send the case back to its reviewer (待决定 → 审查), with the reason."""
        self._check_step(["to_decide"], "dawa_approval.group_approver")
        self._require_note("return_reason", self.env._("the reason for sending it back"))
        self._workflow_write({"state": "review"})
        for case in self:
            case.message_post(body=self.env._(
                "Sent back to the reviewer: %(reason)s", reason=case.return_reason.strip()))
        self._hand_off("reviewer_id", "dawa_approval.group_reviewer", "review_again")

    @in_ledger_turn
    def action_seal(self):
        """The seal keeper puts the approval seal on the decisions waiting in 待用印 and
        writes their ledger lines (operator: himself; approver: who decided)."""
        self._check_step(list(DECISION_DOCUMENT_TYPES), "dawa_approval.group_seal_keeper")
        done = self.filtered("sealed")
        if done:
            raise UserError(self.env._(
                "The decision of %(case)s was already sealed on %(date)s.",
                case=done[0].name, date=format_date(self.env, done[0].sealed_date)))
        self.env["dawa.seal.usage"]._lock_chain()
        Seal = self.env["dawa.seal"]
        for decision, code in DECISION_DOCUMENT_TYPES.items():
            cases = self.filtered(lambda case, decision=decision: case.decision == decision)
            if cases:
                document_type = self.env.ref(f"dawa_approval.document_type_{code}")
                cases._seal(Seal._get_approval_seal(document_type), document_type)

    def action_suspend(self):
        self._check_step(["accepted", "review", "to_decide"], "dawa_approval.group_reviewer")
        self._require_note("suspension_reason", self.env._("the special procedure"))
        self._workflow_write({
            "state": "suspended",
            "suspension_start_date": self._bureau_today(),
        })

    def action_resume(self):
        self._check_step(["suspended"], "dawa_approval.group_reviewer")
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        today = self._bureau_today()
        for case in self:
            case._workflow_write({
                "state": "review",
                "suspended_workdays": case.suspended_workdays
                + calendar.count(case.suspension_start_date, today),
                "suspension_start_date": False,
            })

    @in_ledger_turn
    def action_approve(self):
        self._check_decidable()
        self._decide("approved", "approval_decision")

    @in_ledger_turn
    def action_deny(self):
        self._check_decidable()
        self._require_note("decision_note", self.env._("the reasons for the denial"))
        self._decide("denied", "denial_decision")

    def action_provide_all_materials(self):
        """全部已收: every material of the case was handed in."""
        self._check_step(["received", "correction", "accepted", "review", "to_decide",
                          "suspended", "approved"], "dawa_approval.group_window_clerk")
        self.material_ids.filtered(lambda material: not material.provided).write(
            {"provided": True})

    def action_withdraw(self):
        self._check_step(list(OPEN_STATES), "dawa_approval.group_window_clerk")
        self._require_note("withdrawal_reason", self.env._("the applicant's withdrawal request"))
        self._workflow_write({"state": "withdrawn", "closed_date": self._bureau_today()})
        self._refresh_deadlines(self.ids)

    def action_deliver(self):
        self._check_step(["approved", "denied"], "dawa_approval.group_window_clerk")
        unsealed = self.filtered(lambda case: not case.sealed)
        if unsealed:
            raise UserError(self.env._(
                "The decision of %(case)s is not sealed yet: the seal keeper must seal it "
                "before it is delivered.", case=unsealed[0].name))
        self._require_note("delivery_recipient", self.env._("who receives the decision"))
        for case in self:
            if not case.delivery_method:
                raise UserError(self.env._(
                    "Choose how the decision of %(case)s is delivered first.", case=case.name))
            if case.delivery_method == "mail" and not (case.delivery_tracking_ref or "").strip():
                raise UserError(self.env._(
                    "Enter the postal tracking number of %(case)s first.", case=case.name))
        today = self._bureau_today()
        early = self.filtered(lambda case: today < case.decision_date)
        if early:
            raise UserError(self.env._(
                "%(case)s cannot be delivered before its decision is issued (%(date)s).",
                case=early[0].name, date=format_date(self.env, early[0].decision_date)))
        self._workflow_write({"state": "closed", "delivery_date": today, "closed_date": today})
        self._done_step_activities()
        self._refresh_deadlines(self.ids)

    def action_extend(self):
        """Extend the statutory time limit once, before it ends (行政许可法 §42): by 10
        working days, 15 for a joint case; the extension notice (延期告知书) gives the
        applicant the reason and the new deadline."""
        self._check_step(list(EXTENSION_STATES), "dawa_approval.group_approver")
        self._require_note("extension_reason", self.env._("the reason for the extension"))
        today = self._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            if case.extended_days:
                raise UserError(self.env._(
                    "The time limit of %(case)s was already extended on %(date)s: the law "
                    "allows one extension only (Administrative Licensing Law, art. 42).",
                    case=case.name, date=format_date(self.env, case.extension_date)))
            deadline = case._get_running_statutory_deadline(calendar, today)
            if deadline and today > deadline:
                raise UserError(self.env._(
                    "The statutory time limit of %(case)s ended on %(deadline)s: it can only "
                    "be extended before it ends (Administrative Licensing Law, art. 42).",
                    case=case.name, deadline=format_date(self.env, deadline)))
        for case in self:
            case._workflow_write({
                "extended_days": JOINT_EXTENSION_DAYS if case.is_joint else EXTENSION_DAYS,
                "extension_date": today,
                "extension_user_id": self.env.uid,
            })
            case.message_post(body=self.env._(
                "Statutory time limit extended by %(days)s working days (Administrative "
                "Licensing Law, art. 42): the decision is now due by %(deadline)s. "
                "Reason: %(reason)s",
                days=case.extended_days,
                deadline=format_date(self.env, case.statutory_deadline),
                reason=case.extension_reason.strip()))
        self._refresh_deadlines(self.ids)

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _decide(self, state, document_type_code):
        """Issue the decision: number it and, with an electronic approval seal in use, seal
        it at once and write the seal ledger; otherwise it waits for the seal keeper
        (待用印, ``action_seal``).

        Simultaneous decisions are issued one after the other: the seal ledger's lock is taken
        first (a decision that waited for another one is run again by Odoo with a fresh view
        of the database), so decision numbers have no gap and the ledger never forks."""
        self.env["dawa.seal.usage"]._lock_chain()
        document_type = self.env.ref(f"dawa_approval.document_type_{document_type_code}")
        Seal = self.env["dawa.seal"]
        electronic = Seal._get_electronic_seal(document_type)
        if not electronic:
            # the seal keeper will need the approval seal: refuse a decision it cannot bear
            Seal._get_approval_seal(document_type)
        today = self._bureau_today()
        values = {"state": state, "decision": state, "decision_date": today,
                  "decision_user_id": self.env.uid}
        if state != "not_accepted":
            values["approver_id"] = self.env.uid
        for case, number in zip(self, self._get_decision_numbers(document_type_code, today),
                                strict=True):
            case._workflow_write({**values, "decision_ref": number})
        if electronic:
            self._seal(electronic, document_type)
        else:
            self._hand_off(None, "dawa_approval.group_seal_keeper", "seal")
        self._refresh_deadlines(self.ids)  # from the decision on, the delivery deadline (§44)
        self._on_decision()

    def _seal(self, seal, document_type):
        """Put ``seal`` on the decisions of ``self`` (all of ``document_type``): one ledger
        line each, then the decisions wait for delivery. Callers hold the ledger's lock."""
        today = self._bureau_today()
        self.env["dawa.seal.usage"]._append([{
            "seal_id": seal.id,
            "case_id": case.id,
            "document_type_id": document_type.id,
            "document_ref": case.decision_ref,
            "operator_id": self.env.uid,
            "approver_id": (case.approver_id or case.decision_user_id).id or self.env.uid,
        } for case in self])
        self._workflow_write({"sealed": True, "sealed_date": today, "seal_user_id": self.env.uid})
        deliverable = self.filtered(lambda case: case.state in DELIVERY_STATES)
        deliverable._hand_off("user_id", "dawa_approval.group_window_clerk", "deliver")
        (self - deliverable)._done_step_activities()

    def _check_decidable(self):
        """The approver decides on a submitted review opinion (待决定); an instant item
        (即办件) only may be decided straight after acceptance."""
        self._check_step(["accepted", "to_decide"], "dawa_approval.group_approver")
        unreviewed = self.filtered(
            lambda case: case.state == "accepted" and not case.is_instant)
        if unreviewed:
            raise UserError(self.env._(
                "%(case)s must be reviewed first: only instant items are decided straight "
                "after acceptance. A reviewer submits the review opinion, then you decide.",
                case=unreviewed[0].name))

    def _hand_off(self, user_field, group, step):
        """Mark the previous step's activities done and schedule the next step's: for the
        person assigned in ``user_field``, or for every user of ``group`` when nobody is
        assigned; one batched create. The activity has the type of ``step`` and no summary,
        so it reads in the language of its assignee (the type's name is translated)."""
        self._done_step_activities()
        activity_type = self.env.ref(f"dawa_approval.mail_activity_type_case_{step}")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = self._bureau_today()
        group_users = None
        vals_list = []
        for case in self:
            users = case[user_field] if user_field else self.env["res.users"]
            if not users:
                if group_users is None:
                    # sudo: a clerk may not read the members of a group
                    group_users = self.env.ref(group).sudo().users.filtered(
                        lambda user: user.active and not user.share)
                users = group_users
            vals_list += [{
                "res_model_id": model_id,
                "res_id": case.id,
                "activity_type_id": activity_type.id,
                "date_deadline": today,
                "user_id": user.id,
                "automated": True,  # found and marked done by the next step
            } for user in users]
        # sudo: the activity goes to another role, which the user may not assign work to
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True, dawa_hand_off=True).create(vals_list)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """A hand-off's activities do not make their assignees followers of the case (mail
        does so for each assignee, a few queries each): a whole group would then be told of
        every message of every case it was once asked to look at. The activity and the
        queue are how the next role learns of the case."""
        if self.env.context.get("dawa_hand_off"):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _done_step_activities(self):
        """The step is taken: per case, the step activity of the user who took it (or of
        the first assignee) is marked done, those of the rest of the group are dropped."""
        # sudo: the step may have been assigned to somebody else of the group
        activities = self.sudo().activity_search(STEP_ACTIVITY_TYPES)
        done = self.env["mail.activity"]
        for case_id in set(activities.mapped("res_id")):
            of_case = activities.filtered(
                lambda activity, case_id=case_id: activity.res_id == case_id)
            done |= (of_case.filtered(lambda activity: activity.user_id == self.env.user)
                     or of_case)[:1]
        (activities - done).unlink()
        done.action_feedback()

    def _on_decision(self):
        """Hook called once the decision is issued (sealed at once with an electronic
        seal, or waiting for the seal keeper); returns nothing.

        Overridden by dawa_supervision (审批结果推送: the approvals are pushed to their
        supervising departments in the same transaction)."""

    def _get_decision_numbers(self, document_type_code, day):
        """One decision number per case in ``self`` (GB/T 9704: 大洼审批许字〔2026〕106号), from
        the gapless sequence of the document type, restarting each year (that of ``day``).
        Callers hold the seal ledger's lock, so no other transaction draws meanwhile."""
        # sudo: deciding users draw numbers without managing the sequences
        Sequence = self.env["ir.sequence"].sudo()
        numbers = [Sequence.next_by_code(f"dawa.approval.{document_type_code}", sequence_date=day)
                   for _case in self]
        if not all(numbers):
            raise UserError(self.env._(
                "The numbering of %(document)s is missing: an administrator must restore it.",
                document=self.env.ref(
                    f"dawa_approval.document_type_{document_type_code}").name))
        return numbers

    def _check_acceptable(self):
        """An application names at least one item and the applicant's ID number."""
        for case in self:
            if not case.line_ids:
                raise UserError(self.env._(
                    "%(case)s cannot be accepted: choose the approval items applied for first.",
                    case=case.name))
            # sudo: the check needs the number, not the user's right to read it
            if not case.sudo().applicant_id_number_raw:
                raise UserError(self.env._(
                    "%(case)s cannot be accepted: enter the applicant's ID number (resident "
                    "identity card or unified social credit code) first.", case=case.name))

    def _get_correction_notice_due(self, calendar):
        """The last day of the correction notice: 5 working days after receipt (§32)."""
        self.ensure_one()
        return calendar.add(self.received_date, CORRECTION_NOTICE_DAYS)

    def _get_delivery_from(self):
        """The day the delivery time limit starts (§44): the day of an approval or a denial."""
        self.ensure_one()
        return self.decision in DELIVERY_STATES and self.decision_date

    def _get_running_statutory_deadline(self, calendar, today):
        """The statutory deadline as it stands ``today``: a special procedure under way
        pauses the clock, so its working days so far push the deadline back (§45)."""
        self.ensure_one()
        if not self.clock_start_date:
            return False
        if self.state != "suspended" or not self.suspension_start_date:
            return self.statutory_deadline
        ongoing = calendar.count(self.suspension_start_date, today)
        return case_deadlines(
            calendar, self.clock_start_date, self.promised_days, self.statutory_days,
            self.suspended_workdays + ongoing, self.extended_days)[1]

    def _bureau_today(self):
        """Today in the bureau's time zone (see ``dawa.holiday._bureau_today``)."""
        return self.env["dawa.holiday"]._bureau_today()

    def _bureau_date(self, value):
        """The bureau's calendar day of a UTC datetime."""
        return self.env["dawa.holiday"]._bureau_date(value)

    def _require_note(self, field_name, label):
        missing = self.filtered(lambda case: not (case[field_name] or "").strip())
        if missing:
            raise UserError(self.env._(
                "Write %(what)s on %(case)s first.", what=label, case=missing[0].name))

    def _get_correction_summary(self, missing):
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            "dawa_approval.dawa_approval_case_correction_message",
            {"case": self, "missing": missing},
        )

    @api.model
    def _cron_refresh_deadlines(self):
        """Daily, in the bureau's day: mark the received cases deemed accepted from their
        day of receipt (§32), recompute the deadlines of every case still working against
        one with today's calendar (an administrator may have entered next year's holidays
        since), refresh their deadline state and tell the handlers of cases turning late.
        Only what changed is written."""
        today = self._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        deemed = defaultdict(list)
        for case in self.search([("state", "=", "received"), ("deemed_accepted", "=", False)]):
            if today > case._get_correction_notice_due(calendar):
                deemed[case.received_date].append(case.id)
        for received_date, ids in deemed.items():
            self.browse(ids)._workflow_write(
                {"deemed_accepted": True, "clock_start_date": received_date})
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
    def _get_deadline_warning_days(self):
        """Working days left from which a deadline is due soon (即将到期), the bureau's
        setting; the cases' and the supervision records' deadline states use it."""
        # sudo: a setting every user's deadlines depend on
        return int(self.env["ir.config_parameter"].sudo().get_param(
            "dawa_approval.deadline_warning_days", 3))

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
                new = case_deadline_values(
                    calendar, start, promised_days, statutory_days, suspended, extended,
                    delivery_from)
                values = {
                    name: value for (name, value), old in zip(new.items(), stored, strict=True)
                    if value != (old or False)
                }
                running = running_deadline(
                    state, deemed, new["promised_deadline"], new["delivery_deadline"])
                new_state = deadline_state(calendar, today, running, threshold)
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

    # ------------------------------------------------------------------
    # public page (QR code of the acceptance notice; dawa.qr.mixin)
    # ------------------------------------------------------------------

    def _get_qr_url(self):
        self.ensure_one()
        # sudo: the token is hidden from most users, but it is printed for the applicant
        return f"{self._get_public_base_url()}/dawa/case/{self.sudo().access_token}"
