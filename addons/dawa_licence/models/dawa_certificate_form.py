from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime

FORM_STATES = [("on_hand", "On Hand"), ("issued", "Issued"), ("voided", "Voided")]
# 废证 (nearest rule: 进出口许可证证书管理规定 art 26, docs/law.md, blank forms)
VOID_REASONS = [
    ("misprinted_delivery", "Misprinted or Defective on Delivery"),
    ("damaged", "Damaged in Store"),
    ("spoiled", "Spoiled in Printing"),
    ("filled_wrongly", "Filled In Wrongly"),
    ("lost", "Lost"),
    ("other", "Other"),
]


class DawaCertificateForm(models.Model):
    """One blank certificate form (空白证书), by its serial: on hand from the receipt of its
    batch, then issued (printed with a licence, once) or voided (废证: with its reason, who
    and when). Nothing else happens to a form and none is ever deleted, so every serial
    received is accounted for."""

    _name = "dawa.certificate.form"
    _description = "Blank Certificate Form"
    _inherit = ["dawa.workflow.mixin"]
    _order = "certificate_type_id, number"
    _rec_name = "name"
    _workflow_frozen_states = ("on_hand", "issued", "voided")

    name = fields.Char(string="Serial", required=True, readonly=True, index=True)
    number = fields.Integer(required=True, readonly=True, aggregator=None)
    stock_id = fields.Many2one("dawa.certificate.stock", string="Batch", required=True,
                               readonly=True, index=True, ondelete="restrict")
    certificate_type_id = fields.Many2one(
        "dawa.certificate.type", string="Form Type", required=True, readonly=True,
        index=True, ondelete="restrict")
    state = fields.Selection(FORM_STATES, required=True, default="on_hand", readonly=True,
                             index=True)
    licence_id = fields.Many2one("dawa.licence", readonly=True, index=True,
                                 ondelete="restrict",
                                 help="The licence printed on this form.")
    issued_by_id = fields.Many2one("res.users", string="Printed By", readonly=True,
                                   ondelete="restrict")
    issued_at = fields.Datetime(string="Printed On", readonly=True)
    void_reason_kind = fields.Selection(VOID_REASONS, string="Void Reason", readonly=True)
    void_reason = fields.Char(string="Void Details", readonly=True)
    voided_by_id = fields.Many2one("res.users", readonly=True,
                                   ondelete="restrict")
    voided_at = fields.Datetime(string="Voided On", readonly=True)

    _sql_constraints = [
        ("serial_unique", "unique(certificate_type_id, number)",
         "This form was already received: a serial exists once per form type."),
    ]

    def init(self):
        # a licence holds one form at a time (a spoiled one is voided before the next prints)
        self.env.cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS dawa_certificate_form_one_issued_per_licence "
            "ON dawa_certificate_form (licence_id) WHERE state = 'issued'"))

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "name", "number", "stock_id",
                "certificate_type_id", "licence_id", "issued_by_id", "issued_at",
                "void_reason_kind", "void_reason", "voided_by_id", "voided_at"]

    def _get_workflow_action_labels(self):
        return [self.env._("receiving its batch, printing a licence and voiding it")]

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._(
            "A blank certificate form is never deleted: a spoiled or missing one is voided "
            "with its reason."))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_open_void_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "dawa.certificate.form.void",
            "view_mode": "form",
            "target": "new",
            "context": {"default_form_ids": self.ids},
        }

    def action_void(self, reason_kind, reason):
        """废证: the forms are voided with the reason; who and when are recorded. The
        custodian (seal keeper) voids any form on hand or issued; a window clerk only the
        forms he printed (a sheet spoiled in the printer, a licence filled in wrongly). A
        voided form printed with a licence frees the licence for a new printing."""
        self._check_step(("on_hand", "issued"))
        user = self.env.user
        if not self.env.su and not user.has_group("dawa_approval.group_seal_keeper"):
            foreign = self.filtered(lambda form: form.state != "issued"
                                    or form.issued_by_id != user)
            if foreign or not user.has_group("dawa_approval.group_window_clerk"):
                raise UserError(self.env._(
                    "A window clerk voids only the forms he printed; the seal keeper, who "
                    "keeps the blank forms, voids the others."))
        if reason_kind not in dict(VOID_REASONS) or not (reason or "").strip():
            raise UserError(self.env._("Say why the form is voided."))
        now = fields.Datetime.now()
        licences = self.licence_id
        self._workflow_write({
            "state": "voided", "void_reason_kind": reason_kind, "void_reason": reason.strip(),
            "voided_by_id": user.id, "voided_at": now,
        })
        labels = dict(self._fields["void_reason_kind"]._description_selection(self.env))
        for form in self:
            body = self.env._(
                "Form %(form)s voided by %(user)s on %(when)s: %(kind)s, %(reason)s.",
                form=form.name, user=user.name, when=format_datetime(self.env, now),
                kind=labels[reason_kind], reason=reason.strip())
            # sudo: the batch's chatter records every voiding, whoever voids (a clerk may
            # not write on the batch)
            form.stock_id.sudo().message_post(body=body)
            if form.licence_id:
                form.licence_id.message_post(body=body)
        if licences:
            licences._workflow_write({"certificate_serial": False})
        return True

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    @api.model
    def _create_batch_forms(self, stock):
        """One form per serial of ``stock``, on hand: one INSERT for the whole range (a box
        holds thousands)."""
        certificate_type = stock.certificate_type_id
        padding = certificate_type.serial_padding
        self.env.cr.execute(SQL(
            """INSERT INTO dawa_certificate_form
                   (stock_id, certificate_type_id, number, name, state,
                    create_uid, write_uid, create_date, write_date)
               SELECT %(stock)s, %(type)s, n,
                      %(prefix)s || CASE WHEN length(n::text) >= %(padding)s THEN n::text
                                         ELSE lpad(n::text, %(padding)s, '0') END,
                      'on_hand', %(uid)s, %(uid)s, now() at time zone 'UTC',
                      now() at time zone 'UTC'
                 FROM generate_series(%(first)s, %(last)s) AS n""",
            stock=stock.id, type=certificate_type.id,
            prefix=(certificate_type.serial_prefix or "").strip(), padding=padding,
            uid=self.env.uid, first=stock.serial_first, last=stock.serial_last))
        self.invalidate_model()
        stock.invalidate_recordset(["form_ids"])
        certificate_type.invalidate_recordset(["form_ids"])

    @api.model
    def _take_next(self, certificate_type, licence):
        """The next blank form of ``certificate_type`` for printing ``licence``: the lowest
        serial on hand, locked and marked issued in this transaction. Two clerks printing
        at once get two different forms (the one locked by the other transaction is skipped;
        if that printing fails, its form goes back on hand, before the others); a form is
        issued once (the state is changed only from on hand)."""
        self.flush_model()
        self.env.cr.execute(SQL(
            """SELECT id FROM dawa_certificate_form
                WHERE certificate_type_id = %s AND state = 'on_hand'
                ORDER BY number
                LIMIT 1
                  FOR UPDATE SKIP LOCKED""", certificate_type.id))
        row = self.env.cr.fetchone()
        if not row:
            raise UserError(self.env._(
                "No blank form of %(type)s is on hand: receive a new batch first.",
                type=certificate_type.name))
        form = self.browse(row[0])
        self.env.cr.execute(SQL(
            """UPDATE dawa_certificate_form
                  SET state = 'issued', licence_id = %s, issued_by_id = %s,
                      issued_at = now() at time zone 'UTC', write_uid = %s,
                      write_date = now() at time zone 'UTC'
                WHERE id = %s AND state = 'on_hand'
            RETURNING id""", licence.id, self.env.uid, self.env.uid, form.id))
        if not self.env.cr.fetchone():  # cannot happen under the row lock; never issue twice
            raise UserError(self.env._("Form %(form)s was issued meanwhile: print again.",
                                       form=form.name))
        form.invalidate_recordset()
        return form
