from odoo import models


class DawaSupervisionStatisticsWizard(models.TransientModel):
    """Choose the period of the supervision statistics (XLSX)."""

    _name = "dawa.supervision.statistics.wizard"
    _inherit = ["dawa.period.export.mixin"]
    _description = "Supervision Statistics Export"

    def action_export(self):
        """Download the figures, tasks and feedback of the period."""
        self.env["dawa.supervision.report"]._check_manager()
        return self._download("/dawa/supervision/export/statistics")
