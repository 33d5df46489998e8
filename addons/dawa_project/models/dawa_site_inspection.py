from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools.i18n import format_list

# 行政许可法 §34 ¶3: an on-site check of the substance of an application is made by two or
# more of the agency's staff.
MIN_INSPECTORS = 2


class DawaSiteInspection(models.Model):
    """联合踏勘 / 统一勘验: one site visit for every case of a project that needs one (国办发
    〔2019〕11号 "统一勘验"), not one visit per department or item.

    It covers a stage application (``stage_id``: all its cases) or chosen cases of the project
    (``case_ids``). Two or more of the bureau's staff (``inspector_ids``) make it (行政许可法
    §34 ¶3): fewer are refused when the visit is planned and again when it is recorded. The
    departments invited, the findings (one text for the site, and per case where a case's
    differ), photos; ``action_done()`` records the visit, numbers its record and notes it on
    every case it covers, which then counts as inspected (docs/projects.md). The record prints
    as 现场踏勘记录.

    ``state``: planned → done | cancelled, through the actions only."""

    _name = "dawa.site.inspection"
    _description = "Joint Site Inspection"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin"]
    _order = "date desc, id desc"
    _workflow_frozen_states = ("done", "cancelled")

    name = fields.Char(
        string="Record Number", readonly=True, copy=False, index=True,
        help="The number of the site inspection record, given when the visit is recorded.")
    project_id = fields.Many2one(
        "dawa.project", string="Construction Project", required=True, index=True,
        ondelete="restrict", tracking=True)
    stage_id = fields.Many2one(
        "dawa.project.stage", string="Stage Application", index=True, ondelete="restrict",
        domain="[('project_id', '=', project_id), ('state', '!=', 'draft')]",
        help="The stage whose cases the visit covers; left empty, choose the cases.")
    case_ids = fields.Many2many(
        "dawa.approval.case", "dawa_site_inspection_case_rel", "inspection_id", "case_id",
        string="Cases Covered", domain="[('project_id', '=', project_id)]",
        groups="dawa_approval.group_window_clerk",
        help="Every case the visit covers: it counts as the site inspection of each.")
    # sudo: a helper counts the cases of his project's visits without reading them
    case_count = fields.Integer(compute="_compute_case_count", compute_sudo=True)
    date = fields.Date(
        string="Inspection Date", required=True, index=True, tracking=True,
        default=lambda self: self.env["dawa.holiday"]._bureau_today())
    location = fields.Char(
        compute="_compute_location", store=True, readonly=False, tracking=True,
        help="Where the visit takes place: the project's site address unless written.")
    inspector_ids = fields.Many2many(
        "res.users", "dawa_site_inspection_user_rel", "inspection_id", "user_id",
        string="Inspectors", domain=[("share", "=", False)],
        help="Two or more staff make the visit (Administrative Licensing Law, art. 34 "
        "para. 3).")
    agency_ids = fields.Many2many(
        "dawa.agency", "dawa_site_inspection_agency_rel", "inspection_id", "agency_id",
        string="Departments Invited")
    findings = fields.Text(help="What the inspectors found on the site, for every case.")
    finding_ids = fields.One2many(
        "dawa.site.inspection.finding", "inspection_id", string="Findings per Case",
        help="A case whose findings differ from the site's.")
    photo_ids = fields.Many2many(
        "ir.attachment", "dawa_site_inspection_photo_rel", "inspection_id", "attachment_id",
        string="Photos")
    state = fields.Selection(
        [("draft", "Planned"), ("done", "Inspected"), ("cancelled", "Called Off")],
        required=True, default="draft", readonly=True, copy=False, index=True, tracking=True)
    done_date = fields.Date(string="Recorded On", readonly=True, copy=False)
    done_user_id = fields.Many2one(
        "res.users", string="Recorded By", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    @api.depends("case_ids")
    def _compute_case_count(self):
        for inspection in self:
            inspection.case_count = len(inspection.case_ids)

    @api.depends("project_id")
    def _compute_location(self):
        for inspection in self:
            if not inspection.location:
                inspection.location = inspection.project_id.address

    @api.depends("name", "project_id", "date")
    def _compute_display_name(self):
        for inspection in self:
            inspection.display_name = inspection.name or self.env._(
                "Site inspection of %(project)s", project=inspection.project_id.name or "")

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("inspector_ids")
    def _check_inspectors(self):
        for inspection in self:
            inspection._check_enough_inspectors()

    @api.constrains("stage_id", "case_ids", "project_id")
    def _check_cases(self):
        for inspection in self:
            if inspection.stage_id and inspection.stage_id.project_id != inspection.project_id:
                raise ValidationError(self.env._(
                    "%(stage)s is a stage of another project.",
                    stage=inspection.stage_id.display_name))
            # sudo: the cases' project and stage, whoever handles them
            cases = inspection.sudo().case_ids
            foreign = cases.filtered(
                lambda case, inspection=inspection: case.project_id != inspection.project_id
                or (inspection.stage_id and case.stage_id != inspection.stage_id))
            if foreign:
                raise ValidationError(self.env._(
                    "%(cases)s is not a case of %(where)s: a visit covers the cases of its "
                    "project (and of its stage, when it names one).",
                    cases=format_list(self.env, foreign.mapped("name")),
                    where=inspection.stage_id.display_name
                    or inspection.project_id.display_name))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        inspections = super().create(vals_list)
        for inspection in inspections:
            if inspection.stage_id and not inspection.case_ids:
                # the whole stage, as the window chose it
                inspection.case_ids = [Command.set(inspection.sudo().stage_id.case_ids.ids)]
        for inspection in inspections:
            inspection.project_id._notify_helper(
                self.env._("Joint site inspection on %(date)s: prepare the builder for it.",
                           date=inspection.date),
                date_deadline=inspection.date)
        return inspections

    def unlink(self):
        if any(inspection.state != "draft" for inspection in self):
            raise UserError(self.env._(
                "A site inspection that was recorded or cancelled is kept: it can no longer "
                "be deleted."))
        return super().unlink()

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "name", "done_date", "done_user_id"]

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_done(self):
        """Record the visit (踏勘完成): two or more inspectors (§34 ¶3), at least one case,
        the findings written, on or after the day of the visit. The record is numbered and
        noted on every case it covers."""
        self._check_step(["draft"], "dawa_approval.group_window_clerk")
        today = self.env["dawa.holiday"]._bureau_today()
        for inspection in self:
            inspection._check_enough_inspectors()
            if not inspection.case_ids:
                raise UserError(self.env._(
                    "%(inspection)s covers no case: choose the stage or the cases it covers.",
                    inspection=inspection.display_name))
            if inspection.date > today:
                raise UserError(self.env._(
                    "The visit is planned on %(date)s: it can be recorded from that day on.",
                    date=inspection.date))
            if not (inspection.location or "").strip():
                raise UserError(self.env._(
                    "Write where the visit took place before recording it."))
            own = inspection.finding_ids.filtered(lambda line: (line.findings or "").strip())
            if not (inspection.findings or "").strip() \
                    and inspection.case_ids - own.case_id:
                raise UserError(self.env._(
                    "Write what the inspectors found on the site before recording the visit."))
        # sudo: the records' numbering is the system's
        sequence = self.env["ir.sequence"].sudo()
        for inspection in self:
            inspection._workflow_write({
                "state": "done",
                "name": sequence.next_by_code("dawa.site.inspection", sequence_date=today),
                "done_date": today,
                "done_user_id": self.env.uid,
            })
            message = self.env._(
                "Joint site inspection %(number)s on %(date)s by %(inspectors)s.",
                number=inspection.name, date=inspection.date,
                inspectors=format_list(self.env, inspection.inspector_ids.mapped("name")))
            # sudo: the visit is noted on every case it covers, whoever handles them
            for case in inspection.sudo().case_ids:
                case.message_post(body=message)
            inspection.project_id.message_post(body=message)
        return True

    def action_cancel(self):
        """The visit does not take place (取消)."""
        self._check_step(["draft"], "dawa_approval.group_window_clerk")
        self._workflow_write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _check_enough_inspectors(self):
        """Two or more of the agency's staff (internal users), §34 ¶3."""
        self.ensure_one()
        # sudo: whether an inspector is staff, not a portal user, whoever plans the visit
        staff = self.sudo().inspector_ids.filtered(lambda user: not user.share)
        if len(staff) < MIN_INSPECTORS:
            raise ValidationError(self.env._(
                "An on-site check is made by two or more staff (Administrative Licensing Law, "
                "art. 34 para. 3): name at least %(count)s inspectors.", count=MIN_INSPECTORS))

    def _get_case_findings(self):
        """[(case, findings)] for the record: a case's own findings, or the site's."""
        self.ensure_one()
        own = {line.case_id: line.findings for line in self.finding_ids
               if (line.findings or "").strip()}
        return [(case, own.get(case) or self.findings or "")
                for case in self.sudo().case_ids.sorted("name")]

    def _get_photo_images(self):
        """The photos that are images, for the printed record."""
        self.ensure_one()
        return self.photo_ids.filtered(
            lambda attachment: (attachment.mimetype or "").startswith("image/"))
