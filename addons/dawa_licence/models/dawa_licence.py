import base64
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from odoo.addons.dawa_approval.tools import idnumbers, personaldata, qrcodes

from ..tools import licences

LICENCE_STATES = [
    ("valid", "Valid"),
    ("expired", "Expired"),
    ("revoked", "Revoked"),
    ("cancelled", "Cancelled"),
    ("superseded", "Superseded"),
]
# The state machine: the states each one is reached from (行政许可法 §69 revocation, §70
# cancellation; a change or a renewal supersedes the previous version, §§49-50).
TRANSITIONS = {
    "expired": ("valid",),
    "revoked": ("valid", "expired"),
    "cancelled": ("valid", "expired", "revoked"),
    "superseded": ("valid", "expired"),
}
EXPIRY_STATUSES = [
    ("valid", "Valid"),
    ("expiring", "Expiring within 90 Days"),
    ("expired", "Expired"),
    ("ended", "Revoked, Cancelled or Superseded"),
]
# The computed field that shows the holder's identifier, searched by the whole number only.
PERSONAL_FIELDS = ("holder_id_number",)


class DawaLicence(models.Model):
    """A licence (证照) of the register: issued when the approval of an item whose result is a
    licence is sealed (``dawa.approval.case._on_sealed()``), numbered by the item's rule
    (a gapless sequence per licence type and year, drawn under the seal ledger's lock),
    identified by its GB/T 36904 identifier, checked by anyone at
    ``/dawa/licence/<verification code>``.

    Every field is the system's: the issue, the expiry job, the revocation and (later) the
    change, renewal and cancellation write them through ``_workflow_write()``
    (``dawa.workflow.mixin``); a direct ``write``/``create`` is refused. The version and the
    previous version chain the licences of one holder and item (关联证照标识), each change or
    renewal superseding the previous one (docs/law.md, licences)."""

    _name = "dawa.licence"
    _description = "Licence"
    _inherit = ["dawa.licence.certificate", "dawa.licence.electronic", "mail.thread",
                "mail.activity.mixin", "dawa.workflow.mixin", "dawa.qr.mixin"]
    _order = "issue_date desc, id desc"
    _workflow_frozen_states = tuple(key for key, _label in LICENCE_STATES)
    # the QR code opens the verification page: read by who may read the code
    _qr_attachment_field = "verification_code"

    name = fields.Char(string="Licence Number", required=True, readonly=True, copy=False,
                       index=True, tracking=True)
    identifier = fields.Char(
        string="Licence Identifier", readonly=True, copy=False, index=True,
        help="Electronic licence identifier (电子证照标识, GB/T 36904) with its check "
        "character; empty when the item has no licence type code.")
    licence_type_name = fields.Char(string="Licence Name", readonly=True)
    case_id = fields.Many2one(
        "dawa.approval.case", string="Decision", required=True, readonly=True, index=True,
        ondelete="restrict")
    item_id = fields.Many2one(
        "dawa.approval.item", string="Approval Item", required=True, readonly=True,
        index=True, ondelete="restrict")
    holder_type = fields.Selection(
        [("person", "Natural Person"), ("organization", "Organisation")],
        required=True, readonly=True)
    holder_name = fields.Char(string="Holder", required=True, readonly=True, index=True)
    holder_id_number = fields.Char(
        string="Holder's ID Number", compute="_compute_holder_id_number",
        search="_search_holder_id_number",
        help="Unified social credit code of an organisation; resident identity card number "
        "of a person, shown in full only to the handler, reviewer and approver of the "
        "decision and to bureau managers. Search it by the whole number.")
    holder_id_number_raw = fields.Char(
        string="Holder's ID Number (stored)", readonly=True, copy=False, index=True,
        groups="dawa_approval.group_manager")
    scope = fields.Text(string="Scope or Content", readonly=True,
                        help="The scope, premises, category or quantities licensed.")
    issue_date = fields.Date(readonly=True, index=True, copy=False)
    valid_from = fields.Date(readonly=True, copy=False)
    valid_to = fields.Date(string="Valid Until", readonly=True, index=True, copy=False,
                           help="Last day of validity; empty: no end.")
    authority_name = fields.Char(string="Issuing Authority", readonly=True)
    authority_code = fields.Char(string="Issuing Authority Code", readonly=True)
    year = fields.Integer(readonly=True, copy=False, aggregator=None)
    serial = fields.Integer(string="Serial of the Year", readonly=True, copy=False,
                            aggregator=None)
    version = fields.Integer(readonly=True, default=1, copy=False, aggregator=None)
    previous_id = fields.Many2one(
        "dawa.licence", string="Previous Version", readonly=True, index=True,
        ondelete="restrict")
    next_ids = fields.One2many("dawa.licence", "previous_id", string="Later Versions")
    state = fields.Selection(
        LICENCE_STATES, required=True, default="valid", readonly=True, copy=False,
        index=True, tracking=True)
    state_date = fields.Date(string="Status Since", readonly=True, copy=False)
    state_reason = fields.Char(string="Status Reason", readonly=True, copy=False,
                               help="The decision that revoked, cancelled or replaced it.")
    expiry_status = fields.Selection(
        EXPIRY_STATUSES, readonly=True, copy=False, index=True,
        help="Refreshed every night on the bureau's clock.")
    expiry_notice_days = fields.Integer(
        string="Last Expiry Reminder", readonly=True, copy=False, aggregator=None,
        help="Days before expiry of the last reminder (60, 30); 0: none yet.")
    verification_code = fields.Char(readonly=True, copy=False, index=True)
    verification_url = fields.Char(compute="_compute_verification_url")
    qr_image = fields.Binary(string="QR Code", compute="_compute_qr_image")

    _sql_constraints = [
        # a new version (a change, a renewal) keeps the number; a number is never reused
        ("name_version_unique", "unique(name, version)",
         "Another licence already has this number and version."),
        ("identifier_unique", "unique(identifier)",
         "Another licence already has this identifier."),
        ("verification_code_unique", "unique(verification_code)",
         "Another licence already has this verification code."),
        ("version_positive", "check(version >= 1)", "A licence version starts at 1."),
    ]

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "name", "identifier", "licence_type_name", "case_id", "item_id", "holder_type",
            "holder_name", "holder_id_number", "holder_id_number_raw", "scope",
            "issue_date", "valid_from", "valid_to", "authority_name", "authority_code",
            "year", "serial", "version", "previous_id", "next_ids", "state_date",
            "state_reason", "expiry_status", "expiry_notice_days", "verification_code",
        ]

    def _get_workflow_action_labels(self):
        # no button moves a licence: the system does
        return [self.env._("the sealing of a decision, the nightly expiry job and the "
                           "decisions that revoke, cancel or change the licence")]

    @api.depends_context("uid")
    @api.depends("holder_id_number_raw", "holder_type", "case_id")
    def _compute_holder_id_number(self):
        """An organisation's credit code is public (it is on the publicity list); a person's
        identity card number follows the decision's rules: in full for its handler,
        reviewer and approver and for managers, masked for the others."""
        # sudo: the raw value is read here, and only here, for the users who may see it
        for licence, raw in zip(self, self.sudo(), strict=True):
            number = raw.holder_id_number_raw or False
            if number and licence.holder_type == "person" \
                    and not licence._may_see_holder_data():
                number = idnumbers.mask(number) or False
            licence.holder_id_number = number

    def _compute_verification_url(self):
        base = self._get_public_base_url()
        for licence in self:
            # sudo: the code is printed on the licence; the form shows its address
            code = licence.sudo().verification_code
            licence.verification_url = code and f"{base}/dawa/licence/{code}"

    def _compute_qr_image(self):
        """The QR code shown on the form, drawn on the fly: the form is read in a read-only
        transaction, where the mixin's cached attachment could not be written (printed
        documents use ``_get_qr_images()``)."""
        for licence in self:
            url = licence.verification_url
            licence.qr_image = url and base64.b64encode(qrcodes.png(url))

    def _get_qr_url(self):
        self.ensure_one()
        return self.verification_url

    def _search_holder_id_number(self, operator, value):
        """By the whole number only, counted and kept for the audit like the cases'."""
        if operator != "=" or not isinstance(value, str) or not value.strip():
            raise UserError(self.env._(
                "ID numbers can only be searched by the whole number."))
        if not self.env.su:
            self.env["dawa.personal.search"]._record("holder_id_number_raw")
        number = idnumbers.normalize_uscc(idnumbers.normalize_resident_id(value))
        # sudo: an exact match reveals nothing the user did not type; the record rules
        # still apply to the search that uses this domain
        ids = self.sudo()._search([("holder_id_number_raw", "=", number)])
        return [("id", "in", ids)]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            try:
                problem = personaldata.personal_search_problem(domain, PERSONAL_FIELDS)
            except ValueError:
                problem = None  # not a domain the ORM accepts either: it says so
            if problem:
                raise UserError(self.env._(
                    "An ID number can only be searched alone, by the whole number, not "
                    "combined with \"or\" or \"not\"."))
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _may_see_holder_data(self):
        """Whether the current user may see a person holder's identity card number: who may
        see it on the decision (``dawa.approval.case.personal``)."""
        self.ensure_one()
        if self.env.su or self.env.user.has_group("dawa_approval.group_manager"):
            return True
        case = self.case_id
        return bool(case) and case.has_access("read") and case._may_see_personal_data()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _fill_workflow_create_vals(self, vals_list):
        """The verification code is the system's, long and random like the cases' access
        tokens."""
        result = super()._fill_workflow_create_vals(vals_list)
        for vals in vals_list:
            vals.setdefault("verification_code", secrets.token_urlsafe(32))
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._(
            "A licence is never deleted: it stays in the register whatever becomes of it "
            "(expired, revoked, cancelled or replaced)."))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_view_case(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dawa.approval.case",
            "res_id": self.case_id.id,
            "view_mode": "form",
        }

    def action_open_verification_page(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.verification_url, "target": "new"}

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _set_state(self, state, reason=False, day=None):
        """Move the licences to ``state`` (``TRANSITIONS`` says from which states), with the
        day and the reason; the one place every change of status goes through: the expiry
        job, the revocation and the later change, renewal and cancellation."""
        sources = TRANSITIONS[state]
        wrong = self.filtered(lambda licence: licence.state not in sources)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(self.env._(
                "Licence %(licence)s is %(state)s: it cannot become %(target)s.",
                licence=wrong[0].name, state=labels[wrong[0].state], target=labels[state]))
        day = day or self._bureau_today()
        self._workflow_write({
            "state": state,
            "state_date": day,
            "state_reason": reason or False,
            "expiry_status": self._get_expiry_status(state, False, day),
        })
        labels = dict(self._fields["state"]._description_selection(self.env))
        for licence in self:
            licence.message_post(body=self.env._(
                "Licence %(state)s on %(date)s.", state=labels[state],
                date=format_date(self.env, day)) + (f" {reason}" if reason else ""))
        return True

    def _revoke(self, reason, day=None):
        """行政许可法 §69: the licence is revoked by the bureau's decision ``reason`` (its
        number); called by the revocation of the supervising side, which checks who
        decides."""
        return self._set_state("revoked", reason=reason, day=day)

    def _new_version(self, vals, reason, day=None):
        """Issue the next version of this licence (a change, §49; a renewal, §50): the same
        number and serial, the version one more, the identifier remade with it, the other
        values from ``vals`` over this version's; this version is superseded. Returns the new
        version. The lifecycle decisions call it, holding the seal ledger's lock."""
        self.ensure_one()
        day = day or self._bureau_today()
        # sudo: the licence is the system's record, which no user creates
        current = self.sudo()
        version = current.version + 1
        values = {
            name: current[name] for name in (
                "name", "licence_type_name", "holder_type", "holder_name",
                "holder_id_number_raw", "scope", "valid_to", "authority_name",
                "authority_code", "year", "serial")
        }
        values.update({
            "case_id": current.case_id.id,
            "item_id": current.item_id.id,
            "issue_date": day,
            "valid_from": day,
            "version": version,
            "previous_id": current.id,
            "state": "valid",
            "state_date": day,
            **vals,
        })
        if current.identifier:
            root_less = current.identifier[len(licences.ROOT) + 1:].split(".")
            values["identifier"] = licences.make_identifier(
                root_less[0], root_less[1], root_less[2], version)
        values["expiry_status"] = self._get_expiry_status(
            "valid", values.get("valid_to"), self._bureau_today())
        self._set_state("superseded", reason=reason, day=day)
        new = self.env["dawa.licence"].sudo().with_context(
            mail_create_nosubscribe=True).create(values)
        new.message_post(body=self.env._(
            "Version %(version)s of licence %(licence)s, replacing the previous one: %(reason)s",
            version=version, licence=new.name, reason=reason))
        return new.with_env(self.env)

    def _on_licence_expiring(self, days):
        """Hook called by the daily job for the licences of ``self`` entering the reminder
        window of ``days`` days before their last day of validity (60, 30), after the
        activity was scheduled; returns nothing. The notifications (SMS to the holder)
        override it."""

    @api.model
    def get_dashboard_figures(self):
        """The licences of each item on the bureau dashboard (bureau managers, who see the
        dashboard): in force (the expiring ones included), expiring within 90 days, expired;
        one grouped query."""
        if not self.env.user.has_group("dawa_approval.group_manager"):
            raise AccessError(self.env._("Only bureau managers see the licence figures."))
        rows = {}
        for item, status, count in self._read_group(
                [("expiry_status", "in", ("valid", "expiring", "expired"))],
                ["item_id", "expiry_status"], ["__count"]):
            row = rows.setdefault(item.id, {
                "item_id": item.id, "name": item.display_name,
                "in_force": 0, "expiring": 0, "expired": 0,
            })
            if status in ("valid", "expiring"):
                row["in_force"] += count
            if status in ("expiring", "expired"):
                row[status] += count
        return sorted(rows.values(), key=lambda row: row["name"])

    @api.model
    def _cron_expire(self):
        """The daily job, on the bureau's clock: licences past their last day become
        expired, the expiring figure is refreshed, and those entering the 60- and 30-day
        windows get an activity for the decision's handler (行政许可法 §50: the renewal is
        asked for 30 days before expiry)."""
        today = self._bureau_today()
        expired = self.search([("state", "=", "valid"), ("valid_to", "<", today)])
        if expired:
            expired._set_state("expired", day=today)
        valid = self.search([("state", "=", "valid")])
        for status in ("valid", "expiring"):
            changed = valid.filtered(
                lambda licence, status=status: licence.expiry_status != status
                and licence._get_expiry_status("valid", licence.valid_to, today) == status)
            if changed:
                changed._workflow_write({"expiry_status": status})
        self._remind_expiring(valid, today)
        return True

    @api.model
    def _remind_expiring(self, records, today):
        """One activity per licence entering a reminder window (its deadline: the last day
        to apply for the renewal), then the hook, per window."""
        activity_type = self.env.ref("dawa_licence.mail_activity_type_licence_expiring")
        model_id = self.env["ir.model"]._get_id(self._name)
        by_window = {}
        for licence in records.filtered("valid_to"):
            window = licences.expiry_window(
                licences.days_left(licence.valid_to, today), licence.expiry_notice_days)
            if window:
                by_window[window] = by_window.get(window, self.browse()) | licence
        vals_list = []
        for window, own in by_window.items():
            own._workflow_write({"expiry_notice_days": window})
            for licence in own:
                user = licence.case_id.user_id or licence.case_id.approver_id
                if not user or not user.active:
                    continue
                vals_list.append({
                    "res_model_id": model_id,
                    "res_id": licence.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": max(today, licence.valid_to - timedelta(
                        days=licences.RENEWAL_NOTICE_DAYS)),
                    "user_id": user.id,
                    "automated": True,
                })
        # sudo: the job schedules work for the handlers of the decisions
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            vals_list)
        for window, own in by_window.items():
            own._on_licence_expiring(window)

    @api.model
    def _get_expiry_status(self, state, valid_to, today):
        if state in ("revoked", "cancelled", "superseded"):
            return "ended"
        if state == "expired":
            return "expired"
        if valid_to and licences.days_left(valid_to, today) <= licences.EXPIRING_DAYS:
            return "expiring"
        return "valid"

    def _bureau_today(self):
        return self.env["dawa.holiday"]._bureau_today()
