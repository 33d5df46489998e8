from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import hashchain


class DawaSealUsage(models.Model):
    """用印登记台账: append-only; each line's hash chains the previous one, so that a change
    made behind the ORM's back shows in ``verify_chain()``."""

    _name = "dawa.seal.usage"
    _description = "Seal Ledger Line"
    _order = "id desc"
    _rec_name = "document_ref"

    seal_id = fields.Many2one("dawa.seal", required=True, index=True, ondelete="restrict")
    case_id = fields.Many2one("dawa.approval.case", index=True, ondelete="restrict")
    document_type_id = fields.Many2one(
        "dawa.document.type", required=True, ondelete="restrict")
    document_type = fields.Char(string="Document Type Code", readonly=True)
    document_ref = fields.Char(string="Document Number", required=True)
    used_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    operator_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user)
    approver_id = fields.Many2one("res.users", string="Approved By")
    prev_hash = fields.Char(readonly=True)
    hash = fields.Char(readonly=True)

    _sql_constraints = [
        # Two lines chained on the same predecessor would fork the ledger: the later of two
        # concurrent decisions is refused and can simply be tried again.
        ("prev_hash_unique", "unique(prev_hash)",
         "Another document was sealed at the same moment: please try again."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self.env.cr.execute(SQL(
            "SELECT hash FROM %s ORDER BY id DESC LIMIT 1", SQL.identifier(self._table)))
        row = self.env.cr.fetchone()
        prev_hash = row[0] if row else hashchain.GENESIS
        document_types = self.env["dawa.document.type"].browse(
            [vals["document_type_id"] for vals in vals_list])
        codes = dict(zip(document_types.ids, document_types.mapped("code"), strict=False))
        now = fields.Datetime.now()
        for vals in vals_list:
            vals.setdefault("used_at", now)
            vals.setdefault("operator_id", self.env.uid)
            vals["document_type"] = codes[vals["document_type_id"]]
            vals["used_at"] = fields.Datetime.to_datetime(vals["used_at"])
            vals["prev_hash"] = prev_hash
            vals["hash"] = prev_hash = hashchain.line_hash(prev_hash, self._hash_payload(vals))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("The seal ledger is append-only: its lines cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._("The seal ledger is append-only: its lines cannot be deleted."))

    @api.model
    def _append(self, vals_list):
        """Write ledger lines on behalf of the user sealing a document."""
        # sudo: nobody but the system writes the ledger, even users who may not read it
        return self.sudo().create(vals_list)

    @api.model
    def verify_chain(self):
        """Recompute the chain from the database rows, bypassing the ORM cache.

        :return: ``{"ok": bool, "checked": n, "broken_id": id of the first bad line or False}``
        """
        self.env.flush_all()
        self.env.cr.execute(SQL(
            """SELECT id, prev_hash, hash, seal_id, case_id, document_type, document_ref,
                      used_at, operator_id, approver_id
                 FROM %s ORDER BY id""",
            SQL.identifier(self._table)))
        rows = (
            (row["id"], row["prev_hash"], row["hash"], self._hash_payload(row))
            for row in self.env.cr.dictfetchall()
        )
        return hashchain.verify(rows)

    @api.model
    def _hash_payload(self, vals):
        """What a line's hash covers, from create values or a database row."""
        return {
            "seal_id": vals.get("seal_id") or None,
            "case_id": vals.get("case_id") or None,
            "document_type": vals.get("document_type") or None,
            "document_ref": vals.get("document_ref") or None,
            "used_at": vals.get("used_at"),
            "operator_id": vals.get("operator_id") or None,
            "approver_id": vals.get("approver_id") or None,
        }

    @api.model
    def action_verify_chain(self):
        """Tell the seal keeper whether the ledger is intact."""
        result = self.verify_chain()
        if result["ok"]:
            message = self.env._(
                "The ledger is intact: %(count)s lines checked.", count=result["checked"])
        else:
            message = self.env._(
                "The ledger was altered: line %(line)s does not match its hash. "
                "Report it to the bureau leadership.", line=result["broken_id"])
        return {
            "type": "ir.client_action",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Seal Ledger Integrity"),
                "message": message,
                "type": "success" if result["ok"] else "danger",
                "sticky": not result["ok"],
            },
        }
