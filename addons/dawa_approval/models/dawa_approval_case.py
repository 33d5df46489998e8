from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date
from odoo.tools.i18n import format_list

from ..tools import deadlines
from .dawa_approval_case_deadline import DELIVERY_STATES, OPEN_STATES
from .dawa_seal_usage import in_ledger_turn

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
# States in which the statutory limit may be extended: the clock runs or is paused.
EXTENSION_STATES = ("accepted", "review", "to_decide", "suspended")
# The document each decision is issued as, sealed when it is decided or by the seal keeper.
DECISION_DOCUMENT_TYPES = {
    "approved": "approval_decision",
    "denied": "denial_decision",
    "not_accepted": "not_accepted_notice",
}
# Delivery particulars the clerk writes before delivering, still writable on a decided case
# until it is closed.
DELIVERY_FIELDS = ("delivery_method", "delivery_recipient", "delivery_tracking_ref")


class DawaApprovalCase(models.Model):
    """办件: one application, one number, one window, one decision.

    This file holds the case's own data (applicant, items, notes, the steps' dates, the
    decision, its sealing and delivery), its workflow and its actions. Each other concern is
    an abstract model of its own file, which declares its fields and adds its workflow
    fields to ``_get_workflow_fields()``: the time limits (``dawa.approval.case.deadline``),
    the numbers (``.numbering``), the applicant's personal data (``.personal``), the
    documents and QR code (``.document``), the online channel, fees and publicity
    (``.online``), the special procedures of §45 (``.procedure``), the public page and
    rating (``.rating``), the statistics
    (``.statistics``) and the hand-offs from step to step (``.handoff``); see
    ``docs/architecture.md``."""

    _name = "dawa.approval.case"
    _description = "Approval Case"
    # the concerns come first, so that their overrides of the hooks below them (the
    # hand-offs', the workflow's) and of mail's methods are the ones called
    _inherit = [
        "dawa.approval.case.online",
        "dawa.approval.case.rating",
        "dawa.approval.case.statistics",
        "dawa.approval.case.document",
        "dawa.approval.case.personal",
        "dawa.approval.case.numbering",
        "dawa.approval.case.procedure",
        "dawa.approval.case.deadline",
        "dawa.approval.case.handoff",
        "mail.thread", "mail.activity.mixin", "dawa.workflow.mixin",
    ]
    _order = "id desc"
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
    new_user_id = fields.Many2one(
        "res.users", string="New Handler", copy=False,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("dawa_approval.group_window_clerk").id)],
        help="The clerk the case is handed over to (Hand Over): its handler or a bureau "
        "manager chooses.")
    reviewer_id = fields.Many2one("res.users", readonly=True, tracking=True)
    approver_id = fields.Many2one("res.users", readonly=True, tracking=True)
    # Applicant
    applicant_type = fields.Selection(
        [("person", "Natural Person"), ("organization", "Legal Person or Organisation")],
        required=True, default="organization",
    )
    # trigram: the desk searches a part of the name (ilike) among a million cases
    applicant_name = fields.Char(required=True, tracking=True, index="trigram")
    partner_id = fields.Many2one("res.partner", string="Contact", index=True)
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
    can_withdraw = fields.Boolean(
        compute="_compute_can_withdraw",
        help="You record the applicant's withdrawal of this case at the window: you handle "
        "it, nobody does yet, or you lead the bureau.")
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
    withdrawal_reason = fields.Text()
    extension_reason = fields.Text(
        tracking=True,
        help="Why the decision cannot be taken within the statutory time limit; printed on "
        "the extension notice (Administrative Licensing Law, art. 42).")
    note = fields.Html(string="Internal Notes")

    # Dates of the steps
    received_date = fields.Date(
        default=lambda self: self._bureau_today(), required=True, readonly=True, copy=False,
        index=True)
    correction_date = fields.Date(string="Correction Notice Date", readonly=True, copy=False)
    accepted_date = fields.Date(readonly=True, copy=False, index=True, tracking=True)
    review_date = fields.Date(string="Review Started", readonly=True, copy=False)
    submitted_date = fields.Date(string="Opinion Submitted", readonly=True, copy=False)

    # Decision, seal and delivery
    decision = fields.Selection(
        [("approved", "Approved"), ("denied", "Denied"), ("not_accepted", "Not Accepted")],
        readonly=True, copy=False, index=True,
        help="The decision issued on the case; kept after delivery, when the case is closed.",
    )
    decision_date = fields.Date(readonly=True, copy=False, index=True)
    decision_ref = fields.Char(string="Decision Number", readonly=True, copy=False)
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

    _sql_constraints = [
        ("name_unique", "unique(name)", "Another case already has this application number."),
    ]

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

    @api.depends("state", "user_id")
    @api.depends_context("uid")
    def _compute_can_withdraw(self):
        user = self.env.user
        clerk = user.has_group("dawa_approval.group_window_clerk")
        manager = user.has_group("dawa_approval.group_manager")
        for case in self:
            case.can_withdraw = case.state in OPEN_STATES and clerk and (
                manager or not case.user_id or case.user_id == user)

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

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        default_active = self.env.context.get("default_active", True)
        if any(not vals.get("active", default_active) for vals in vals_list):
            self._check_archive_right()
        return super().create(vals_list)

    def write(self, vals):
        if "active" in vals:
            self._check_archive_right()
        if set(DELIVERY_FIELDS) & set(vals):
            delivered = self.filtered(lambda case: case.state == "closed")
            if delivered:
                raise UserError(self.env._(
                    "%(case)s was delivered on %(date)s: its delivery particulars can no "
                    "longer be changed.",
                    case=delivered[0].name, date=format_date(self.env, delivered[0].delivery_date)))
        return super().write(vals)

    def _check_archive_right(self):
        if not self.env.su and not self.env.user.has_group("dawa_approval.group_manager"):
            raise UserError(self.env._("Only a bureau manager may archive a case."))

    def _get_writable_when_frozen(self):
        # a bureau manager still archives decided cases; the clerk writes how a decision
        # is delivered (refused once the case is closed, see write())
        return super()._get_writable_when_frozen() | {"active", "new_user_id", *DELIVERY_FIELDS}

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._(
            "Cases are never deleted; a bureau manager may archive them."))

    def _get_workflow_fields(self):
        # written only by the action methods (dawa.workflow.mixin)
        return [
            *super()._get_workflow_fields(),
            "user_id", "decision", "decision_date", "decision_ref", "decision_user_id",
            "received_date", "correction_date", "accepted_date", "review_date",
            "submitted_date", "delivery_date", "closed_date",
            "reviewer_id", "approver_id", "sealed", "sealed_date", "seal_user_id",
        ]

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
            deemed = case.deemed_accepted or deadlines.is_deemed_accepted(
                calendar, today, case.received_date, case.correction_date)
            case._workflow_write({
                "state": "accepted",
                "accepted_date": today,
                "deemed_accepted": deemed,
                "clock_start_date": case.received_date if deemed else today,
            })
        self._hand_off("reviewer_id", "dawa_approval.group_reviewer", "review")

    @in_ledger_turn
    def action_not_accept(self):
        """不予受理 (行政许可法 §32 ¶1): refused once the application counts as accepted —
        no correction notice within 5 working days of receipt, "自收到申请材料之日起即为受理"
        (§32 ¶1 item 4): such a case is accepted and decided, a refusal being a denial with
        reasons (§38 ¶2)."""
        self._check_step(["received", "correction"], "dawa_approval.group_window_clerk")
        today = self._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        for case in self:
            if case.deemed_accepted or deadlines.is_deemed_accepted(
                    calendar, today, case.received_date, case.correction_date):
                raise UserError(self.env._(
                    "%(case)s was received on %(received)s and no correction notice was sent "
                    "within 5 working days (by %(due)s): the application counts as accepted "
                    "from the day it was received (Administrative Licensing Law, art. 32, "
                    "paragraph 1, item 4) and can no longer be refused acceptance. Accept it; "
                    "if it does not meet the conditions, the approver denies it with the "
                    "reasons (art. 38, paragraph 2).",
                    case=case.name, received=format_date(self.env, case.received_date),
                    due=format_date(self.env, case._get_correction_notice_due(calendar))))
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
        """Record the applicant's withdrawal (撤回申请): the window's step, taken by the
        case's handler (or any window clerk while nobody handles it) or a bureau manager; a
        reviewer or approver who holds the window's rights by rank does not."""
        self._check_step(list(OPEN_STATES), "dawa_approval.group_window_clerk")
        if not self.env.su and not self.env.user.has_group("dawa_approval.group_manager"):
            other = self.filtered(lambda case: case.user_id and case.user_id != self.env.user)
            if other:
                raise UserError(self.env._(
                    "The withdrawal of %(case)s is recorded at the window by its handler, "
                    "%(user)s (or hand the case over to you first).",
                    case=other[0].name, user=other[0].user_id.name))
        self._require_note("withdrawal_reason", self.env._("the applicant's withdrawal request"))
        self._workflow_write({"state": "withdrawn", "closed_date": self._bureau_today()})
        self._refresh_deadlines(self.ids)

    def action_deliver(self):
        self._check_step(["approved", "denied"], "dawa_approval.group_window_clerk")
        self._check_deliverable()
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

    def action_change_handler(self):
        """Hand the case over to another window clerk (更换经办人): its handler or a bureau
        manager does; a case nobody handles yet (an online application) is taken by the
        clerk who presses the button, when he names nobody else. The change is tracked in
        the chatter. The handler sees the applicant's personal data: nobody makes himself
        handler of someone else's case."""
        self._check_step([*OPEN_STATES, *DELIVERY_STATES], "dawa_approval.group_window_clerk")
        manager = self.env.su or self.env.user.has_group("dawa_approval.group_manager")
        for case in self:
            if case.user_id and not manager and case.user_id != self.env.user:
                raise UserError(self.env._(
                    "Only the handler of %(case)s or a bureau manager may hand it over.",
                    case=case.name))
            new_user = case.new_user_id or (not case.user_id and self.env.user)
            if not new_user:
                raise UserError(self.env._(
                    "Choose the new handler of %(case)s first.", case=case.name))
            if not new_user.has_group("dawa_approval.group_window_clerk"):
                raise UserError(self.env._(
                    "%(user)s is not a window clerk: a case is handed over to a window clerk.",
                    user=new_user.name))
            case._workflow_write({"user_id": new_user.id, "new_user_id": False})

    def action_extend(self):
        """Extend the statutory time limit once, before it ends (行政许可法 §42): "经本行政机关
        负责人批准，可以延长十日" (¶1) — a bureau leader approves, and the case records who,
        when and why; a case handled jointly gets 15 working days "经本级人民政府负责人批准"
        (¶2), whose written approval is recorded by its reference. The extension notice
        (延期告知书) prints what was recorded."""
        self._check_step(list(EXTENSION_STATES), "dawa_approval.group_manager")
        self._require_note("extension_reason", self.env._("the reason for the extension"))
        missing = self.filtered(
            lambda case: case.joint_handling and not (case.extension_government_ref or "").strip())
        if missing:
            raise UserError(self.env._(
                "%(case)s is handled jointly: its time limit is extended with the approval "
                "of the head of the district government (Administrative Licensing Law, art. "
                "42, paragraph 2). Enter the number and date of that written approval first.",
                case=missing[0].name))
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
                "extended_days": deadlines.extension_days(case.joint_handling),
                "extension_date": today,
                "extension_user_id": self.env.uid,
            })
            case.message_post(body=self.env._(
                "Statutory time limit extended by %(days)s working days (Administrative "
                "Licensing Law, art. 42), approved by %(user)s: the decision is now due by "
                "%(deadline)s. Reason: %(reason)s",
                days=case.extended_days, user=self.env.user.name,
                deadline=format_date(self.env, case.statutory_deadline),
                reason=case.extension_reason.strip()))
        self._refresh_deadlines(self.ids)

    def action_mark_joint_handling(self):
        """A bureau leader marks a case as handled jointly (统一/联合/集中办理, 行政许可法 §26,
        §42 ¶2) although its items are of one original department, with the reason: its time
        limit becomes 45 working days. Only before a decision and before any extension."""
        self._check_step(list(OPEN_STATES), "dawa_approval.group_manager")
        self._require_note("joint_handling_reason",
                           self.env._("the reason why the case is handled jointly"))
        done = self.filtered(lambda case: case.joint_handling_marked or case.extended_days)
        if done:
            raise UserError(self.env._(
                "%(case)s is already marked as handled jointly or its time limit was already "
                "extended.", case=done[0].name))
        self._workflow_write({
            "joint_handling_marked": True,
            "joint_handling_user_id": self.env.uid,
            "joint_handling_date": self._bureau_today(),
        })
        for case in self:
            case.message_post(body=self.env._(
                "Marked as handled jointly (Administrative Licensing Law, art. 26 and art. 42, "
                "paragraph 2): time limit %(days)s working days. Reason: %(reason)s",
                days=case.statutory_days, reason=case.joint_handling_reason.strip()))
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
        self._on_sealed()

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
