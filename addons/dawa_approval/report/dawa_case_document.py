from odoo import api, models


class ReportCaseDocument(models.AbstractModel):
    """Values of a case document report; each report below names its document kind."""

    _name = "report.dawa_approval.case_document"
    _description = "Case Document Report"
    _document_kind = None

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["dawa.approval.case"].browse(docids)
        docs._check_document_printable(self._document_kind)
        return {
            "doc_ids": docids,
            "doc_model": "dawa.approval.case",
            "docs": docs,
            "kind": self._document_kind,
        }


class ReportCaseAcceptance(models.AbstractModel):
    _name = "report.dawa_approval.report_case_acceptance"
    _inherit = "report.dawa_approval.case_document"
    _description = "Acceptance Notice Report"
    _document_kind = "acceptance"


class ReportCaseCorrection(models.AbstractModel):
    _name = "report.dawa_approval.report_case_correction"
    _inherit = "report.dawa_approval.case_document"
    _description = "One-time Correction Notice Report"
    _document_kind = "correction"


class ReportCaseExtension(models.AbstractModel):
    _name = "report.dawa_approval.report_case_extension"
    _inherit = "report.dawa_approval.case_document"
    _description = "Extension Notice Report"
    _document_kind = "extension"


class ReportCaseSpecialProcedure(models.AbstractModel):
    _name = "report.dawa_approval.report_case_special_procedure"
    _inherit = "report.dawa_approval.case_document"
    _description = "Special Procedure Notice Report"
    _document_kind = "special_procedure"


class ReportCaseNotAccepted(models.AbstractModel):
    _name = "report.dawa_approval.report_case_not_accepted"
    _inherit = "report.dawa_approval.case_document"
    _description = "Non-acceptance Notice Report"
    _document_kind = "not_accepted"


class ReportCaseApproval(models.AbstractModel):
    _name = "report.dawa_approval.report_case_approval"
    _inherit = "report.dawa_approval.case_document"
    _description = "Approval Decision Report"
    _document_kind = "approval"


class ReportCaseDenial(models.AbstractModel):
    _name = "report.dawa_approval.report_case_denial"
    _inherit = "report.dawa_approval.case_document"
    _description = "Denial Decision Report"
    _document_kind = "denial"


class ReportCaseApprovalSheet(models.AbstractModel):
    _name = "report.dawa_approval.report_case_approval_sheet"
    _inherit = "report.dawa_approval.case_document"
    _description = "Approval Sheet Report"
    _document_kind = "approval_sheet"


class ReportCaseDeliveryReceipt(models.AbstractModel):
    _name = "report.dawa_approval.report_case_delivery_receipt"
    _inherit = "report.dawa_approval.case_document"
    _description = "Proof of Delivery Report"
    _document_kind = "delivery_receipt"
