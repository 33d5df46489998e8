from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DawaSupervisionStatisticsWizard(models.TransientModel):
    """Choose the period of the supervision statistics (XLSX)."""

    _name = "dawa.supervision.statistics.wizard"
    _description = "Supervision Statistics Export"

    date_from = fields.Date(
        string="From", required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1))
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._(
                    "The period must start on or before %(date)s.", date=wizard.date_to))

    def action_export(self):
        """Download the figures, tasks and feedback of the period."""
        self.ensure_one()
        self.env["dawa.supervision.report"]._check_manager()
        query = urlencode({"date_from": self.date_from.isoformat(),
                           "date_to": self.date_to.isoformat()})
        return {
            "type": "ir.actions.act_url",
            "url": f"/dawa/supervision/export/statistics?{query}",
            "target": "download",
        }
