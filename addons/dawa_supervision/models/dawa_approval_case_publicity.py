from odoo import models


class DawaApprovalCase(models.Model):
    _inherit = "dawa.approval.case"

    def _get_publicity_status(self):
        """The published approvals (双公示) show the licence's validity and its revocation."""
        status = super()._get_publicity_status()
        # sudo: the public list reads the licence particulars of published approvals
        for case in self.sudo():
            status[case.id] = {"revoked": case.licence_state == "revoked",
                               "valid_to": case.licence_valid_until or False}
        return status
