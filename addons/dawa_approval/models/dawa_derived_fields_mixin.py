from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.i18n import format_list


class DawaDerivedFieldsMixin(models.AbstractModel):
    """Derived fields are the model's to compute.

    A stored computed or related field that nothing writes back (a case's main item and
    department come from its items, an evaluation's scores from its lines) is set by the ORM's
    recomputation only. A ``create`` or ``write`` that gives one another value is refused for
    every user and whatever the context, superuser excepted: the ORM would store it as given
    (a created record's given value is not computed again), and the record would contradict
    the data it is derived from, or slip out of its department's record rules. The value a
    field has may be sent back (the web client does for a field it saves with the form).
    """

    _name = "dawa.derived.fields.mixin"
    _description = "Dawa Derived Fields"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_derived_vals(vals, {})
        return super().create(vals_list)

    def write(self, vals):
        # most writes give no derived field: nothing to compare, record by record
        if not self.env.su and self._derived_field_names(vals):
            for record in self:
                record._check_derived_vals(vals, record)
        return super().write(vals)

    @staticmethod
    def _is_derived_field(field):
        """A stored field the model computes (its own computation or a related value) and
        that nothing writes back."""
        return bool(field and field.store and field.compute and field.readonly
                    and not field.inverse)

    def _derived_field_names(self, vals):
        """The derived fields among the keys of ``vals``."""
        return [name for name in vals if self._is_derived_field(self._fields.get(name))]

    def _check_derived_vals(self, vals, current):
        """Refuse ``vals`` if they change a derived field from ``current`` (a record, or
        ``{}`` for a new record)."""
        forced = self._changed_fields(vals, current, self._derived_field_names(vals))
        if forced:
            raise UserError(self.env._(
                "%(fields)s of %(document)s follow from its other data and cannot be set "
                "directly.",
                fields=format_list(self.env, [
                    field._description_string(self.env) for field in forced]),
                document=self._description_for_users(),
            ))

    def _description_for_users(self):
        """The model's name as users read it (translated)."""
        return self.env["ir.model"]._get(self._name).with_context(
            lang=self.env.lang).name or self._description

    def _changed_fields(self, vals, current, names):
        """The fields of ``names`` whose value in ``vals`` differs from ``current`` (a
        record, or the dict of the values a new record would get)."""
        changed = []
        for name in names:
            if name not in vals:
                continue
            field = self._fields[name]
            # sudo: compare with the stored value even when the field is hidden from the user
            old = current.sudo()[name] if isinstance(current, models.BaseModel) \
                else current.get(name)
            if field.convert_to_cache(vals[name], self, validate=False) \
                    != field.convert_to_cache(old, self, validate=False):
                changed.append(field)
        return changed
