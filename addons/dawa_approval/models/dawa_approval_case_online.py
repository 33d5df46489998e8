"""一网通办 on the case: online applications, fees (缴费) and publicity of approvals (双公示)."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import format_date

from ..tools import deadlines, filetypes, idnumbers

# Years an approval stays published when the setting is missing.
DEFAULT_PUBLICITY_YEARS = 3
# What the clerk may still write on an approved case for its fee until it is paid.
FEE_NOTICE_FIELDS = ("fee_amount", "fee_payment_code")


class DawaApprovalCaseOnline(models.AbstractModel):
    """一网通办 on a case: the online form that created it, the fee the applicant pays
    after an approval and before delivery (缴费), and the publicity of approvals (双公示)
    within 7 working days of the decision."""

    _name = "dawa.approval.case.online"
    _description = "Case Online Channel"

    # the signed key of the online form that created the case: the same form cannot make a
    # second case (replay); nobody reads it
    online_form_key = fields.Char(copy=False, readonly=True, groups="base.group_system")

    # Fees (缴费)
    fee_required = fields.Boolean(
        string="Fee Charged", compute="_compute_fee_required", store=True, index=True,
        help="An item of the case charges a fee: the applicant pays it after the approval, "
        "before the licence is delivered.")
    fee_amount = fields.Float(
        digits=(12, 2), tracking=True, copy=False,
        help="Amount printed on the payment notice (yuan).")
    fee_payment_code = fields.Char(
        string="Non-tax Payment Code", tracking=True, copy=False,
        help="Payment code of the non-tax revenue system, printed on the payment notice.")
    fee_paid_date = fields.Date(string="Fee Paid On", readonly=True, copy=False, tracking=True)
    fee_receipt_ref = fields.Char(
        string="Receipt Number", readonly=True, copy=False, tracking=True,
        help="Number of the non-tax revenue receipt.")
    fee_paid_user_id = fields.Many2one(
        "res.users", string="Payment Recorded By", readonly=True, copy=False)

    # Publicity (双公示)
    publicity_deadline = fields.Date(
        readonly=True, copy=False, index=True,
        help="An approval is published within 7 working days of its decision.")
    published_date = fields.Date(
        readonly=True, copy=False, index=True,
        help="The day the approval appeared on the public list (/dawa/publicity).")
    publicity_overdue = fields.Boolean(
        compute="_compute_publicity_overdue", search="_search_publicity_overdue",
        help="The approval is not published and its publicity deadline has passed.")

    _sql_constraints = [
        ("online_form_key_unique", "unique(online_form_key)",
         "This application form was already submitted."),
    ]

    # the items' fee as it stood when the item was added to the case: a later change of the
    # catalogue does not change what this applicant owes
    @api.depends("line_ids.item_id")
    def _compute_fee_required(self):
        for case in self:
            case.fee_required = any(case.line_ids.item_id.mapped("fee_required"))

    @api.depends("publicity_deadline", "published_date")
    def _compute_publicity_overdue(self):
        today = self._bureau_today()
        for case in self:
            case.publicity_overdue = case._is_past_deadline(
                today, "publicity_deadline", "published_date")

    def _search_publicity_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("This filter only takes yes or no."))
        domain = self._get_overdue_domain("publicity_deadline", "published_date")
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def write(self, vals):
        if set(FEE_NOTICE_FIELDS) & set(vals):
            paid = self.filtered("fee_paid_date")
            if paid:
                raise UserError(self.env._(
                    "The fee of %(case)s was paid on %(date)s: the payment notice can no "
                    "longer be changed.",
                    case=paid[0].name, date=format_date(self.env, paid[0].fee_paid_date)))
        return super().write(vals)

    def _get_writable_when_frozen(self):
        # the payment notice is made once approved (refused once paid, see write())
        return super()._get_writable_when_frozen() | set(FEE_NOTICE_FIELDS)

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "online_form_key", "fee_paid_date", "fee_receipt_ref", "fee_paid_user_id",
            "publicity_deadline", "published_date",
        ]

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_record_payment(self):
        """Open the form where the clerk records the applicant's payment (date, receipt)."""
        self.ensure_one()
        self._check_payable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Payment"),
            "res_model": "dawa.case.fee.payment",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def _check_deliverable(self):
        """An approval whose items charge a fee is delivered once the fee is paid."""
        unpaid = self.filtered(
            lambda case: case.state == "approved" and case.fee_required
            and not case.fee_paid_date)
        if unpaid:
            raise UserError(self.env._(
                "The fee of %(case)s is not paid yet: record the payment (date and receipt "
                "number) before the licence is delivered.", case=unpaid[0].name))
        return super()._check_deliverable()

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _check_payable(self):
        """A fee is recorded by a clerk, once, on an approval whose item charges one."""
        self._check_step(["approved", "closed"], "dawa_approval.group_window_clerk")
        for case in self:
            if case.decision != "approved" or not case.fee_required:
                raise UserError(self.env._(
                    "%(case)s has no fee to pay: its items are free of charge.",
                    case=case.name))
            if case.fee_paid_date:
                raise UserError(self.env._(
                    "The fee of %(case)s was already recorded as paid on %(date)s (receipt "
                    "%(receipt)s).", case=case.name,
                    date=format_date(self.env, case.fee_paid_date),
                    receipt=case.fee_receipt_ref))

    def _record_payment(self, paid_date, receipt_ref):
        """Record the payment of the fee (called by the payment form)."""
        self._check_payable()
        receipt_ref = (receipt_ref or "").strip()
        if not paid_date or not receipt_ref:
            raise UserError(self.env._("Enter the payment date and the receipt number."))
        today = self._bureau_today()
        paid_date = fields.Date.to_date(paid_date)
        for case in self:
            if paid_date > today or paid_date < case.decision_date:
                raise UserError(self.env._(
                    "The payment date of %(case)s must lie between the approval (%(decision)s) "
                    "and today.", case=case.name,
                    decision=format_date(self.env, case.decision_date)))
        self._workflow_write({
            "fee_paid_date": paid_date,
            "fee_receipt_ref": receipt_ref,
            "fee_paid_user_id": self.env.uid,
        })

    def _on_decision(self):
        result = super()._on_decision()
        approved = self.filtered(lambda case: case.decision == "approved")
        if approved:
            calendar = self.env["dawa.holiday"]._get_work_calendar()
            today = self._bureau_today()
            for case in approved:
                values = {"publicity_deadline": deadlines.publicity_deadline(
                    calendar, case.decision_date)}
                if case.sealed and not case.published_date:
                    # sealed at once (electronic seal): issued, so published today
                    values["published_date"] = today
                case._workflow_write(values)
        return result

    def _on_sealed(self):
        result = super()._on_sealed()
        # a sealed approval is issued: it is published the same day
        self.filtered(
            lambda case: case.decision == "approved" and case.publicity_deadline)._publish()
        return result

    def _publish(self):
        """Publish the approvals on /dawa/publicity (双公示) today."""
        self.filtered(lambda case: not case.published_date)._workflow_write(
            {"published_date": self._bureau_today()})
        late = self.filtered(lambda case: case.publicity_deadline
                             and case.published_date > case.publicity_deadline)
        if late:
            # sudo: the reminder may be assigned to another seal keeper
            late.sudo().activity_feedback(["dawa_approval.mail_activity_type_publicity"])

    @api.model
    def _cron_publicity_overdue(self):
        """Daily: an approval still unpublished after its publicity deadline waits for its
        seal (it is published when sealed); the seal keepers get one reminder per case."""
        cases = self.search([("publicity_overdue", "=", True)])
        activity_type = self.env.ref("dawa_approval.mail_activity_type_publicity")
        reminded = set(self.env["mail.activity"].search([
            ("res_model", "=", self._name), ("res_id", "in", cases.ids),
            ("activity_type_id", "=", activity_type.id)]).mapped("res_id"))
        cases = cases.filtered(lambda case: case.id not in reminded)
        if not cases:
            return
        keepers = self.env.ref("dawa_approval.group_seal_keeper").users.filtered(
            lambda user: user.active and not user.share)
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create([{
            "res_model_id": model_id,
            "res_id": case.id,
            "activity_type_id": activity_type.id,
            "summary": case.with_context(lang=user.lang).env._(
                "Seal the approval: its publicity was due on %(date)s",
                date=format_date(case.with_context(lang=user.lang).env,
                                 case.publicity_deadline)),
            "date_deadline": case.publicity_deadline,
            "user_id": user.id,
            "automated": True,  # marked done when the approval is published
        } for case in cases for user in keepers])

    @api.model
    def _get_publicity_years(self):
        # sudo: the public publicity page reads the setting for the bureau
        value = self.env["ir.config_parameter"].sudo().get_param(
            "dawa_approval.publicity_years", DEFAULT_PUBLICITY_YEARS)
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return DEFAULT_PUBLICITY_YEARS

    @api.model
    def _get_publicity_domain(self, search=None):
        """The approvals on the public list: published, and decided within the publicity
        period (they are withdrawn when it ends)."""
        first_day = self._bureau_today() - relativedelta(years=self._get_publicity_years())
        domain = [("decision", "=", "approved"), ("published_date", "!=", False),
                  ("decision_date", ">", first_day)]
        search = (search or "").strip()
        if search:
            domain += self._get_publicity_search_domain(search)
        return domain

    @api.model
    def _get_publicity_search_domain(self, search):
        """What a visitor's search on the public list finds: an approval by its decision
        number or its item; an organisation by its name or its credit code; a natural
        person only by the whole name and identity card number together (``李建华
        211104199001010061``), never by a part of the name, which the list shows masked."""
        number = idnumbers.normalize_uscc(idnumbers.normalize_resident_id(search))
        domain = expression.OR([
            [("decision_ref", "ilike", search)],
            [("main_item_id.name", "ilike", search)],
            [("applicant_type", "=", "organization"), "|", ("applicant_name", "ilike", search),
             ("applicant_id_number_raw", "=", number)],
        ])
        name, _sep, identifier = search.rpartition(" ")
        if name.strip() and identifier:
            domain = expression.OR([domain, [
                ("applicant_type", "=", "person"), ("applicant_name", "=", name.strip()),
                ("applicant_id_number_raw", "=", idnumbers.normalize_resident_id(identifier)),
            ]])
        return domain

    def _get_publicity_status(self):
        """Hook: per case id, whether its licence was revoked and the last day of its
        validity (False: no end). dawa_supervision knows both (revocation, validity)."""
        return {case.id: {"revoked": False, "valid_to": False} for case in self}

    def _get_publicity_records(self):
        """What the public list and the credit platform export show of each approval: names
        of natural persons masked, organisations in full with their credit code; never an
        identity card number or a phone."""
        status = self._get_publicity_status()
        bureau = self.env["dawa.agency"]._get_bureau()
        rows = []
        # sudo: the public list reads the approvals' published particulars only
        for case in self.sudo():
            person = case.applicant_type == "person"
            rows.append({
                "id": case.id,
                "holder": filetypes.mask_person_name(case.applicant_name) if person
                else case.applicant_name,
                "holder_kind": "person" if person else "organization",
                "uscc": "" if person else (case.applicant_id_number_raw or ""),
                "items": ", ".join(case.line_ids.sorted("sequence").item_id.mapped("name")),
                "item_codes": ", ".join(case.line_ids.sorted("sequence").item_id.mapped("code")),
                "decision_ref": case.decision_ref or "",
                "decision_date": case.decision_date,
                "valid_from": case.decision_date,
                "valid_to": status[case.id]["valid_to"],
                "authority": bureau.name or "",
                "authority_uscc": bureau.uscc or "",
                "revoked": status[case.id]["revoked"],
            })
        return rows

    # ------------------------------------------------------------------
    # online application and correction
    # ------------------------------------------------------------------

    def _notify_online_upload(self, materials, corrected=False):
        """Tell the bureau that the applicant uploaded ``materials`` online: a chatter line
        signed "Applicant" and an activity for the handler (every window clerk while the
        case has none)."""
        self.ensure_one()
        lang = self.user_id.lang or self.env.company.partner_id.lang or self.env.lang
        case = self.with_context(lang=lang)
        names = ", ".join(materials.mapped("name"))
        if corrected:
            body = case.env._("Corrected files uploaded online: %(materials)s",
                              materials=names)
            summary = case.env._("Check the corrected files uploaded online")
        else:
            body = case.env._("Application submitted online with the files: %(materials)s",
                              materials=names or "-")
            summary = case.env._("Check the online application")
        # sudo: the visitor may not post on the case; the author is set explicitly
        self.sudo()._message_log(body=body, author_id=False, email_from=case.env._("Applicant"))
        users = self.user_id
        if not users:
            # sudo: the public page reads who handles online applications
            users = self.env.ref("dawa_approval.group_window_clerk").sudo().users.filtered(
                lambda user: user.active and not user.share)
        activity_type = self.env.ref("dawa_approval.mail_activity_type_online_upload")
        model_id = self.env["ir.model"]._get_id(self._name)
        # sudo: the applicant gives the bureau work to do
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create([{
            "res_model_id": model_id,
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "summary": summary,
            "date_deadline": self._bureau_today(),
            "user_id": user.id,
            "automated": True,  # marked done once every upload is checked
        } for user in users])

    def _check_payment_notice(self):
        """The payment notice exists for an approved case whose item charges a fee."""
        for case in self:
            if case.decision != "approved" or not case.fee_required:
                raise UserError(self.env._(
                    "%(case)s has no payment notice: only approved applications for an item "
                    "that charges a fee get one.", case=case.name))
        return self

    def _get_public_values(self):
        """The public page also tells the applicant of an approval what fee to pay."""
        values = super()._get_public_values()
        fee_due = self.decision == "approved" and self.fee_required
        values.update({
            "fee_due": fee_due,
            "fee_amount": f"{self.fee_amount:.2f}" if fee_due and self.fee_amount else "",
            "fee_payment_code": fee_due and self.fee_payment_code or "",
            "fee_paid_date": fee_due and self._public_date(self.fee_paid_date) or "",
        })
        return values
