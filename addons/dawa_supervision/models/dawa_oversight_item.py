from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

OVERSIGHT_STATES = [
    ("open", "Assigned"),
    ("in_progress", "In Progress"),
    ("reported", "Reported Complete"),
    ("done", "Verified"),
]


class DawaOversightItem(models.Model):
    """督查事项: a task of the reform the district oversees in a department (移交剩余审批事项,
    完成人员划转, 印章封存 ...), with a deadline. The department records its progress (notes with
    a percentage and evidence) and reports it complete; the bureau's leader verifies it. The
    overdue ones feed the 督查通报 and the department's yearly score."""

    _name = "dawa.oversight.item"
    _description = "Reform Oversight Item"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.deadline.mixin",
                "dawa.workflow.mixin"]
    _order = "deadline, id"
    _deadline_on_time_field = "on_time"
    _deadline_done_field = "date_reported"
    _mail_post_access = "read"
    _workflow_frozen_states = ("done",)

    name = fields.Char(string="Oversight Item", required=True, tracking=True)
    agency_id = fields.Many2one("dawa.agency", string="Department", required=True, index=True,
                                ondelete="restrict", tracking=True)
    description = fields.Text(help="What is expected, and how completion is shown.")
    deadline = fields.Date(required=True, index=True, tracking=True)
    progress = fields.Integer(string="Progress (%)", readonly=True, default=0, tracking=True)
    progress_ids = fields.One2many("dawa.oversight.progress", "item_id",
                                   string="Progress Notes")
    state = fields.Selection(OVERSIGHT_STATES, required=True, default="open", readonly=True,
                             copy=False, index=True, tracking=True)
    date_reported = fields.Date(string="Reported Complete On", readonly=True, copy=False)
    date_done = fields.Date(string="Verified On", readonly=True, copy=False)
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    on_time = fields.Boolean(readonly=True, copy=False,
                             help="Reported complete no later than the deadline.")
    is_overdue = fields.Boolean(help="Not complete past its deadline, or completed late.")

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "progress", "date_reported", "date_done", "on_time", "verified_by_id",
        ]

    def write(self, vals):
        """The department adds progress notes (through the form's list) and nothing else;
        the item itself is the leaders'."""
        if not self.env.su and not self.env.user.has_group("dawa_approval.group_manager"):
            changed = set(vals) - {"progress_ids"} - self._get_writable_when_frozen()
            notes_changed = any(
                command[0] != fields.Command.CREATE for command in vals.get("progress_ids", ()))
            if changed or notes_changed:
                raise UserError(self.env._(
                    "Only the bureau's leaders change an oversight item; the department adds "
                    "progress notes and reports it complete."))
        return super().write(vals)

    def unlink(self):
        if any(item.state != "open" or item.progress_ids for item in self):
            raise UserError(self.env._(
                "An oversight item with progress is never deleted: it counts in the notices "
                "and the yearly score."))
        return super().unlink()

    def action_report(self):
        """The department reports the item complete (progress 100 %)."""
        self._check_department(["open", "in_progress"])
        today = self.env["dawa.holiday"]._bureau_today()
        for item in self:
            item._workflow_write({
                "state": "reported", "progress": 100, "date_reported": today,
                "on_time": today <= item.deadline,
            })
        return True

    def action_verify(self):
        """The bureau's leader checks the evidence and closes the item."""
        self._check_step(["reported"], "dawa_approval.group_manager")
        self._workflow_write({"state": "done", "verified_by_id": self.env.uid,
                              "date_done": self.env["dawa.holiday"]._bureau_today()})
        return True

    def action_send_back(self):
        """The evidence does not show completion: back to the department."""
        self._check_step(["reported"], "dawa_approval.group_manager")
        self._workflow_write({"state": "in_progress", "date_reported": False,
                              "on_time": False})
        self.message_post(body=self.env._(
            "Sent back: the evidence does not yet show the item complete."))
        return True

    def _check_department(self, states):
        """A step of the item's own department."""
        self.check_access("read")
        self._check_step(states, "dawa_supervision.group_department_user")
        foreign = self.filtered(lambda item: item.agency_id != self.env.user.dawa_agency_id)
        if foreign and not self.env.su:
            raise UserError(self.env._(
                "%(item)s is an oversight item of %(agency)s: only its users report on it.",
                item=foreign[0].name, agency=foreign[0].agency_id.name))


class DawaOversightProgress(models.Model):
    """A progress note of an oversight item, with its percentage and evidence: written by the
    department, never changed afterwards."""

    _name = "dawa.oversight.progress"
    _inherit = ["dawa.derived.fields.mixin"]
    _description = "Oversight Progress Note"
    _order = "date desc, id desc"

    item_id = fields.Many2one("dawa.oversight.item", required=True, index=True,
                              ondelete="restrict")
    agency_id = fields.Many2one(related="item_id.agency_id", store=True, index=True)
    date = fields.Date(readonly=True, default=lambda self: self.env["dawa.holiday"]
                       ._bureau_today())
    user_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    percent = fields.Integer(string="Progress (%)", required=True)
    note = fields.Text(required=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")

    @api.constrains("percent")
    def _check_percent(self):
        for note in self:
            if not 0 <= note.percent <= 100:
                raise ValidationError(self.env._(
                    "Progress is a percentage from 0 to 100, not %(percent)s.",
                    percent=note.percent))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the note's day and author are the system's
            vals.pop("date", None)
            vals.pop("user_id", None)
        notes = super().create(vals_list)
        for note in notes:
            note.item_id._check_department(["open", "in_progress"])
            note.item_id._workflow_write({"state": "in_progress", "progress": note.percent})
        return notes

    def write(self, vals):
        if set(vals) - {"attachment_ids"} or not self.env.su:
            raise UserError(self.env._(
                "A progress note is never changed: add a new one."))
        return super().write(vals)

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._("A progress note is never deleted: add a new one."))
