from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.dawa_approval.models.dawa_approval_case import FROZEN_STATES

# What the window writes on a material check besides dawa_approval's own fields.
REUSE_CLERK_FIELDS = {"reuse_refusal_reason"}


class DawaApprovalCaseMaterial(models.Model):
    """一套材料: a material check of a project's case the builder already handed in for the
    project in an earlier case is reused (provided, naming that case); the window can ask for
    it again with a reason (``action_ask_again``)."""

    _inherit = "dawa.approval.case.material"

    reused = fields.Boolean(
        readonly=True, copy=False,
        help="Already handed in for the project in an earlier case: not asked again.")
    reuse_source_case_id = fields.Many2one(
        "dawa.approval.case", string="Reused From", readonly=True, copy=False,
        ondelete="set null")
    reuse_refused = fields.Boolean(
        string="Asked Again", readonly=True, copy=False,
        help="The window asked for this material again instead of reusing it.")
    reuse_refusal_reason = fields.Char(
        string="Reason for Asking Again",
        help="Why the copy handed in earlier does not serve for this case.")

    def write(self, vals):
        if not self.env.su and set(vals) & {"reused", "reuse_source_case_id", "reuse_refused"}:
            raise UserError(self.env._(
                "Whether a material is reused is set by the project; ask for it again "
                "with a reason instead."))
        return super().write(vals)

    def _check_clerk_vals(self, vals):
        own = set(vals) & REUSE_CLERK_FIELDS
        if own:
            decided = self.filtered(lambda m: m.case_id.state in FROZEN_STATES)
            if decided:
                decided.case_id._check_not_frozen([self.env._("materials")])
        rest = {key: value for key, value in vals.items() if key not in REUSE_CLERK_FIELDS}
        if rest:
            return super()._check_clerk_vals(rest)
        return None

    def action_ask_again(self):
        """The window asks for a reused material again (the earlier copy does not serve):
        with the reason, before the case is accepted."""
        if not self.env.su and not self.env.user.has_group("dawa_approval.group_window_clerk"):
            raise UserError(self.env._(
                "Only %(group)s may do this.",
                # sudo: a clerk may not read res.groups, but may read its name in a message
                group=self.env.ref("dawa_approval.group_window_clerk").sudo().full_name))
        for material in self:
            if not material.reused:
                raise UserError(self.env._(
                    "%(material)s is not reused from an earlier case.", material=material.name))
            if material.case_id.state not in ("received", "correction"):
                raise UserError(self.env._(
                    "%(case)s is accepted: its materials were checked.",
                    case=material.case_id.name))
            if not (material.reuse_refusal_reason or "").strip():
                raise UserError(self.env._(
                    "Write why %(material)s is asked again first.", material=material.name))
        for material in self:
            source = material.reuse_source_case_id
            # sudo: the reuse flags are the project's, only this action clears them
            material.sudo().write({"provided": False, "reused": False, "reuse_refused": True,
                                   "reuse_source_case_id": False})
            material.case_id.message_post(body=self.env._(
                "%(material)s asked again instead of reusing the copy of %(case)s: "
                "%(reason)s", material=material.name, case=source.name,
                reason=material.reuse_refusal_reason.strip()))
