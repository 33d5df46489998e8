import secrets
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.i18n import format_list
from odoo.tools.translate import LazyTranslate

from ..tools import idnumbers

_lt = LazyTranslate(__name__)

# States in which the applicant still waits for a decision.
OPEN_STATES = ("received", "correction", "accepted", "review", "suspended")
# States in which the time limit runs (the clock stops while suspended).
CLOCK_STATES = ("accepted", "review")
# 工程建设项目审批管理系统 status codes of each state.
GONGAI_CODES = {
    "received": "1",
    "correction": "6",
    "accepted": "3",
    "not_accepted": "5",
    "review": "8",
    "suspended": "9",
    "approved": "11",
    "denied": "13",
    "withdrawn": "14",
}
# Joint handling of several items: 45 working days (行政许可法 §42).
JOINT_STATUTORY_DAYS = 45
# The correction notice is due within 5 working days of receipt (行政许可法 §32).
CORRECTION_NOTICE_DAYS = 5
# Cases read per query by the daily deadline refresh.
DEADLINE_BATCH = 1000
ID_ERRORS = {
    "length": _lt("it must have 18 characters"),
    "format": _lt("it contains characters that are not allowed"),
    "checksum": _lt("its check digit is wrong"),
    "birth_date": _lt("its birth date is not a real date"),
}


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


