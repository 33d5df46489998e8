from odoo import fields, models


class DawaInspectionWitness(models.TransientModel):
    """The draw's witness, a leader of the bureau, enters his value after the plan is
    confirmed (DAWA-DRAW-2)."""

    _name = "dawa.inspection.witness"
    _description = "Witness of a Random Draw"

    plan_id = fields.Many2one("dawa.inspection.plan", required=True, ondelete="cascade")
    value = fields.Char(
        string="Witness Value", required=True,
        help="A value chosen now by the witness, e.g. the numbers of dice rolled in front of "
        "the department's staff.")

    def action_confirm(self):
        self.ensure_one()
        self.plan_id._witness(self.value)
        return {"type": "ir.actions.act_window_close"}
