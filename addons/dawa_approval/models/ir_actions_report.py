from odoo import models
from odoo.exceptions import AccessError


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # a stored PDF (attachment_use) is served without rendering the HTML again
        self._get_report(report_ref).with_env(self.env)._check_report_groups()
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _render_qweb_html(self, report_ref, docids, data=None):
        self._get_report(report_ref).with_env(self.env)._check_report_groups()
        return super()._render_qweb_html(report_ref, docids, data=data)

    def _render_qweb_text(self, report_ref, docids, data=None):
        self._get_report(report_ref).with_env(self.env)._check_report_groups()
        return super()._render_qweb_text(report_ref, docids, data=data)

    def _check_report_groups(self):
        """A report's groups hold on every route that renders it (``/report/html``,
        ``/report/pdf``, ``/report/download``), not only in the Print menu, which they hide
        it from: the 审批表 is the reviewers', whatever URL a seal keeper types. Code running
        as superuser (an e-mail attachment, a cron) is trusted."""
        if self.env.su:
            return
        for report in self:
            # sudo: the user may not read the groups themselves
            groups = report.sudo().groups_id
            if groups and not groups & self.env.user.groups_id:
                raise AccessError(self.env._(
                    "You are not allowed to print %(report)s.", report=report.name))