def case_deadlines(calendar, start, promised_days, statutory_days, suspended_workdays):
    """(promised, statutory) deadlines of a clock started on ``start``: the working days of
    the limits plus those spent in special procedures (行政许可法 §45)."""
    return (calendar.add(start, promised_days + suspended_workdays),
            calendar.add(start, statutory_days + suspended_workdays))


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
    applicant_name = fields.Char(required=True, tracking=True)
    applicant_id_number = fields.Char(
        string="ID Number",
        groups="dawa_approval.group_window_clerk",
        help="Resident identity card number of a person, unified social credit code of an "
        "organisation.",
    )
    applicant_phone = fields.Char(string="Phone", groups="dawa_approval.group_window_clerk")
    applicant_id_number_masked = fields.Char(
        string="ID Number (masked)", compute="_compute_masked")
    applicant_phone_masked = fields.Char(string="Phone (masked)", compute="_compute_masked")
    can_see_personal_data = fields.Boolean(compute="_compute_masked")
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
    suspension_reason = fields.Text(
        string="Special Procedure",
        help="The special procedure (hearing, expert review, testing…) the case waits for.")
    withdrawal_reason = fields.Text()
    note = fields.Html(string="Internal Notes")

    # Dates and deadlines, in working days
    received_date = fields.Date(
        default=fields.Date.context_today, required=True, readonly=True, copy=False, index=True)
    correction_date = fields.Date(string="Correction Notice Date", readonly=True, copy=False)
    accepted_date = fields.Date(readonly=True, copy=False, index=True, tracking=True)
    review_date = fields.Date(string="Review Started", readonly=True, copy=False)
    clock_start_date = fields.Date(
        readonly=True, copy=False,
        help="The day the time limit starts: acceptance, or the 5th working day after receipt "
        "when no correction notice was sent in time (deemed accepted).",
    )
    deemed_accepted = fields.Boolean(
        readonly=True, copy=False,
        help="No correction notice was sent within 5 working days of receipt: the application "
        "counts as accepted from that day (Administrative Licensing Law, art. 32).",
    )
    promised_days = fields.Integer(compute="_compute_limits", store=True, aggregator=None)
    statutory_days = fields.Integer(compute="_compute_limits", store=True, aggregator=None)
    suspension_start_date = fields.Date(readonly=True, copy=False)
    suspended_workdays = fields.Integer(
        readonly=True, copy=False,
        help="Working days spent in special procedures; they do not count in the time limit.")
    promised_deadline = fields.Date(compute="_compute_deadlines", store=True, index=True)
    statutory_deadline = fields.Date(compute="_compute_deadlines", store=True)
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
    delivery_date = fields.Date(readonly=True, copy=False)
    closed_date = fields.Date(readonly=True, copy=False)

    # Public page and rating (好差评, 国办发〔2019〕51号)
    access_token = fields.Char(
        copy=False, readonly=True, groups="dawa_approval.group_window_clerk",
        default=lambda self: secrets.token_urlsafe(32),
        help="Random key of the public page of the case (QR code on the acceptance notice).",
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
    ]

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    def _expand_desk_states(self, states, domain):
        """Kanban columns of the window desk: the open steps in their order, then the
        decisions waiting to be delivered, then whatever else the search returned."""
        desk = [*OPEN_STATES, "approved", "denied"]
        return desk + [state for state in states if state not in desk]

    @api.depends("state", "tolerance_open")
    def _compute_gongai_code(self):
        for case in self:
            code = GONGAI_CODES.get(case.state, "")
            if case.state == "approved" and case.tolerance_open:
                code = "12"
            case.gongai_code = code

    @api.depends_context("uid")
    @api.depends("user_id", "reviewer_id", "approver_id")
    def _compute_masked(self):
        may_see_all = self.env.user.has_group("dawa_approval.group_manager")
        is_bureau = self.env.user.has_group("dawa_approval.group_window_clerk")
        # sudo: the masked values are computed for users who may not read the raw fields
        for case, raw in zip(self, self.sudo(), strict=True):
            handles = self.env.user in (case.user_id | case.reviewer_id | case.approver_id)
            case.can_see_personal_data = is_bureau and (
                may_see_all or handles or not case.id)
            if case.can_see_personal_data:
                case.applicant_id_number_masked = raw.applicant_id_number
                case.applicant_phone_masked = raw.applicant_phone
            else:
                case.applicant_id_number_masked = idnumbers.mask(raw.applicant_id_number)
                case.applicant_phone_masked = idnumbers.mask(raw.applicant_phone, 3, 4)

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

    @api.depends("clock_start_date", "promised_days", "statutory_days", "suspended_workdays")
    def _compute_deadlines(self):
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            if not case.clock_start_date:
                case.promised_deadline = case.statutory_deadline = False
                continue
            case.promised_deadline, case.statutory_deadline = case_deadlines(
                calendar, case.clock_start_date, case.promised_days, case.statutory_days,
                case.suspended_workdays)

    @api.depends("decision_date", "promised_deadline", "clock_start_date", "suspended_workdays")
    def _compute_on_time(self):
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            decided = case.decision_date and case.clock_start_date
            case.on_time = bool(decided and case.decision_date <= case.promised_deadline)
            case.decision_workdays = max(
                calendar.count(case.clock_start_date, case.decision_date)
                - case.suspended_workdays, 0) if decided else 0

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("applicant_type", "applicant_id_number", "uscc_override")
    def _check_applicant_id_number(self):
        # sudo: the identifiers are checked whoever writes the case, even a user who may
        # not read them back (the field is restricted to bureau staff)
        for case in self.sudo():
            number = case.applicant_id_number
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
        new = self.env._("New")
        unnumbered = [vals for vals in vals_list if vals.get("name", new) == new]
        for vals, number in zip(unnumbered, self._get_application_numbers(len(unnumbered)),
                                strict=True):
            vals["name"] = number
        for vals in vals_list:
            self._prepare_personal_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._prepare_personal_vals(vals)
        if "active" in vals and not self.env.su and not self.env.user.has_group(
                "dawa_approval.group_manager"):
            raise UserError(self.env._("Only a bureau manager may archive a case."))
        return super().write(vals)

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._(
            "Cases are never deleted; a bureau manager may archive them."))

    def _prepare_personal_vals(self, vals):
        """Normalise identifiers and record who accepted a failing credit code."""
        if vals.get("applicant_id_number"):
            vals["applicant_id_number"] = idnumbers.normalize_uscc(
                idnumbers.normalize_resident_id(vals["applicant_id_number"]))
        if vals.get("uscc_override"):
            if not self.env.su and not self.env.user.has_group("dawa_approval.group_reviewer"):
                raise UserError(self.env._(
                    "Only a reviewer may accept a credit code that fails its check."))
            vals["uscc_override_user_id"] = self.env.uid

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
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _i in range(count)]
        self.env.cr.execute(SQL(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            f"ir_sequence_{sequence.id:03d}", count))
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]

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
        obsolete.unlink()
        self.env["dawa.approval.case.material"].create(to_create)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_request_correction(self):
        """Send the one-time notice of everything the applicant must add (一次性告知)."""
        self._check_step(["received"], "dawa_approval.group_window_clerk")
        for case in self:
            missing = case.material_ids._filter_missing()
            if not missing and not (case.correction_note or "").strip():
                raise UserError(self.env._(
                    "%(case)s misses no material: write what must be corrected in the "
                    "correction note first.", case=case.name))
            case.message_post(body=case._get_correction_summary(missing))
        self.write({"state": "correction", "correction_date": fields.Date.context_today(self)})

    def action_accept(self):
        self._check_step(["received", "correction"], "dawa_approval.group_window_clerk")
        self.line_ids._check_item_acceptable()
        for case in self:
            missing = case.material_ids._filter_missing()
            if missing:
                raise UserError(self.env._(
                    "%(case)s cannot be accepted: these required materials are neither "
                    "provided nor tolerated: %(materials)s. Request a correction instead.",
                    case=case.name, materials=format_list(self.env, missing.mapped("name"))))
        today = fields.Date.context_today(self)
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            notice_due = case._get_correction_notice_due(calendar)
            deemed = not case.correction_date and today > notice_due
            case.write({
                "state": "accepted",
                "accepted_date": today,
                "deemed_accepted": deemed,
                "clock_start_date": notice_due if deemed else today,
            })

    def action_not_accept(self):
        self._check_step(["received", "correction"], "dawa_approval.group_window_clerk")
        self._require_note("decision_note", self.env._("the reasons for not accepting"))
        self._decide("not_accepted", "not_accepted_notice")

    def action_start_review(self):
        self._check_step(["accepted"], "dawa_approval.group_reviewer")
        self.write({
            "state": "review",
            "reviewer_id": self.env.uid,
            "review_date": fields.Date.context_today(self),
        })

    def action_suspend(self):
        self._check_step(["accepted", "review"], "dawa_approval.group_reviewer")
        self._require_note("suspension_reason", self.env._("the special procedure"))
        self.write({
            "state": "suspended",
            "suspension_start_date": fields.Date.context_today(self),
        })

    def action_resume(self):
        self._check_step(["suspended"], "dawa_approval.group_reviewer")
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        today = fields.Date.context_today(self)
        for case in self:
            case.write({
                "state": "review",
                "suspended_workdays": case.suspended_workdays
                + calendar.count(case.suspension_start_date, today),
                "suspension_start_date": False,
            })

    def action_approve(self):
        self._check_step(["accepted", "review"], "dawa_approval.group_approver")
        self._decide("approved", "approval_decision")

    def action_deny(self):
        self._check_step(["accepted", "review"], "dawa_approval.group_approver")
        self._require_note("decision_note", self.env._("the reasons for the denial"))
        self._decide("denied", "denial_decision")

    def action_withdraw(self):
        self._check_step(list(OPEN_STATES), "dawa_approval.group_window_clerk")
        self._require_note("withdrawal_reason", self.env._("the applicant's withdrawal request"))
        self.write({"state": "withdrawn", "closed_date": fields.Date.context_today(self)})

    def action_deliver(self):
        self._check_step(["approved", "denied"], "dawa_approval.group_window_clerk")
        today = fields.Date.context_today(self)
        self.write({"state": "closed", "delivery_date": today, "closed_date": today})

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _decide(self, state, document_type_code):
        """Issue the decision: number it, seal it and write the seal ledger.

        Simultaneous decisions are issued one after the other: the seal ledger's lock is taken
        first (a decision that waited for another one is run again by Odoo with a fresh view
        of the database), so decision numbers have no gap and the ledger never forks."""
        Usage = self.env["dawa.seal.usage"]
        Usage._lock_chain()
        document_type = self.env.ref(f"dawa_approval.document_type_{document_type_code}")
        seal = self.env["dawa.seal"]._get_approval_seal(document_type)
        today = fields.Date.context_today(self)
        values = {"state": state, "decision": state, "decision_date": today}
        if state != "not_accepted":
            values["approver_id"] = self.env.uid
        usages = []
        for case, number in zip(self, self._get_decision_numbers(document_type_code, today),
                                strict=True):
            case.write({**values, "decision_ref": number})
            usages.append({
                "seal_id": seal.id,
                "case_id": case.id,
                "document_type_id": document_type.id,
                "document_ref": number,
                "approver_id": case.approver_id.id or self.env.uid,
            })
        Usage._append(usages)

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

    def _get_correction_notice_due(self, calendar):
        """The last day of the correction notice: 5 working days after receipt (§32)."""
        self.ensure_one()
        return calendar.add(self.received_date, CORRECTION_NOTICE_DAYS)

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
        """Daily: mark the received cases deemed accepted, recompute the deadlines of every
        open case with today's calendar (an administrator may have entered next year's
        holidays since), refresh their deadline state and tell the handlers of cases
        turning late. Only what changed is written."""
        today = fields.Date.context_today(self)
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        # sudo: a setting every user's deadlines depend on
        threshold = int(self.env["ir.config_parameter"].sudo().get_param(
            "dawa_approval.deadline_warning_days", 3))
        for case in self.search([("state", "=", "received"), ("deemed_accepted", "=", False)]):
            notice_due = case._get_correction_notice_due(calendar)
            if today > notice_due:
                case.write({"deemed_accepted": True, "clock_start_date": notice_due})
        turning = defaultdict(list)
        for case_id, values in self._iter_deadline_changes(calendar, today, threshold):
            case = self.browse(case_id)
            case.write(values)
            if values.get("deadline_state") in ("warning", "overdue"):
                turning[values["deadline_state"]].append(case_id)
        for deadline_state, ids in turning.items():
            self.browse(ids)._schedule_deadline_activity(deadline_state)

    @api.model
    def _iter_deadline_changes(self, calendar, today, threshold, batch_size=DEADLINE_BATCH):
        """(case id, changed values) of every open case whose deadlines or deadline state
        differ from what is stored, reading the cases with one query per batch."""
        self.flush_model()
        last_id = 0
        while True:
            self.env.cr.execute(SQL(
                """SELECT id, clock_start_date, COALESCE(promised_days, 0),
                          COALESCE(statutory_days, 0), COALESCE(suspended_workdays, 0),
                          state IN %s OR (state = 'received' AND deemed_accepted),
                          promised_deadline, statutory_deadline, deadline_state
                     FROM dawa_approval_case
                    WHERE state IN %s AND active AND id > %s
                 ORDER BY id LIMIT %s""",
                CLOCK_STATES, OPEN_STATES, last_id, batch_size))
            rows = self.env.cr.fetchall()
            for (case_id, start, promised_days, statutory_days, suspended, clock_runs,
                 promised_deadline, statutory_deadline, current) in rows:
                values = {}
                promised = None
                if start:
                    promised, statutory = case_deadlines(
                        calendar, start, promised_days, statutory_days, suspended)
                    if promised != promised_deadline or statutory != statutory_deadline:
                        values = {"promised_deadline": promised,
                                  "statutory_deadline": statutory}
                new = deadline_state(calendar, today, clock_runs and promised, threshold)
                if new != current:
                    values["deadline_state"] = new
                if values:
                    yield case_id, values
            if len(rows) < batch_size:
                return
            last_id = rows[-1][0]

    def _schedule_deadline_activity(self, deadline_state):
        """One activity per case for its reviewer, or its handler, created in one batch;
        the assignees find them in their activity menu (no e-mail per activity)."""
        activity_type = self.env.ref("dawa_approval.mail_activity_type_case_deadline")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for case in self:
            user = case.reviewer_id or case.user_id or self.env.user
            # the summary is read by the assignee: in his language, not the cron's
            env = self.with_context(lang=user.lang).env
            if deadline_state == "overdue":
                summary = env._("Overdue since %(date)s", date=case.promised_deadline)
            else:
                summary = env._("Due on %(date)s", date=case.promised_deadline)
            vals_list.append({
                "res_model_id": model_id,
                "res_id": case.id,
                "activity_type_id": activity_type.id,
                "summary": summary,
                "date_deadline": case.promised_deadline,
                "user_id": user.id,
            })
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)

    # ------------------------------------------------------------------
    # public page (QR code of the acceptance notice; dawa.qr.mixin)
    # ------------------------------------------------------------------

    def _get_qr_url(self):
        self.ensure_one()
        # sudo: the token is hidden from most users, but it is printed for the applicant
        return f"{self.get_base_url()}/dawa/case/{self.sudo().access_token}"
