from collections import defaultdict

from odoo import api, models

from odoo.addons.dawa_approval.models.dawa_approval_case import (
    deadline_state as compute_deadline_state,
)


class DawaSupervisionDeadlineMixin(models.AbstractModel):
    """A supervision record due by a working-day deadline (``_deadline_field``), whose
    ``deadline_state`` (按期, 即将到期, 已超期) is refreshed daily as the cases' is."""

    _name = "dawa.supervision.deadline.mixin"
    _description = "Supervision Deadline"
    _deadline_field = "deadline"

    @api.model
    def _refresh_deadline_states(self, domain, fnames=()):
        """Bring the deadline state of the records of ``domain`` in line with the bureau's
        today, in one write per new state. Returns the records (sudo, with ``fnames``
        fetched) and, per new state, those that changed to it."""
        today = self.env["dawa.holiday"]._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        threshold = self.env["dawa.approval.case"]._get_deadline_warning_days()
        # sudo: the cron and the push refresh every department's records
        records = self.sudo().search_fetch(
            domain, [self._deadline_field, "deadline_state", *fnames])
        changes = defaultdict(list)
        for record in records:
            new_state = compute_deadline_state(
                calendar, today, record[self._deadline_field], threshold)
            if new_state != record.deadline_state:
                changes[new_state].append(record.id)
        changed = {}
        for new_state, ids in changes.items():
            changed[new_state] = records.browse(ids)
            changed[new_state]._workflow_write({"deadline_state": new_state})
        return records, changed
