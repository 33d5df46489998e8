from odoo import api, fields, models
from odoo.exceptions import UserError

ESTABLISHMENT_TYPES = [
    ("civil_servant", "Civil Servant Establishment"),
    ("public_institution", "Public Institution Establishment"),
    ("other", "Other"),
]
POLITICAL_STATUSES = [
    ("cpc_member", "CPC Member"),
    ("cpc_probationary", "CPC Probationary Member"),
    ("league_member", "Communist Youth League Member"),
    ("democratic_party", "Democratic Party Member"),
    ("masses", "Non-party"),
]


class HrEmployee(models.Model):
    """A person working at the bureau, seconded from a department whose establishment
    (编制) he keeps: the bureau assesses him and sends the results back there."""

    _inherit = "hr.employee"

    # The person's file, private like hr's own (birthday, private phone...): readable with
    # hr's rights only, not in the public profile (hr.employee.public) the others read.
    is_seconded = fields.Boolean(
        string="Seconded", compute="_compute_is_seconded", store=True, index=True,
        groups="hr.group_hr_user",
        help="Works at the bureau under a secondment in progress.",
    )
    origin_agency_id = fields.Many2one(
        "dawa.agency", string="Home Unit", index=True, tracking=True,
        groups="hr.group_hr_user",
        domain=[("kind", "!=", "bureau")],
        help="The unit that holds the person's establishment (编制单位): the results of the "
        "evaluations go back there.",
    )
    establishment_type = fields.Selection(
        ESTABLISHMENT_TYPES, tracking=True, groups="hr.group_hr_user",
        help="Civil servants are graded Excellent / Competent / Basically Competent / "
        "Incompetent, public institution staff Excellent / Qualified / Basically Qualified / "
        "Unqualified.",
    )
    political_status = fields.Selection(POLITICAL_STATUSES, groups="hr.group_hr_user")
    secondment_ids = fields.One2many(
        "dawa.staff.secondment", "employee_id", string="Secondments",
        groups="dawa_staff.group_hr_officer",
    )
    evaluation_ids = fields.One2many(
        "dawa.staff.evaluation", "employee_id", string="Evaluations",
        groups="dawa_staff.group_hr_officer",
    )
    sanction_ids = fields.One2many(
        "dawa.staff.sanction", "employee_id", string="Rewards and Sanctions",
        groups="dawa_staff.group_hr_officer",
    )

    @api.depends("secondment_ids.state")
    def _compute_is_seconded(self):
        for employee in self:
            employee.is_seconded = "active" in employee.secondment_ids.mapped("state")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("is_seconded") for vals in vals_list):
            self._refuse_is_seconded()
        return super().create(vals_list)

    def write(self, vals):
        # the ORM would store the value as given: whether a person is seconded is his
        # secondments' to say, HR officers included
        if "is_seconded" in vals and not self.env.su and any(
                employee.is_seconded != bool(vals["is_seconded"]) for employee in self):
            self._refuse_is_seconded()
        return super().write(vals)

    def _refuse_is_seconded(self):
        raise UserError(self.env._(
            "Whether a person is seconded follows from the secondments: start or end a "
            "secondment instead."))
