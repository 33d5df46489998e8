from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DawaOversightNotice(models.Model):
    """督查通报: the oversight items overdue in a period, issued by the bureau's leader. Issuing
    takes a snapshot of the items as they stood, numbers the notice and freezes it."""

    _name = "dawa.oversight.notice"
    _description = "Oversight Notice"
    _inherit = ["mail.thread", "dawa.workflow.mixin"]
    _order = "date_to desc, id desc"
    _workflow_frozen_states = ("issued",)

    name = fields.Char(string="Title", required=True)
    number = fields.Char(string="Notice Number", readonly=True, copy=False)
    date_from = fields.Date(string="Period From", required=True)
    date_to = fields.Date(string="Period To", required=True)
    text = fields.Text(string="Requirements",
                       help="What the departments named in the notice must do.")
    state = fields.Selection([("draft", "Draft"), ("issued", "Issued")], required=True,
                             default="draft", readonly=True, copy=False, index=True,
                             tracking=True)
    date_issued = fields.Date(readonly=True, copy=False)
    line_ids = fields.One2many("dawa.oversight.notice.line", "notice_id",
                               string="Overdue Items", readonly=True)

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "number", "date_issued", "line_ids"]

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for notice in self:
            if notice.date_from > notice.date_to:
                raise ValidationError(self.env._(
                    "The period must start on or before %(date)s.", date=notice.date_to))

    def unlink(self):
        if any(notice.state != "draft" for notice in self):
            raise UserError(self.env._("An issued notice is never deleted."))
        return super().unlink()

    def action_issue(self):
        self._check_step(["draft"], "dawa_approval.group_manager")
        today = self.env["dawa.holiday"]._bureau_today()
        for notice in self:
            if notice.date_to > today:
                raise UserError(self.env._(
                    "The period of %(notice)s ends on %(date)s: issue the notice once it is "
                    "over.", notice=notice.name, date=notice.date_to))
            # sudo: a number of the system; the snapshot lines are written by the issue only
            number = self.env["ir.sequence"].sudo().next_by_code("dawa.oversight.notice")
            self.env["dawa.oversight.notice.line"].sudo().create(
                [{"notice_id": notice.id, **vals} for vals in notice._get_overdue_lines()])
            notice._workflow_write({"state": "issued", "number": number, "date_issued": today})
        return True

    def _get_overdue_lines(self):
        """The items overdue in the period: due by its end and not reported complete by then
        (still open, or reported after the period), or reported complete late within it."""
        self.ensure_one()
        Holiday = self.env["dawa.holiday"]
        items = self.env["dawa.oversight.item"].search([
            ("deadline", "<", self.date_to),
            "|", ("date_reported", "=", False), ("date_reported", ">=", self.date_from),
        ], order="agency_id, deadline, id")
        lines = []
        for item in items:
            reported = item.date_reported
            if reported and reported <= item.deadline:
                continue
            end = reported if reported and reported <= self.date_to else self.date_to
            lines.append({
                "item_id": item.id,
                "agency_id": item.agency_id.id,
                "item_name": item.name,
                "deadline": item.deadline,
                "progress": item.progress if not reported or reported > self.date_to else 100,
                "date_reported": reported if reported and reported <= self.date_to else False,
                "overdue_days": Holiday.count_workdays(item.deadline, end),
            })
        return lines


class DawaOversightNoticeLine(models.Model):
    """An overdue item as the notice states it (a snapshot)."""

    _name = "dawa.oversight.notice.line"
    _description = "Oversight Notice Line"
    _order = "notice_id, agency_id, deadline, id"

    notice_id = fields.Many2one("dawa.oversight.notice", required=True, index=True,
                                ondelete="cascade")
    item_id = fields.Many2one("dawa.oversight.item", ondelete="restrict")
    agency_id = fields.Many2one("dawa.agency", string="Department", index=True)
    item_name = fields.Char(string="Oversight Item")
    deadline = fields.Date()
    progress = fields.Integer(string="Progress (%)")
    date_reported = fields.Date(string="Completed On")
    overdue_days = fields.Integer(string="Working Days Overdue")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("The lines of a notice are written when it is issued."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("The lines of a notice are written when it is issued."))
        return super().write(vals)
