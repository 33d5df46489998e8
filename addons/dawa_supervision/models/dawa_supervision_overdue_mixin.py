from odoo import api, fields, models
from odoo.exceptions import UserError


class DawaSupervisionOverdueMixin(models.AbstractModel):
    """A piece of work due by its ``deadline``: overdue while it is not done past the
    deadline, and once done late (``on_time`` false). ``_done_date_field`` is the day it was
    done (reported complete)."""

    _name = "dawa.supervision.overdue.mixin"
    _description = "Overdue Work"
    _done_date_field = "date_done"

    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue",
                                search="_search_is_overdue")

    @api.depends(lambda self: ("deadline", "on_time", self._done_date_field))
    def _compute_is_overdue(self):
        today = self.env["dawa.holiday"]._bureau_today()
        for record in self:
            done = record[self._done_date_field]
            record.is_overdue = bool(record.deadline) and (
                (not done and today > record.deadline) or (bool(done) and not record.on_time))

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the overdue flag."))
        today = self.env["dawa.holiday"]._bureau_today()
        done = self._done_date_field
        domain = ["|", "&", (done, "=", False), ("deadline", "<", today),
                  "&", (done, "!=", False), ("on_time", "=", False)]
        return domain if (operator == "=") == value else ["!", *domain]
