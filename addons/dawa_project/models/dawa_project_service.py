from odoo import api, fields, models
from odoo.exceptions import UserError

SERVICE_KINDS = [
    ("consultation", "Consultation and Guidance"),
    ("materials", "Preparing Materials"),
    ("submission", "Applying on the Builder's Behalf"),
    ("coordination", "Coordinating Departments"),
    ("accompaniment", "Accompanying an Inspection or Acceptance"),
    ("other", "Other"),
]


class DawaProjectService(models.Model):
    """帮办代办: a service the project's helper gave (date, what, for whom), kept on the
    project as a log. Each helper writes his own entries, in his own name, on the projects he
    helps; entries are never deleted."""

    _name = "dawa.project.service"
    _description = "Helper Service Log Entry"
    _order = "date desc, id desc"

    project_id = fields.Many2one(
        "dawa.project", string="Construction Project", required=True, index=True,
        ondelete="restrict")
    date = fields.Date(
        required=True, index=True, default=lambda self: self.env["dawa.holiday"]._bureau_today())
    user_id = fields.Many2one(
        "res.users", string="Helper", required=True, index=True, readonly=True,
        default=lambda self: self.env.user, ondelete="restrict")
    kind = fields.Selection(SERVICE_KINDS, string="Service", required=True,
                            default="consultation")
    name = fields.Text(string="What Was Done", required=True)
    beneficiary = fields.Char(
        string="For Whom", required=True,
        help="The person or unit the service was given to, such as the builder's contact.")
    stage_id = fields.Many2one(
        "dawa.project.stage", string="Stage Application", index=True, ondelete="restrict",
        domain="[('project_id', '=', project_id)]")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("user_id", self.env.uid) != self.env.uid:
                    raise UserError(self.env._(
                        "A helper logs the services he gave himself, in his own name."))
        return super().create(vals_list)

    def write(self, vals):
        if "user_id" in vals and not self.env.su \
                and any(entry.user_id.id != vals["user_id"] for entry in self):
            raise UserError(self.env._(
                "A helper logs the services he gave himself, in his own name."))
        return super().write(vals)

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._(
            "The services given are a record of the project: they are never deleted."))
