from lxml import etree

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.i18n import format_list


class DawaWorkflowMixin(models.AbstractModel):
    """Guards shared by every document with a state.

    - ``_check_step()``: one place that checks the source state and the user's group of a
      transition.
    - ``_get_workflow_fields()``: the fields a transition owns (state, dates, decisions,
      who), each model and mixin adding its own to ``super()``'s (as
      ``account.move._get_integrity_hash_fields()`` does). Only the action methods write
      them, through ``_workflow_write()``; a direct ``write`` or
      ``create`` of them is refused for every user and whatever the context (the way
      ``account.move`` refuses to change a posted entry). Code running as superuser (the
      actions' privileged path, data files, crons) is trusted.
    - ``_workflow_frozen_states``: states after which the record is frozen: only the fields of
      ``_get_writable_when_frozen()`` and the workflow fields (through the actions) still
      change, for every user, superuser included.
    - and the derived fields of ``dawa.derived.fields.mixin``.
    """

    _name = "dawa.workflow.mixin"
    _inherit = ["dawa.derived.fields.mixin"]
    _description = "Dawa Workflow Step"

    _workflow_frozen_states = ()

    @api.model_create_multi
    def create(self, vals_list):
        records = self
        if not self.env.su:
            # nor may the caller's context give them a default
            forced = {f"default_{name}" for name in self._get_workflow_fields()} \
                & set(self.env.context)
            if forced:
                # the whole context minus those keys: with_context(**kw) cannot remove a key
                records = self.with_context(  # pylint: disable=context-overridden
                    {key: value for key, value in self.env.context.items() if key not in forced})
            for vals in vals_list:
                records._check_workflow_vals(vals, records._get_workflow_create_defaults(vals))
        records._fill_workflow_create_vals(vals_list)
        return super(DawaWorkflowMixin, records).create(vals_list)

    def write(self, vals):
        if not self.env.su:
            for record in self:
                record._check_workflow_vals(vals, record)
        self._check_frozen(vals)
        return super().write(vals)

    def _get_workflow_fields(self):
        """The fields only the action methods write: ``super()``'s and the model's own."""
        return ["state"]

    def _workflow_write(self, vals):
        """The privileged path of the action methods to the workflow fields."""
        # sudo: the calling action has checked the source state and the user's group;
        # tracking and the chatter still name the user (sudo keeps the uid)
        return self.sudo().write(vals)

    def _get_workflow_create_defaults(self, vals):
        """The values a new record gets for its workflow fields when the caller gives none:
        a caller may repeat them (the web client sends back the defaults it was shown)."""
        return self.default_get([name for name in self._get_workflow_fields() if name in vals])

    @api.model
    def _fill_workflow_create_vals(self, vals_list):
        """Hook: set the workflow fields the model itself gives a new record (a number...),
        once the caller's values have been checked."""

    def _check_workflow_vals(self, vals, current):
        """Refuse ``vals`` if they change a workflow field from ``current`` (a record, or the
        dict of the values a new record would get)."""
        forced = self._changed_fields(vals, current, self._get_workflow_fields())
        if forced:
            raise UserError(self.env._(
                "%(fields)s of %(document)s can only be changed with its buttons "
                "(%(actions)s), not by editing the record directly.",
                fields=format_list(self.env, [
                    field._description_string(self.env) for field in forced]),
                document=self._description_for_users(),
                actions=format_list(self.env, self._get_workflow_action_labels()),
            ))

    def _derived_field_names(self, vals):
        # a workflow field has its own check, which knows the defaults of a new record
        derived = super()._derived_field_names(vals)
        if not derived:
            return derived
        workflow_fields = set(self._get_workflow_fields())
        return [name for name in derived if name not in workflow_fields]

    def _check_frozen(self, vals):
        """Refuse changes to a record in a frozen state, but for what may still change."""
        changed = set(vals) - self._get_writable_when_frozen() - set(self._get_workflow_fields())
        if changed:
            self._check_not_frozen([self._fields[name]._description_string(self.env)
                                    for name in sorted(changed) if name in self._fields])

    def _check_not_frozen(self, what):
        """Refuse to change ``what`` (labels) on records in a frozen state."""
        frozen = self.filtered(lambda rec: rec.state in self._workflow_frozen_states)
        if frozen:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(self.env._(
                "%(record)s is %(state)s: it can no longer be changed (%(fields)s).",
                record=frozen[0].display_name,
                state=labels[frozen[0].state],
                fields=format_list(self.env, what),
            ))

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """A form shows a frozen record as the server keeps it: every field of the record
        that a frozen state refuses (not the workflow fields, which only the buttons move, nor
        those of ``_get_writable_when_frozen()``) is read-only in those states, so that the
        web client does not offer a change the server would refuse on saving."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type != "form" or not self._workflow_frozen_states \
                or not arch.xpath("//field[@name='state']"):
            return arch, view
        writable = self._get_writable_when_frozen() | set(self._get_workflow_fields())
        frozen = f"state in {tuple(self._workflow_frozen_states)!r}"
        for node in arch.xpath("//field[not(ancestor::field)]"):
            name = node.get("name")
            readonly = node.get("readonly")
            if name in writable or name not in self._fields or readonly in ("1", "True"):
                continue
            node.set("readonly", f"({readonly}) or {frozen}" if readonly else frozen)
        return arch, view

    def _get_writable_when_frozen(self):
        """Fields a frozen record still accepts: the chatter's and the activities'."""
        return {"message_main_attachment_id", "activity_ids", "message_follower_ids"}

    def _get_workflow_action_labels(self):
        """The buttons of the form view that move the record, as the user sees them."""
        arch = etree.fromstring(self.get_view(view_type="form")["arch"])
        labels = []
        for button in arch.iter("button"):
            label = button.get("string")
            if button.get("type") == "object" and (button.get("name") or "").startswith(
                    "action_") and label and label not in labels:
                labels.append(label)
        return labels or [self.env._("the workflow buttons")]

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
