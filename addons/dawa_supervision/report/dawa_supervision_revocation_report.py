from odoo import models


class ReportCaseRevocation(models.AbstractModel):
    """撤销行政许可决定书: a copy of the revocation decision, which was numbered, sealed with
    the agency seal and written in the seal ledger when it was issued."""

    _name = "report.dawa_supervision.report_case_revocation"
    _inherit = "report.dawa_approval.case_document"
    _description = "Licence Revocation Decision Report"
    _document_kind = "revocation"
