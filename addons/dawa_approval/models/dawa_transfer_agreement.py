from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DawaTransferAgreement(models.Model):
    """审批事项移交协议书: a department hands its items, seals and archives over
    to the approval bureau."""

    _name = "dawa.transfer.agreement"
    _description = "Transfer Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin"]
    _order = "date_signed desc, id desc"
    _workflow_frozen_states = ("done",)

    name = fields.Char(
        string="Number",
        required=True,
        copy=False,
        tracking=True,
        default=lambda self: self.env["ir.sequence"].next_by_code("dawa.transfer.agreement"),
    )
    agency_id = fields.Many2one(
        "dawa.agency",
        string="Transferring Department",
        required=True,
        index=True,
        tracking=True,
        domain=[("kind", "=", "department")],
    )
    date_signed = fields.Date(tracking=True, copy=False)
    date_done = fields.Date(string="Completion Date", readonly=True, copy=False)
    item_ids = fields.One2many(
        "dawa.approval.item", "transfer_agreement_id", string="Transferred Items"
    )
    item_count = fields.Integer(compute="_compute_counts")
    seal_ids = fields.Many2many("dawa.seal", string="Seals Handed Over", copy=False)
    seal_count = fields.Integer(compute="_compute_counts")
    line_ids = fields.One2many(
        "dawa.transfer.agreement.line", "agreement_id", string="Archives Handed Over", copy=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("signed", "Signed"), ("done", "Completed")],
        required=True,
        default="draft",
        copy=False,
        index=True,
        tracking=True,
    )
    note = fields.Html()

    _sql_constraints = [
        ("name_unique", "unique(name)", "Another transfer agreement already has this number."),
    ]

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "date_done"]

    @api.depends("item_ids", "seal_ids")
    def _compute_counts(self):
        for agreement in self:
            agreement.item_count = len(agreement.item_ids)
            agreement.seal_count = len(agreement.seal_ids)

    @api.constrains("agency_id")
    def _check_department(self):
        for agreement in self:
            if agreement.agency_id.kind != "department":
                raise ValidationError(self.env._(
                    "%(agreement)s: a transfer agreement hands over the powers of one of the "
                    "departments, not of %(agency)s.",
                    agreement=agreement.name, agency=agreement.agency_id.name))

    @api.constrains("agency_id", "item_ids", "seal_ids")
    def _check_same_department(self):
        for agreement in self:
            foreign = agreement.item_ids.filtered(
                lambda item, agreement=agreement: item.source_agency_id != agreement.agency_id
            )
            foreign_seals = agreement.seal_ids.filtered(
                lambda seal, agreement=agreement: seal.agency_id != agreement.agency_id
            )
            if foreign or foreign_seals:
                raise ValidationError(
                    self.env._(
                        "%(agreement)s can only hand over items and seals of %(agency)s, "
                        "not %(other)s.",
                        agreement=agreement.name,
                        agency=agreement.agency_id.name,
                        other=(foreign[:1] or foreign_seals[:1]).display_name,
                    )
                )

    def action_sign(self):
        self._check_step(["draft"], "dawa_approval.group_catalog_admin")
        empty = self.filtered(lambda agreement: not agreement.item_ids)
        if empty:
            raise ValidationError(
                self.env._("%(agreement)s transfers no item yet.", agreement=empty[0].name)
            )
        for agreement in self.filtered(lambda agreement: not agreement.date_signed):
            agreement.date_signed = self.env["dawa.holiday"]._bureau_today()
        self._workflow_write({"state": "signed"})

    def action_done(self):
        """Hand the items over to the bureau and retire the department's seals: a catalogue
        administrator completes it once the seal keeper retired the seals; a bureau manager
        (both) may do it all at once."""
        self._check_step(["signed"], "dawa_approval.group_catalog_admin")
        to_retire = self.seal_ids.filtered(
            lambda seal: seal.state not in ("retired", "destroyed"))
        if to_retire and not self.env.su \
                and not self.env.user.has_group("dawa_approval.group_seal_keeper"):
            raise UserError(self.env._(
                "%(seal)s is still %(state)s: only a seal keeper retires a seal. Ask the seal "
                "keeper to retire the seals this agreement hands over, or a bureau manager to "
                "complete it.",
                seal=to_retire[0].display_name,
                state=dict(to_retire._fields["state"]._description_selection(self.env))[
                    to_retire[0].state]))
        bureau = self.env["dawa.agency"]._get_bureau()
        self.item_ids._workflow_write({"handling_agency_id": bureau.id})
        if to_retire:
            to_retire.action_retire()
        self._workflow_write(
            {"state": "done", "date_done": self.env["dawa.holiday"]._bureau_today()})

    def _check_not_done(self):
        if any(agreement.state == "done" for agreement in self):
            raise UserError(self.env._("A completed transfer agreement can no longer be changed."))
