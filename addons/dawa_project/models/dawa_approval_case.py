from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.i18n import format_list

# Cases whose materials serve again: those the builder did not take back.
REUSE_SOURCE_EXCLUDED_STATES = ("withdrawn",)


class DawaApprovalCase(models.Model):
    """What a construction project adds to a case: the project and the stage application
    it belongs to, and the materials the builder already handed in for the project, which
    are not asked again (一套材料, 国办发〔2019〕11号): each new material check of a project's
    case of a material the catalogue marks as handed in once (``reusable``) looks for the
    same material (same name) provided in an earlier case of the project, still valid, and
    marks it reused, naming that case."""

    _inherit = "dawa.approval.case"

    project_id = fields.Many2one(
        "dawa.project", string="Construction Project", index=True, readonly=True, copy=False,
        ondelete="restrict")
    stage_id = fields.Many2one(
        "dawa.project.stage", string="Project Stage", index=True, readonly=True, copy=False,
        ondelete="restrict")
    reused_material_count = fields.Integer(compute="_compute_reused_material_count")
    site_inspection_ids = fields.Many2many(
        "dawa.site.inspection", "dawa_site_inspection_case_rel", "case_id", "inspection_id",
        string="Site Inspections", readonly=True, copy=False)
    site_inspection_state = fields.Selection(
        [("not_needed", "Not Needed"), ("to_do", "To Do"), ("done", "Inspected")],
        string="Site Inspection", compute="_compute_site_inspection_state", compute_sudo=True,
        help="Whether the case's items need a site inspection and one was recorded for it "
        "(a joint site inspection counts for every case it covers).")

    def _compute_reused_material_count(self):
        for case in self:
            case.reused_material_count = len(case.material_ids.filtered("reused"))

    @api.depends("site_inspection_ids.state", "line_ids.item_id.site_inspection")
    def _compute_site_inspection_state(self):
        for case in self:
            if any(inspection.state == "done" for inspection in case.site_inspection_ids):
                case.site_inspection_state = "done"
            elif any(case.line_ids.item_id.mapped("site_inspection")):
                case.site_inspection_state = "to_do"
            else:
                case.site_inspection_state = "not_needed"

    def _get_workflow_fields(self):
        # set by the stage application only; the inspections by their own records
        return [*super()._get_workflow_fields(), "project_id", "stage_id",
                "site_inspection_ids"]

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_request_correction(self):
        """The project's helper is told, to help the builder supply what is missing."""
        result = super().action_request_correction()
        for case in self.filtered("project_id"):
            case.project_id._notify_helper(self.env._(
                "%(case)s (%(item)s) was sent back for correction: help the builder supply "
                "what is missing.", case=case.name, item=case.main_item_id.name))
        return result

    def action_submit(self):
        self._check_site_inspected()
        return super().action_submit()

    def action_approve(self):
        self._check_site_inspected()
        return super().action_approve()

    def _check_site_inspected(self):
        """A project's case whose item needs a site inspection is decided on the record of
        the visit (行政许可法 §34 ¶3: two or more staff check on the site): one joint visit
        counts for every case it covers."""
        missing = self.filtered(
            lambda case: case.project_id and case.site_inspection_state == "to_do")
        if missing:
            raise UserError(self.env._(
                "%(cases)s needs a site inspection by two or more staff (Administrative "
                "Licensing Law, art. 34 para. 3): record the project's joint site inspection "
                "covering it first.", cases=format_list(self.env, missing.mapped("name"))))

    def _sync_materials(self):
        result = super()._sync_materials()
        self.filtered("project_id")._reuse_project_materials()
        return result

    def _reuse_project_materials(self):
        """Mark reused the materials of ``self`` (cases of projects) still to check that the
        builder already provided for the same project in another case, still valid; in one
        search for every case, one write per source case."""
        open_cases = self.filtered(lambda case: case.state in ("received", "correction"))
        pending = open_cases.material_ids.filtered(
            lambda m: m.item_material_id.reusable and not m.provided and not m.reused
            and not m.reuse_refused)
        if not pending:
            return
        Material = self.env["dawa.approval.case.material"]
        # sudo: the earlier cases of the project may be handled by another clerk
        sources = Material.sudo().search([
            ("case_id.project_id", "in", open_cases.project_id.ids),
            ("case_id", "not in", open_cases.ids),
            ("case_id.state", "not in", REUSE_SOURCE_EXCLUDED_STATES),
            ("provided", "=", True),
        ], order="id desc")
        best = {}
        for source in sources:
            key = (source.case_id.project_id.id, _material_key(source.name))
            best.setdefault(key, []).append(source)
        today = self._bureau_today()
        by_source = {}
        for material in pending:
            case = material.case_id
            for source in best.get((case.project_id.id, _material_key(material.name)), []):
                origin = source.reuse_source_case_id or source.case_id
                months = material.item_material_id.reuse_months
                if months and origin.received_date + relativedelta(months=months) < today:
                    continue  # expired
                by_source.setdefault(origin, Material)
                by_source[origin] |= material
                break
        for origin, materials in by_source.items():
            # sudo: reuse is the project's, not something a clerk ticks by hand
            materials.sudo().write({
                "provided": True, "reused": True, "reuse_source_case_id": origin.id})


def _material_key(name):
    """Materials of the catalogue are the same when their names are (spaces left out)."""
    return "".join((name or "").split())
