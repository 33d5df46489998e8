from odoo import models
from odoo.exceptions import AccessError

from .ir_model_access import dawa_refusal


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """A record of the bureau refused by a record rule (another department's task,
        another handler's case…) is refused in plain words, without Odoo's joke, the record's
        internal id or its model's technical name; technicians (debug mode, 技术特性) keep
        Odoo's detailed message naming the rules."""
        error = super()._make_access_error(operation, records)  # logs the refusal
        if not records._name.startswith("dawa.") or (
                self.env.user.has_group("base.group_no_one") and self.env.user._is_internal()):
            return error
        return AccessError(dawa_refusal(self.env, records._name, operation))
