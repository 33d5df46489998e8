from urllib.parse import quote as url_quote

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.i18n import format_list

ITEM_TYPES = [
    ("license", "Administrative License"),
    ("confirmation", "Administrative Confirmation"),
    ("payment", "Administrative Payment"),
    ("reward", "Administrative Reward"),
    ("adjudication", "Administrative Adjudication"),
    ("filing", "Administrative Filing"),
    ("other_power", "Other Administrative Power"),
    ("public_service", "Public Service"),
]
# Longest time limit of an item or a special procedure, in working days (more than a year).
MAX_TIME_LIMIT_DAYS = 365


class DawaApprovalItem(models.Model):
    """An item of the implementation list (事项实施清单, GB/T 39554)."""

    _name = "dawa.approval.item"
    _description = "Approval Item"
    _inherit = [
        "mail.thread", "mail.activity.mixin", "dawa.workflow.mixin",
        "dawa.qr.mixin",  # QR code of the public service guide on the 明白卡
    ]
    _order = "source_agency_id, sequence, code"
    _rec_names_search = ["name", "code", "basic_code"]
    # the implementing agency changes only when a transfer agreement is completed

    sequence = fields.Integer(default=10)
    code = fields.Char(
        string="Implementation Code",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        default=lambda self: self.env["ir.sequence"].next_by_code("dawa.approval.item"),
    )
    basic_code = fields.Char()
    name = fields.Char(required=True, tracking=True)
    item_type = fields.Selection(ITEM_TYPES, string="Type", required=True, default="license")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("published", "Published"),
            ("suspended", "Suspended"),
            ("abolished", "Abolished"),
        ],
        required=True,
        default="draft",
        copy=False,
        index=True,
        tracking=True,
    )
    source_agency_id = fields.Many2one(
        "dawa.agency",
        string="Original Department",
        required=True,
        index=True,
        tracking=True,
        help="The department that implemented this item before the reform.",
    )
    handling_agency_id = fields.Many2one(
        "dawa.agency",
        string="Implementing Agency",
        index=True,
        tracking=True,
        help="The agency that handles cases of this item: the approval bureau once the "
        "department's transfer agreement is completed.",
    )
    supervising_agency_id = fields.Many2one(
        "dawa.agency",
        string="Supervising Department",
        index=True,
        tracking=True,
    )
    transfer_agreement_id = fields.Many2one(
        "dawa.transfer.agreement", index=True, copy=False, tracking=True
    )
    legal_basis = fields.Text()
    conditions = fields.Text(string="Conditions for Approval")
    case_kind = fields.Selection(
        [("instant", "Instant"), ("promised", "Promised")],
        required=True,
        default="promised",
        help="Instant items are accepted and decided in one sitting; promised items are "
        "decided within the promised number of working days.",
    )
    statutory_days = fields.Integer(
        string="Statutory Time Limit", tracking=True, aggregator=None,
        help="The time limit set by law, in working days: from 0 to 365, and 0 for an "
        "instant item.")
    promised_days = fields.Integer(
        string="Promised Time Limit", tracking=True, aggregator=None,
        help="The time limit the bureau promises the applicant, in working days: from 0 to "
        "365, no longer than the statutory time limit, and 0 for an instant item.")
    visits_required = fields.Integer(default=1, aggregator=None)
    fee_required = fields.Boolean(string="Fee Charged")
    fee_standard = fields.Text()
    online = fields.Boolean(string="Online Service", default=True)
    site_inspection = fields.Boolean()
    window = fields.Char(string="Service Window")
    phone = fields.Char(string="Enquiry Phone")
    material_ids = fields.One2many(
        "dawa.approval.item.material", "item_id", string="Materials", copy=True
    )
    material_count = fields.Integer(compute="_compute_material_count")
    special_procedure_ids = fields.One2many(
        "dawa.approval.item.procedure", "item_id", string="Special Procedures", copy=True
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another approval item already uses this code."),
        ("visits_range", "check(visits_required between 0 and 2)",
         "An applicant visits the window at most twice."),
    ]

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "handling_agency_id"]

    @api.depends("material_ids")
    def _compute_material_count(self):
        for item in self:
            item.material_count = len(item.material_ids)

    @api.constrains("case_kind", "statutory_days", "promised_days")
    def _check_time_limits(self):
        # a Python check rather than an SQL one, so that the message names the item and field
        for item in self:
            for field_name in ("statutory_days", "promised_days"):
                if not 0 <= item[field_name] <= MAX_TIME_LIMIT_DAYS:
                    raise ValidationError(
                        self.env._(
                            "%(item)s: the %(field)s must be from 0 to %(maximum)s working "
                            "days, not %(days)s.",
                            item=item.name,
                            field=item._fields[field_name]._description_string(self.env),
                            maximum=MAX_TIME_LIMIT_DAYS,
                            days=item[field_name],
                        )
                    )
            if item.case_kind == "instant" and (item.statutory_days or item.promised_days):
                raise ValidationError(
                    self.env._(
                        "%(item)s is an instant item: its time limits must be 0 working days.",
                        item=item.name,
                    )
                )
            if item.promised_days > item.statutory_days:
                raise ValidationError(
                    self.env._(
                        "%(item)s: the promised time limit (%(promised)s working days) cannot "
                        "exceed the statutory one (%(statutory)s working days).",
                        item=item.name,
                        promised=item.promised_days,
                        statutory=item.statutory_days,
                    )
                )

    @api.onchange("case_kind")
    def _onchange_case_kind(self):
        if self.case_kind == "instant":
            self.statutory_days = self.promised_days = 0

    @api.onchange("source_agency_id")
    def _onchange_source_agency_id(self):
        if not self.handling_agency_id:
            self.handling_agency_id = self.source_agency_id
        if not self.supervising_agency_id:
            self.supervising_agency_id = self.source_agency_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Before its transfer an item is supervised by its department.
            vals.setdefault("supervising_agency_id", vals.get("source_agency_id"))
        return super().create(vals_list)

    def write(self, vals):
        if "transfer_agreement_id" in vals:
            # moving an item in or out of a completed handover would rewrite it
            agreements = self.transfer_agreement_id | self.env["dawa.transfer.agreement"].browse(
                vals["transfer_agreement_id"])
            agreements._check_not_done()
        if "code" in vals:
            self._check_code_not_sealed()
        result = super().write(vals)
        if "transfer_agreement_id" in vals:
            self.transfer_agreement_id._check_same_department()
        return result

    def _check_code_not_sealed(self):
        """The implementation code is part of every sealed decision of the item (the seal
        ledger's hash covers it): once decided on, it stays."""
        # sudo: catalogue admins do not read cases, but the check must see them all
        decided = self.env["dawa.approval.case.line"].sudo().search(
            [("item_id", "in", self.ids), ("case_id.decision", "!=", False)], limit=1)
        if decided:
            raise UserError(self.env._(
                "The implementation code of %(item)s appears in sealed decisions "
                "(%(case)s): it can no longer be changed. Abolish the item and create a new "
                "one if the code really changed.",
                item=decided.item_id.name, case=decided.case_id.name))

    @api.model
    def _get_workflow_create_defaults(self, vals):
        # before its transfer an item is handled by its own department
        return {**super()._get_workflow_create_defaults(vals),
                "handling_agency_id": vals.get("source_agency_id")}

    @api.model
    def _fill_workflow_create_vals(self, vals_list):
        for vals in vals_list:
            vals.setdefault("handling_agency_id", vals.get("source_agency_id"))

    def action_publish(self):
        self._check_step(["draft"], "dawa_approval.group_catalog_admin")
        for item in self:
            missing = item._get_publication_gaps()
            if missing:
                raise ValidationError(
                    self.env._(
                        "%(item)s cannot be published yet: it needs %(missing)s.",
                        item=item.name,
                        missing=format_list(self.env, missing),
                    )
                )
        self._workflow_write({"state": "published"})

    def action_suspend(self):
        self._check_step(["published"], "dawa_approval.group_catalog_admin")
        self._workflow_write({"state": "suspended"})

    def action_resume(self):
        self._check_step(["suspended"], "dawa_approval.group_catalog_admin")
        self._workflow_write({"state": "published"})

    def action_abolish(self):
        self._check_step(["draft", "published", "suspended"], "dawa_approval.group_catalog_admin")
        self._workflow_write({"state": "abolished"})

    def _get_publication_gaps(self):
        """What a clerk must fill in before the item can be published."""
        self.ensure_one()
        gaps = []
        if not self.handling_agency_id:
            gaps.append(self.env._("an implementing agency"))
        if not (self.legal_basis or "").strip():
            gaps.append(self.env._("a legal basis"))
        if not self.material_ids and self.item_type != "filing":
            gaps.append(self.env._("at least one application material"))
        return gaps

    # ------------------------------------------------------------------
    # public service guide (QR code of the 明白卡; dawa.qr.mixin)
    # ------------------------------------------------------------------

    def _get_qr_url(self):
        self.ensure_one()
        return f"{self._get_public_base_url()}/dawa/guide/{url_quote(self.code, safe='')}"
