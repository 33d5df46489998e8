from odoo import models
from odoo.exceptions import UserError


class DawaAgencyOwnedMixin(models.AbstractModel):
    """A record of one agency (``agency_id``): the record rules let each department see and
    change its own agency's records only, and a record never moves to another agency once
    created, for every user. (Odoo checks a record rule before a write, not after: without
    this, a department could hand its record over to another one.)"""

    _name = "dawa.agency.owned.mixin"
    _description = "Record Owned by an Agency"

    def write(self, vals):
        if "agency_id" in vals and not self.env.su:
            new = self._fields["agency_id"].convert_to_cache(
                vals["agency_id"], self, validate=False)
            moved = self.filtered(lambda record: record.agency_id.id != new)
            if moved:
                raise UserError(self.env._(
                    "%(record)s belongs to %(agency)s: the agency of a record is fixed once it "
                    "is created.", record=moved[0].display_name,
                    agency=moved[0].agency_id.name))
        return super().write(vals)
