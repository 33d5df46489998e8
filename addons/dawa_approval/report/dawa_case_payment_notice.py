from odoo import api, models


class ReportDawaCasePaymentNotice(models.AbstractModel):
    """缴款通知书: only approved cases whose item charges a fee have one."""

    _name = "report.dawa_approval.report_case_payment_notice"
    _description = "Payment Notice"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["dawa.approval.case"].browse(docids)._check_payment_notice()
        return {"doc_ids": docs.ids, "doc_model": "dawa.approval.case", "docs": docs}
