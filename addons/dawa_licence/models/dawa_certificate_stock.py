from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..tools import certificates

STOCK_STATES = [("draft", "Draft"), ("received", "Received")]
SOURCES = [("department", "Handed Over by a Department"), ("printer", "From the Printer")]


class DawaCertificateStock(models.Model):
    """A batch of blank certificate forms received (制式证书入库): a range of serials of one
    form type, from a department at the hand-over of its powers (with the transfer
    agreement) or from the printer. Receiving it makes one ``dawa.certificate.form`` per
    serial, counted by two people (the receiver and a second counter; nearest rule:
    进出口许可证证书管理规定 arts 17, 21–23, docs/law.md, blank forms). A batch received is
    never changed or deleted; a form found missing or damaged is voided with its reason."""

    _name = "dawa.certificate.stock"
    _description = "Batch of Blank Certificate Forms"
    _inherit = ["mail.thread", "dawa.workflow.mixin"]
    _order = "received_date desc, id desc"
    _workflow_frozen_states = ("received",)

    name = fields.Char(string="Receipt Number", required=True, readonly=True, copy=False,
                       default=lambda self: self.env._("New"))
    certificate_type_id = fields.Many2one(
        "dawa.certificate.type", string="Form Type", required=True, index=True,
        ondelete="restrict", tracking=True)
    source = fields.Selection(SOURCES, required=True, default="printer", tracking=True)
    agency_id = fields.Many2one(
        "dawa.agency", string="Handed Over By", ondelete="restrict",
        help="The department that handed the blank forms over with its approval powers.")
    transfer_agreement_id = fields.Many2one(
        "dawa.transfer.agreement", ondelete="restrict",
        domain="[('agency_id', '=', agency_id)]",
        help="The transfer agreement whose list of archives names these forms.")
    printer_name = fields.Char(string="Printer",
                               help="The printing house that delivered the forms.")
    delivery_ref = fields.Char(string="Delivery Note",
                               help="The number of the delivery note or hand-over list.")
    serial_first = fields.Integer(string="First Serial", required=True, aggregator=None,
                                  tracking=True)
    serial_last = fields.Integer(string="Last Serial", required=True, aggregator=None,
                                 tracking=True)
    quantity = fields.Integer(compute="_compute_quantity", store=True)
    counted_by_id = fields.Many2one(
        "res.users", string="Counted With", ondelete="restrict",
        help="The second person who counted the forms with the receiver (two people count "
        "every receipt).")
    note = fields.Text()
    state = fields.Selection(STOCK_STATES, required=True, default="draft", readonly=True,
                             copy=False, index=True, tracking=True)
    received_date = fields.Date(readonly=True, copy=False, index=True)
    received_by_id = fields.Many2one("res.users", readonly=True,
                                     copy=False, ondelete="restrict")
    form_ids = fields.One2many("dawa.certificate.form", "stock_id", string="Forms")
    on_hand_count = fields.Integer(string="On Hand", compute="_compute_counts")
    issued_count = fields.Integer(string="Issued", compute="_compute_counts")
    voided_count = fields.Integer(string="Voided", compute="_compute_counts")
    serial_range = fields.Char(compute="_compute_serial_range", string="Serials")

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "name", "received_date", "received_by_id"]

    @api.depends("serial_first", "serial_last")
    def _compute_quantity(self):
        for stock in self:
            stock.quantity = max(stock.serial_last - stock.serial_first + 1, 0)

    @api.depends("form_ids.state")
    def _compute_counts(self):
        counts = {}
        for stock, state, count in self.env["dawa.certificate.form"]._read_group(
                [("stock_id", "in", self.ids)], ["stock_id", "state"], ["__count"]):
            counts.setdefault(stock.id, {})[state] = count
        for stock in self:
            own = counts.get(stock.id, {})
            stock.on_hand_count = own.get("on_hand", 0)
            stock.issued_count = own.get("issued", 0)
            stock.voided_count = own.get("voided", 0)

    @api.depends("serial_first", "serial_last", "certificate_type_id")
    def _compute_serial_range(self):
        for stock in self:
            kind = stock.certificate_type_id
            stock.serial_range = certificates.format_ranges(
                [(stock.serial_first, stock.serial_last)], kind.serial_prefix or "",
                kind.serial_padding or 1) if kind else False

    @api.constrains("serial_first", "serial_last", "source", "agency_id",
                    "transfer_agreement_id")
    def _check_batch(self):
        for stock in self:
            error = certificates.range_error(stock.serial_first, stock.serial_last)
            if error == "order":
                raise ValidationError(self.env._(
                    "The serials of a batch run from the first to the last, from 0 up."))
            if error == "size":
                raise ValidationError(self.env._(
                    "A batch holds at most %(max)s forms: check the serials typed.",
                    max=certificates.MAX_BATCH))
            if stock.source == "department" and not stock.agency_id:
                raise ValidationError(self.env._(
                    "Forms handed over by a department name the department."))
            agreement = stock.transfer_agreement_id
            if agreement and agreement.agency_id != stock.agency_id:
                raise ValidationError(self.env._(
                    "Transfer agreement %(agreement)s is not with %(agency)s.",
                    agreement=agreement.name, agency=stock.agency_id.name or "-"))

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if any(stock.state != "draft" for stock in self):
            raise UserError(self.env._(
                "A batch received is never deleted: void its forms one by one, with the "
                "reason."))

    def action_receive(self):
        """入库: the receiver (the seal keeper, custodian of the blank forms) and a second
        counter have counted the forms; one form per serial is made, on hand. A serial
        already received for the form type is refused: a form exists once."""
        self._check_step(("draft",), "dawa_approval.group_seal_keeper")
        Form = self.env["dawa.certificate.form"]
        today = self.env["dawa.holiday"]._bureau_today()
        for stock in self:
            if not stock.counted_by_id or stock.counted_by_id == self.env.user:
                raise UserError(self.env._(
                    "Two people count the forms received: name the colleague who counted "
                    "them with you."))
            clash = Form.sudo().search([
                ("certificate_type_id", "=", stock.certificate_type_id.id),
                ("number", ">=", stock.serial_first), ("number", "<=", stock.serial_last),
            ], limit=1, order="number")
            if clash:
                raise UserError(self.env._(
                    "Form %(form)s of %(type)s was already received (batch %(batch)s): a "
                    "serial is received once.", form=clash.name,
                    type=stock.certificate_type_id.name, batch=clash.stock_id.name))
            # sudo: the custodian numbers the receipt without managing the sequences
            number = self.env["ir.sequence"].sudo().next_by_code("dawa.certificate.stock") \
                or stock.name
            stock._workflow_write({
                "name": number, "state": "received", "received_date": today,
                "received_by_id": self.env.user.id,
            })
            Form._create_batch_forms(stock)
            stock.message_post(body=self.env._(
                "Received on %(date)s by %(user)s, counted with %(counter)s: %(quantity)s "
                "forms, %(serials)s.", date=format_date(self.env, today),
                user=self.env.user.name, counter=stock.counted_by_id.name,
                quantity=stock.quantity, serials=stock.serial_range))
        return True

    def action_view_forms(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_licence.dawa_certificate_form_action")
        action.update({"domain": [("stock_id", "=", self.id)], "context": {}})
        return action
