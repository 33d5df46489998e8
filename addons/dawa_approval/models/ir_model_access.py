from odoo import models
from odoo.exceptions import AccessError


def dawa_refusal(env, model, operation):
    """The refusal a user of the bureau reads when his role may not ``operation`` (read,
    write, create, unlink) records of ``model``: what he tried, on what kind of document,
    and whom to ask; in his language."""
    env = env(context=env.user.context_get())
    kind = env["ir.model"]._get(model).name or model
    operations = {
        "read": env._("open"),
        "write": env._("change"),
        "create": env._("create"),
        "unlink": env._("delete"),
    }
    return env._(
        "You may not %(operation)s this %(document)s: it belongs to another department or to "
        "a step that is not yours. If your work needs it, ask the bureau's system "
        "administrator.", operation=operations.get(operation, operation), document=kind)


class IrModelAccess(models.Model):
    _inherit = "ir.model.access"

    def _make_access_error(self, model, mode):
        """As ``ir.rule``'s: a role refused a kind of the bureau's documents reads it plainly
        (Odoo's message lists groups and the technical model name)."""
        error = super()._make_access_error(model, mode)  # logs the refusal
        if not model.startswith("dawa.") or (
                self.env.user.has_group("base.group_no_one") and self.env.user._is_internal()):
            return error
        return AccessError(dawa_refusal(self.env, model, mode))
