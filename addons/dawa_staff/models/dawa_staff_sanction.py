from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date
from odoo.tools.i18n import format_list

from ..tools import rules
from .hr_employee import ESTABLISHMENT_TYPES

REWARD_LEVELS = ("commendation", "merit_3", "merit_2", "merit_1", "honour", "notice")
SANCTION_LEVELS = (
    "warning", "demerit", "major_demerit", "demotion", "removal", "post_grade_reduction",
    "expulsion")


class DawaStaffSanction(models.Model):
    """奖惩记录: the rewards and sanctions of the staff, with their periods of effect. HR
    officers keep the ledger; bureau managers may add to it, never change it."""

    _name = "dawa.staff.sanction"
    _description = "Reward or Sanction"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin"]
    _order = "date desc, id desc"

    employee_id = fields.Many2one(
        "hr.employee", string="Person", required=True, index=True, ondelete="restrict",
        tracking=True)
    date = fields.Date(
        required=True, index=True, tracking=True, default=fields.Date.context_today,
        help="The day the decision takes effect.")
    kind = fields.Selection(
        [("reward", "Reward"), ("sanction", "Sanction")], required=True, index=True,
        tracking=True)
    level = fields.Selection(
        [
            ("commendation", "Commendation"),
            ("merit_3", "Third-class Merit"),
            ("merit_2", "Second-class Merit"),
            ("merit_1", "First-class Merit"),
            ("honour", "Honorary Title"),
            ("notice", "Public Commendation"),
            ("warning", "Warning"),
            ("demerit", "Demerit"),
            ("major_demerit", "Major Demerit"),
            ("demotion", "Demotion"),
            ("removal", "Removal from Post"),
            ("post_grade_reduction", "Lowering of Post Grade"),
            ("expulsion", "Expulsion"),
        ],
        required=True, index=True, tracking=True,
    )
    date_end = fields.Date(
        string="End of Effect", compute="_compute_date_end", store=True, index=True,
        help="Last day of the period of effect of a sanction: warning 6 months, demerit 12, "
        "major demerit 18, demotion, removal and lowering of post grade 24.",
    )
    establishment_type = fields.Selection(
        ESTABLISHMENT_TYPES, string="Establishment", compute="_compute_establishment_type",
        compute_sudo=True,
        help="The person's establishment, whose rules name the kinds of sanction and their "
        "effects.")
    management_post = fields.Boolean(
        string="Management Staff", tracking=True,
        help="Public institution staff in a management post (从事管理的人员) receive the six "
        "kinds of government sanctions (记大过, 降级, 撤职 included); the other staff receive "
        "warning, demerit, lowering of post grade or expulsion.")
    name = fields.Char(string="Reason", required=True, tracking=True)
    document_ref = fields.Char(string="Document Number", tracking=True,
                               help="Number of the decision (文号).")
    attachment_ids = fields.Many2many("ir.attachment", string="Documents")
    state = fields.Selection(
        [("proposed", "Proposed"), ("recorded", "Recorded")],
        required=True, default="recorded", readonly=True, copy=False, index=True,
        tracking=True,
        help="A proposal (a third-class merit after three Excellent years) counts once HR "
        "records it.",
    )
    recorded_date = fields.Date(string="Recorded On", readonly=True, copy=False)
    recorded_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    evaluation_id = fields.Many2one(
        "dawa.staff.evaluation", readonly=True, index=True, ondelete="set null",
        help="The evaluation that gave rise to the proposal.")

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "recorded_date", "recorded_by_id"]

    @api.depends("date", "level")
    def _compute_date_end(self):
        for sanction in self:
            sanction.date_end = rules.effect_end(sanction.date, sanction.level)

    @api.constrains("kind", "level")
    def _check_level(self):
        for sanction in self:
            levels = REWARD_LEVELS if sanction.kind == "reward" else SANCTION_LEVELS
            if sanction.level not in levels:
                labels = dict(self._fields["level"]._description_selection(self.env))
                kinds = dict(self._fields["kind"]._description_selection(self.env))
                raise ValidationError(self.env._(
                    "%(level)s is not a %(kind)s.", level=labels[sanction.level],
                    kind=kinds[sanction.kind]))

    @api.depends("employee_id")
    def _compute_establishment_type(self):
        for sanction in self:
            sanction.establishment_type = sanction.employee_id.establishment_type

    @api.constrains("kind", "level", "employee_id", "management_post")
    def _check_level_for_establishment(self):
        """The kinds of sanction of the person's own rules: 公职人员政务处分法 §7 for civil
        servants and a public institution's management staff, 事业单位工作人员处分规定 for
        the other public institution staff (no 记大过, 降级 or 撤职; 降低岗位等级 instead),
        which civil servants never receive."""
        labels = dict(self._fields["level"]._description_selection(self.env))
        types = dict(self._fields["establishment_type"]._description_selection(self.env))
        for sanction in self.filtered(lambda sanction: sanction.kind == "sanction"):
            # sudo: the person's establishment is in his HR file
            establishment = sanction.sudo().employee_id.establishment_type
            levels = rules.sanction_levels(establishment, sanction.management_post)
            if levels is not None and sanction.level not in levels:
                raise ValidationError(self.env._(
                    "%(employee)s is %(establishment)s: %(level)s is not a sanction of his "
                    "rules (%(levels)s).",
                    employee=sanction.sudo().employee_id.name,
                    establishment=types.get(establishment, ""), level=labels[sanction.level],
                    levels=format_list(self.env, [labels[level] for level in levels])))

    @api.onchange("level")
    def _onchange_level(self):
        if self.level:
            self.kind = "reward" if self.level in REWARD_LEVELS else "sanction"

    @api.model
    def _fill_workflow_create_vals(self, vals_list):
        """An entry made by hand is recorded at once, by its author."""
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("state", "recorded") == "recorded":
                vals.setdefault("recorded_date", today)
                vals.setdefault("recorded_by_id", self.env.uid)

    def _describe_effect(self):
        """Values naming the sanction and its period in messages: level, start, end."""
        self.ensure_one()
        labels = dict(self._fields["level"]._description_selection(self.env))
        return {
            "level": labels[self.level],
            "start": format_date(self.env, self.date),
            "end": format_date(self.env, self.date_end) if self.date_end else "",
        }

    def action_record(self):
        """HR records a proposal in the ledger."""
        self._check_step(["proposed"], "dawa_staff.group_hr_officer")
        self._workflow_write({
            "state": "recorded",
            "recorded_date": fields.Date.context_today(self),
            "recorded_by_id": self.env.uid,
        })
        self.activity_feedback(["dawa_staff.mail_activity_type_consequence"])

    def _schedule_proposal_activity(self):
        for sanction in self:
            sanction.activity_schedule(
                "dawa_staff.mail_activity_type_consequence",
                user_id=self.env.uid,
                summary=self.env._("Reward proposal for %(employee)s",
                                   employee=sanction.employee_id.name),
                note=sanction.name,
            )
