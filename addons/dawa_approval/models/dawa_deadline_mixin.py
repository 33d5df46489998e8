from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import deadlines

DEADLINE_STATES = [
    (deadlines.NORMAL, "On Time"), (deadlines.WARNING, "Due Soon"),
    (deadlines.OVERDUE, "Overdue"),
]


class DawaDeadlineMixin(models.AbstractModel):
    """Work due by a working-day deadline: cases, rectifications, complaints, supervision
    tasks and feedback, meeting follow-ups, oversight items.

    Like ``mail.activity.mixin``, it declares its fields on the models that inherit it:

    - ``deadline_state`` (按期, 即将到期, 已超期): stored, so that lists, filters and figures
      group by it; written only by the daily refresh (``_refresh_deadline_states()``), since
      the state changes with the day, not with the record;
    - ``is_overdue``: computed and searchable (the 已超期 filters): past its deadline and not
      done, or, where the model keeps an on-time flag, done late.

    A model names its fields: ``_deadline_field`` (the day it is due by),
    ``_deadline_done_field`` (the day it was done; empty while it is open) and, optionally,
    ``_deadline_on_time_field`` (done no later than the deadline). The law behind the
    arithmetic is in ``tools/deadlines.py``.
    """

    _name = "dawa.deadline.mixin"
    _inherit = ["dawa.workflow.mixin"]
    _description = "Working-Day Deadline"
    _deadline_field = "deadline"
    _deadline_done_field = None
    _deadline_on_time_field = None

    deadline_state = fields.Selection(
        DEADLINE_STATES, default=deadlines.NORMAL, required=True, readonly=True, copy=False,
        index=True)
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue",
        help="Not done past its deadline, or done late.")

    @api.depends(lambda self: [name for name in (
        self._deadline_field, self._deadline_done_field, self._deadline_on_time_field)
        if name])
    def _compute_is_overdue(self):
        today = self.env["dawa.holiday"]._bureau_today()
        for record in self:
            record.is_overdue = record._is_past_deadline(
                today, self._deadline_field, self._deadline_done_field,
                self._deadline_on_time_field)

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("This filter only takes yes or no."))
        domain = self._get_overdue_domain(
            self._deadline_field, self._deadline_done_field, self._deadline_on_time_field)
        return domain if (operator == "=") == value else ["!", *domain]

    def _is_past_deadline(self, today, deadline_field, done_field, on_time_field=None):
        """Whether the record is overdue by ``deadline_field`` ``today``: not done past it,
        or done late (``on_time_field`` false)."""
        self.ensure_one()
        deadline = self[deadline_field]
        done = done_field and self[done_field]
        if not deadline:
            return False
        if done:
            return bool(on_time_field) and not self[on_time_field]
        return today > deadline

    @api.model
    def _get_overdue_domain(self, deadline_field, done_field, on_time_field=None):
        """The domain of ``_is_past_deadline()``, today in the bureau's calendar."""
        today = self.env["dawa.holiday"]._bureau_today()
        late = [(deadline_field, "<", today)]
        if done_field:
            late = ["&", (done_field, "=", False), *late]
        if on_time_field:
            late = ["|", *late, "&", "&", (deadline_field, "!=", False),
                    (done_field, "!=", False), (on_time_field, "=", False)]
        return late

    @api.model
    def _get_deadline_warning_days(self):
        """Working days left from which a deadline is due soon (即将到期), the bureau's
        setting, for every model with a deadline."""
        # sudo: a setting every user's deadlines depend on
        return int(self.env["ir.config_parameter"].sudo().get_param(
            "dawa_approval.deadline_warning_days", 3))

    @api.model
    def _cron_refresh_deadline_states(self):
        """Daily: the deadline state of the records still open, and of the done ones still
        marked late."""
        domain = [("deadline_state", "!=", deadlines.NORMAL)]
        if self._deadline_done_field:
            domain = ["|", (self._deadline_done_field, "=", False), *domain]
        self._refresh_deadline_states(domain)

    @api.model
    def _refresh_deadline_states(self, domain, fnames=()):
        """Bring the deadline state of the records of ``domain`` in line with the bureau's
        today (a done record is on time), in one write per new state. Returns the records
        (sudo, with ``fnames`` fetched) and, per new state, those that changed to it: the
        caller reminds whom it must."""
        today = self.env["dawa.holiday"]._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        threshold = self._get_deadline_warning_days()
        done_field = self._deadline_done_field
        # sudo: the daily refresh covers every department's records
        records = self.sudo().search_fetch(domain, [
            self._deadline_field, "deadline_state", *([done_field] if done_field else []),
            *fnames])
        changes = defaultdict(list)
        for record in records:
            new_state = deadlines.NORMAL if done_field and record[done_field] else \
                deadlines.deadline_state(calendar, today, record[self._deadline_field], threshold)
            if new_state != record.deadline_state:
                changes[new_state].append(record.id)
        changed = {}
        for new_state, ids in changes.items():
            changed[new_state] = records.browse(ids)
            changed[new_state]._workflow_write({"deadline_state": new_state})
        return records, changed

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "deadline_state"]
