from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DawaInspectionInspector(models.Model):
    """执法人员名录: the certified inspectors of a department, from which the 双随机 draw picks
    the inspectors of each random inspection. The certificate number (执法证号) is the key the
    draw sorts and publishes."""

    _name = "dawa.inspection.inspector"
    _inherit = ["dawa.agency.owned.mixin"]
    _description = "Certified Inspector"
    _order = "agency_id, certificate_number"

    name = fields.Char(required=True)
    agency_id = fields.Many2one(
        "dawa.agency", string="Department", required=True, index=True, ondelete="restrict",
        default=lambda self: self.env.user.dawa_agency_id)
    certificate_number = fields.Char(
        required=True, index=True,
        help="The number of the inspector's law enforcement certificate (执法证号).")
    user_id = fields.Many2one(
        "res.users", string="Login", index=True,
        help="The inspector's login, to whom the drawn inspection tasks are given.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("certificate_number_unique", "unique(certificate_number)",
         "Another inspector already has this certificate number."),
    ]

    @api.depends("name", "certificate_number")
    def _compute_display_name(self):
        for inspector in self:
            inspector.display_name = (
                f"{inspector.name} ({inspector.certificate_number})"
                if inspector.certificate_number else inspector.name)

    @api.constrains("user_id", "agency_id")
    def _check_user_agency(self):
        for inspector in self.filtered("user_id"):
            # sudo: the agency of a colleague, whoever edits the roster
            if inspector.user_id.sudo().dawa_agency_id != inspector.agency_id:
                raise ValidationError(self.env._(
                    "%(user)s does not work for %(agency)s: an inspector's login must be a "
                    "user of the inspector's department.",
                    user=inspector.user_id.name, agency=inspector.agency_id.name))

    @api.constrains("certificate_number")
    def _check_certificate_number(self):
        for inspector in self:
            number = inspector.certificate_number or ""
            if number != number.strip() or not number.strip():
                raise ValidationError(self.env._(
                    "The certificate number of %(name)s must not be empty or begin or end "
                    "with a space.", name=inspector.name))
