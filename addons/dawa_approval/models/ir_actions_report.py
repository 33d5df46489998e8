from ast import literal_eval

from odoo import models
from odoo.exceptions import AccessError, UserError


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # a stored PDF (attachment_use) is served without rendering the HTML again
        self._get_report(report_ref).with_env(self.env)._check_report_allowed(res_ids)
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _render_qweb_html(self, report_ref, docids, data=None):
        self._get_report(report_ref).with_env(self.env)._check_report_allowed(docids)
        return super()._render_qweb_html(report_ref, docids, data=data)

    def _render_qweb_text(self, report_ref, docids, data=None):
        self._get_report(report_ref).with_env(self.env)._check_report_allowed(docids)
        return super()._render_qweb_text(report_ref, docids, data=data)

    def _check_report_allowed(self, res_ids):
        self._check_report_groups()
        self._check_report_domain(res_ids)

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

    def _check_report_domain(self, res_ids):
        """A report's domain, which offers it in the Print menu only for the records it
        fits (a decision of a decided case), holds on every route too: a document that
        makes no sense in a record's state is refused, not printed from a typed URL."""
        if self.env.su or not res_ids:
            return
        for report in self:
            # sudo: the user may not read the report action's technical fields
            domain = report.sudo().domain
            if not domain or report.model not in self.env:
                continue
            records = self.env[report.model].browse(res_ids)
            unfit = records - records.filtered_domain(literal_eval(domain))
            if not unfit:
                continue
            record = unfit[0]
            if "state" in record._fields and record._fields["state"].type == "selection":
                state = dict(record._fields["state"]._description_selection(self.env)).get(
                    record.state, record.state)
                raise UserError(self.env._(
                    "%(report)s cannot be printed for %(record)s in its current status "
                    "(%(state)s).", report=report.name, record=record.display_name,
                    state=state))
            raise UserError(self.env._(
                "%(report)s cannot be printed for %(record)s.", report=report.name,
                record=record.display_name))
