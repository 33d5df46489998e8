from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import idnumbers


class DawaAgency(models.Model):
    _name = "dawa.agency"
    _description = "Agency"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short unique code, e.g. housing.")
    kind = fields.Selection(
        [
            ("bureau", "Approval Bureau"),
            ("department", "Department"),
            ("town", "Town or Sub-district"),
            ("other", "Other"),
        ],
        required=True,
        default="department",
    )
    uscc = fields.Char(string="Unified Social Credit Code")
    phone = fields.Char()
    address = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    supervised_item_ids = fields.One2many("dawa.approval.item", "supervising_agency_id")
    supervised_item_count = fields.Integer(compute="_compute_supervised_item_count")

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another agency already uses this code."),
    ]

    @api.depends("supervised_item_ids")
    def _compute_supervised_item_count(self):
        counts = dict(
            self.env["dawa.approval.item"]._read_group(
                [("supervising_agency_id", "in", self.ids)],
                ["supervising_agency_id"],
                ["__count"],
            )
        )
        for agency in self:
            agency.supervised_item_count = counts.get(agency, 0)

    @api.constrains("uscc")
    def _check_uscc(self):
        for agency in self.filtered("uscc"):
            if idnumbers.uscc_error(agency.uscc):
                raise ValidationError(
                    self.env._(
                        "The unified social credit code %(code)s of %(agency)s is not valid.",
                        code=agency.uscc,
                        agency=agency.name,
                    )
                )

    @api.model
    def _get_bureau(self):
        """The approval bureau: the agency that handles every transferred item."""
        return self.env.ref("dawa_approval.agency_bureau")
