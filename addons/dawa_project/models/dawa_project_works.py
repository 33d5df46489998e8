from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools import projectcodes

_lt = LazyTranslate(__name__)

WORKS_CODE_ERRORS = {
    "prefix": _lt("it must start with the project code and a hyphen"),
    "suffix": _lt("the project code must be followed by a hyphen and 4 digits"),
}


class DawaProjectWorks(models.Model):
    """工程: a building or a section (单体/标段) of a project with its 工程代码, the project
    code followed by a hyphen and 4 digits (docs/projects.md); proposed as the next number
    of the project when left empty."""

    _name = "dawa.project.works"
    _description = "Project Works"
    _order = "project_id, code"

    project_id = fields.Many2one("dawa.project", required=True, ondelete="cascade", index=True)
    code = fields.Char(string="Works Code", required=True, copy=False, index=True)
    name = fields.Char(string="Works Name", required=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another works already has this works code."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        projects = self.env["dawa.project"].browse(
            {vals["project_id"] for vals in vals_list if vals.get("project_id")})
        existing = {project.id: list(project.works_ids.mapped("code")) for project in projects}
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = projectcodes.normalize_code(vals["code"])
            elif vals.get("project_id"):
                codes = existing[vals["project_id"]]
                vals["code"] = projectcodes.next_works_code(
                    projects.browse(vals["project_id"]).code, codes)
                codes.append(vals["code"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = projectcodes.normalize_code(vals["code"])
        return super().write(vals)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for works in self:
            works.display_name = f"{works.code} {works.name}"

    @api.constrains("code", "project_id")
    def _check_code(self):
        for works in self:
            error = projectcodes.works_code_error(works.project_id.code, works.code)
            if error:
                raise ValidationError(self.env._(
                    "The works code %(code)s is not valid: %(reason)s (%(project)s).",
                    code=works.code, reason=self.env._(WORKS_CODE_ERRORS[error]),
                    project=works.project_id.code))
