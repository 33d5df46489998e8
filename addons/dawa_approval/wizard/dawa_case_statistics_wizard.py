from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DawaPeriodExportMixin(models.AbstractModel):
    """The period of a statistics download (XLSX): from the 1st of January to today unless
    chosen otherwise; ``_download`` sends it to the download route."""

    _name = "dawa.period.export.mixin"
    _description = "Statistics Period"

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

    def _download(self, route):
        """The action downloading ``route`` for the period."""
        self.ensure_one()
        query = urlencode({"date_from": self.date_from.isoformat(),
                           "date_to": self.date_to.isoformat()})
        return {"type": "ir.actions.act_url", "url": f"{route}?{query}", "target": "download"}


class DawaCaseStatisticsWizard(models.TransientModel):
    """Choose the period of the monthly case statistics (XLSX) of the bureau."""

    _name = "dawa.case.statistics.wizard"
    _inherit = ["dawa.period.export.mixin"]
    _description = "Case Statistics Export"

    date_from = fields.Date(string="Received From")
    date_to = fields.Date(string="Received To")

    def action_export(self):
        """Download the statistics of the cases received in the period."""
        self.env["dawa.approval.case"]._check_manager()
        return self._download("/dawa/approval/export/statistics")
