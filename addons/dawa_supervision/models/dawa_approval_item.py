from odoo import api, fields, models


class DawaApprovalItem(models.Model):
    _inherit = "dawa.approval.item"

    commitment_allowed = fields.Boolean(
        string="Approval on Commitment Allowed", tracking=True,
        help="The item may be approved on the applicant's written commitment that the "
        "conditions are met (告知承诺制, State Council General Office 2020 No. 42): the "
        "supervising department then verifies the commitment within a shorter limit.")
    supervision_catalog_ids = fields.One2many(
        "dawa.supervision.catalog", "item_id", string="Supervision Catalogue")
    supervision_catalog_count = fields.Integer(
        string="Supervision Catalogue Entries", compute="_compute_supervision_catalog_count")

    @api.depends("supervision_catalog_ids")
    def _compute_supervision_catalog_count(self):
        counts = dict(self.env["dawa.supervision.catalog"]._read_group(
            [("item_id", "in", self.ids)], ["item_id"], ["__count"]))
        for item in self:
            item.supervision_catalog_count = counts.get(item, 0)

    def _get_supervising_agencies(self):
        """{agency: (items, catalogue entries)} of the departments that supervise these items:
        the catalogue's active entries win; an item without any goes to its supervising
        department (with no entry). One query for the whole catalogue."""
        # sudo: the push reads the whole catalogue whoever approves
        entries = self.env["dawa.supervision.catalog"].sudo().search(
            [("item_id", "in", self.ids)])
        result = {}
        for item in self:
            own = entries.filtered(lambda entry, item=item: entry.item_id == item)
            targets = [(entry.agency_id, entry) for entry in own] or (
                [(item.supervising_agency_id, entries.browse())]
                if item.supervising_agency_id else [])
            for agency, entry in targets:
                items, agency_entries = result.get(agency, (self.browse(), entries.browse()))
                result[agency] = (items | item, agency_entries | entry)
        return result
