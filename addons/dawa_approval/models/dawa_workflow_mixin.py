from odoo import models
from odoo.exceptions import UserError
from odoo.tools.i18n import format_list


class DawaWorkflowMixin(models.AbstractModel):
    """Guards shared by every document with a state: one place that checks
    the source state and the user's group of a transition."""

    _name = "dawa.workflow.mixin"
    _description = "Dawa Workflow Step"

    def _check_step(self, allowed_states, group=None):
        """Raise a clear error unless every record is in ``allowed_states`` and
        the user belongs to ``group`` (xml id)."""
        if group and not self.env.su and not self.env.user.has_group(group):
            raise UserError(
                self.env._(
                    "Only %(group)s may do this.",
                    # sudo: a clerk may not read res.groups, but may read its name in a message
                    group=self.env.ref(group).sudo().full_name,
                )
            )
        wrong = self.filtered(lambda rec: rec.state not in allowed_states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(record)s is %(state)s: this step is only possible when it is %(allowed)s.",
                    record=wrong[0].display_name,
                    state=labels[wrong[0].state],
                    allowed=format_list(
                        self.env, [labels[state] for state in allowed_states], style="or"),
                )
            )
