from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.i18n import format_list

# What the ledger records of a seal: fixed once the seal has sealed a document
IDENTITY_FIELDS = ("name", "code", "kind", "agency_id")


class DawaSeal(models.Model):
    _name = "dawa.seal"
    _description = "Seal"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin"]
    _order = "agency_id, kind, code"
    # the registry's entry of a destroyed seal is history
    _workflow_frozen_states = ("destroyed",)

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, copy=False, tracking=True)
    kind = fields.Selection(
        [
            ("approval", "Administrative Approval Seal"),
            ("agency", "Agency Seal"),
            ("department", "Former Department Business Seal"),
            ("electronic", "Electronic Seal"),
        ],
        required=True,
        default="approval",
        tracking=True,
    )
    agency_id = fields.Many2one("dawa.agency", required=True, index=True, tracking=True)
    custodian_id = fields.Many2one("res.users", index=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("filed", "Filed with Police"),
            ("in_use", "In Use"),
            ("suspended", "Suspended"),
            ("retired", "Retired"),
            ("destroyed", "Destroyed"),
        ],
        required=True,
        default="draft",
        copy=False,
        index=True,
        tracking=True,
    )
    filing_ref = fields.Char(string="Police Filing Reference", tracking=True)
    filing_date = fields.Date(tracking=True)
    announcement_date = fields.Date(string="Activation Announcement Date", tracking=True)
    announcement_ref = fields.Char(string="Activation Announcement Reference", tracking=True)
    retired_date = fields.Date(readonly=True, copy=False)
    destroyed_date = fields.Date(readonly=True, copy=False)
    allowed_document_types = fields.Many2many(
        "dawa.document.type",
        help="Documents this seal may be put on; empty means any document its kind allows.",
    )
    note = fields.Text()
    impression_image = fields.Image(
        string="Seal Impression", max_width=1024, max_height=1024, copy=False,
        help="Image of the impression of an electronic seal (a PNG with a transparent "
        "background): placed over the seal position of the decisions it seals. It is fixed "
        "once the seal is in use.")

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another seal already uses this code."),
    ]

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "retired_date", "destroyed_date"]

    @api.constrains("state", "kind", "agency_id")
    def _check_one_approval_seal_in_use(self):
        in_use = self.filtered(lambda seal: seal.state == "in_use" and seal.kind == "approval")
        if not in_use:
            return
        counts = self._read_group(
            [("state", "=", "in_use"), ("kind", "=", "approval"),
             ("agency_id", "in", in_use.agency_id.ids)],
            ["agency_id"],
            ["__count"],
        )
        for agency, count in counts:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "%(agency)s already has an approval seal in use: suspend or retire it "
                        "before activating another one.",
                        agency=agency.name,
                    )
                )

    def write(self, vals):
        if "impression_image" in vals:
            fixed = self.filtered(lambda seal: seal.state not in ("draft", "filed"))
            if fixed:
                raise UserError(self.env._(
                    "The impression of %(seal)s cannot be changed once the seal is in use: the "
                    "decisions it sealed bear it.", seal=fixed[0].display_name))
        identity = [name for name in IDENTITY_FIELDS if name in vals]
        if identity:
            for seal in self._get_used_seals():
                changed = self._changed_fields(vals, seal, identity)
                if changed:
                    raise UserError(self.env._(
                        "%(seal)s has sealed documents: its %(fields)s are those of the seal "
                        "ledger and can no longer be changed. Register a new seal instead.",
                        seal=seal.display_name, fields=format_list(self.env, [
                            field._description_string(self.env) for field in changed])))
        return super().write(vals)

    def _get_used_seals(self):
        """The seals of ``self`` that have a line in the seal ledger."""
        # sudo: whoever edits the registry is told a seal was used, ledger or not
        used = self.env["dawa.seal.usage"].sudo()._read_group(
            [("seal_id", "in", self.ids)], ["seal_id"])
        return self.browse([seal.id for (seal,) in used])

    def action_file(self):
        self._check_step(["draft"], "dawa_approval.group_seal_keeper")
        self._require_fields("filing_ref", self.env._("the police filing reference"))
        self._workflow_write({
            "state": "filed", "filing_date": self.env["dawa.holiday"]._bureau_today()})

    def action_activate(self):
        self._check_step(["filed"], "dawa_approval.group_seal_keeper")
        self._require_fields(
            "announcement_ref", self.env._("the activation announcement reference"))
        for seal in self.filtered(lambda seal: not seal.announcement_date):
            seal.announcement_date = self.env["dawa.holiday"]._bureau_today()
        self._workflow_write({"state": "in_use"})

    def action_suspend(self):
        self._check_step(["in_use"], "dawa_approval.group_seal_keeper")
        self._workflow_write({"state": "suspended"})

    def action_resume(self):
        self._check_step(["suspended"], "dawa_approval.group_seal_keeper")
        self._workflow_write({"state": "in_use"})

    def action_retire(self):
        self._check_step(["filed", "in_use", "suspended"], "dawa_approval.group_seal_keeper")
        self._workflow_write({
            "state": "retired", "retired_date": self.env["dawa.holiday"]._bureau_today()})

    def action_destroy(self):
        self._check_step(["retired"], "dawa_approval.group_seal_keeper")
        self._workflow_write({
            "state": "destroyed", "destroyed_date": self.env["dawa.holiday"]._bureau_today()})

    @api.model
    def _get_approval_seal(self, document_type):
        """The bureau's approval seal in use, if it may be put on ``document_type``."""
        bureau = self.env["dawa.agency"]._get_bureau()
        # sudo: every clerk seals decisions, but only seal keepers manage the registry
        seal = self.sudo().search([
            ("kind", "=", "approval"), ("state", "=", "in_use"), ("agency_id", "=", bureau.id),
        ], limit=1)
        if not seal:
            raise UserError(self.env._(
                "No approval seal of the bureau is in use: a seal keeper must activate one "
                "before any decision can be issued."))
        if document_type.changes_licence:
            raise UserError(self.env._(
                "The approval seal may not be put on a %(document)s: it needs the agency seal.",
                document=document_type.name))
        if seal.allowed_document_types and document_type not in seal.allowed_document_types:
            raise UserError(self.env._(
                "%(seal)s may not be put on a %(document)s.",
                seal=seal.name, document=document_type.name))
        return seal

    @api.model
    def _get_electronic_seal(self, document_type):
        """The bureau's electronic approval seal in use that may be put on ``document_type``,
        or an empty recordset: decisions are then sealed by the seal keeper."""
        if document_type.changes_licence:
            return self.browse()
        bureau = self.env["dawa.agency"]._get_bureau()
        # sudo: every approver seals decisions, but only seal keepers manage the registry
        seals = self.sudo().search([
            ("kind", "=", "electronic"), ("state", "=", "in_use"), ("agency_id", "=", bureau.id),
        ])
        return seals.filtered(lambda seal: not seal.allowed_document_types
                              or document_type in seal.allowed_document_types)[:1]

    def _require_fields(self, field_name, label):
        missing = self.filtered(lambda seal: not seal[field_name])
        if missing:
            raise ValidationError(
                self.env._(
                    "Fill in %(what)s of %(seal)s first.",
                    what=label,
                    seal=missing[0].display_name,
                )
            )
