from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.i18n import format_list

from ..tools import querycodes

# Working days the bureau has to answer a complaint when the setting is missing.
DEFAULT_COMPLAINT_DAYS = 5
# Longest texts kept from the public form.
COMPLAINT_TEXT_MAX = 4000
# What the complainant says: never changed by the bureau.
COMPLAINANT_FIELDS = ("subject", "case_id", "item_id", "complainant_name", "complainant_phone",
                      "content")


class DawaComplaint(models.Model):
    """投诉: an applicant's complaint about a case, an item or the conduct of the staff,
    answered by the bureau's leader within a number of working days."""

    _name = "dawa.complaint"
    _description = "Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.deadline.mixin",
                "dawa.workflow.mixin"]
    _order = "state, deadline, id desc"
    _deadline_done_field = "answered_date"
    _workflow_frozen_states = ("answered",)

    name = fields.Char(
        string="Complaint Number", required=True, readonly=True, copy=False, index=True,
        default=lambda self: self.env._("New"))
    state = fields.Selection(
        [("open", "Open"), ("answered", "Answered")],
        required=True, default="open", readonly=True, copy=False, index=True, tracking=True)
    subject = fields.Selection(
        [("case", "An Application"), ("item", "An Approval Item"),
         ("conduct", "Staff Conduct")],
        string="About", required=True, default="conduct")
    case_id = fields.Many2one("dawa.approval.case", string="Application", index=True)
    item_id = fields.Many2one("dawa.approval.item", string="Approval Item", index=True)
    complainant_name = fields.Char(required=True)
    complainant_phone = fields.Char(string="Phone")
    content = fields.Text(string="Complaint", required=True)
    received_date = fields.Date(
        default=lambda self: self.env["dawa.holiday"]._bureau_today(), required=True,
        readonly=True, copy=False, index=True)
    deadline = fields.Date(
        string="Answer Deadline", readonly=True, copy=False, index=True, tracking=True,
        help="The complaint is answered within this many working days of its receipt (see "
        "the settings).")
    user_id = fields.Many2one(
        "res.users", string="Leader in Charge", index=True, tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("dawa_approval.group_manager").id)])
    answer = fields.Text(tracking=True, help="Shown to the complainant with the query code.")
    answered_date = fields.Date(readonly=True, copy=False)
    answered_user_id = fields.Many2one(
        "res.users", string="Answered By", readonly=True, copy=False)
    # typed by the complainant with the complaint number to read the answer
    query_code = fields.Char(readonly=True, copy=False, groups="dawa_approval.group_manager")
    # the signed key of the public form that filed it: the same form files one complaint
    online_form_key = fields.Char(copy=False, readonly=True, groups="base.group_system")
    is_overdue = fields.Boolean(help="Not answered and past its deadline.")

    _sql_constraints = [
        ("name_unique", "unique(name)", "Another complaint already has this number."),
        ("query_code_unique", "unique(query_code)", "Another complaint has this query code."),
        ("online_form_key_unique", "unique(online_form_key)",
         "This complaint form was already submitted."),
    ]

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "name", "received_date", "deadline", "answered_date", "answered_user_id", "query_code",
            "online_form_key",
        ]

    @api.constrains("content", "complainant_name")
    def _check_texts(self):
        for complaint in self:
            if not (complaint.complainant_name or "").strip():
                raise ValidationError(self.env._("Enter your name."))
            if not (complaint.content or "").strip():
                raise ValidationError(self.env._("Describe what you complain about."))
            if len(complaint.content) > COMPLAINT_TEXT_MAX:
                raise ValidationError(self.env._(
                    "The complaint is too long: %(max)s characters at most.",
                    max=COMPLAINT_TEXT_MAX))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _fill_workflow_create_vals(self, vals_list):
        """Number, query code and answer deadline of the new complaints."""
        today = self.env["dawa.holiday"]._bureau_today()
        deadline = self.env["dawa.holiday"]._get_work_calendar().add(
            today, self._get_complaint_days())
        leader = self._get_default_leader()
        # sudo: complaints are numbered by whoever files them, the public included
        Sequence = self.env["ir.sequence"].sudo()
        new = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new) == new:
                vals["name"] = Sequence.next_by_code("dawa.complaint") or new
            vals.setdefault("query_code", querycodes.new_code())
            vals["received_date"] = today
            vals["deadline"] = deadline
            if not vals.get("user_id") and leader:
                vals["user_id"] = leader.id

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints._schedule_complaint_activity()
        return complaints

    def write(self, vals):
        # the complainant's own words (the public form files every complaint): the bureau
        # answers them, it does not edit them
        if not self.env.su:
            for complaint in self:
                changed = complaint._changed_fields(vals, complaint, COMPLAINANT_FIELDS)
                if changed:
                    raise UserError(self.env._(
                        "%(complaint)s: what the complainant wrote (%(fields)s) cannot be "
                        "changed.",
                        complaint=complaint.name,
                        fields=format_list(self.env, [
                            field._description_string(self.env) for field in changed])))
        return super().write(vals)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_answer(self):
        """Send the answer: the complainant reads it with the complaint's query code."""
        self._check_step(["open"], "dawa_approval.group_manager")
        missing = self.filtered(lambda complaint: not (complaint.answer or "").strip())
        if missing:
            raise UserError(self.env._("Write the answer to %(complaint)s first.",
                                       complaint=missing[0].name))
        self._workflow_write({
            "state": "answered",
            "answered_date": self.env["dawa.holiday"]._bureau_today(),
            "answered_user_id": self.env.uid,
        })
        # sudo: the activity may be assigned to another leader
        self.sudo().activity_feedback(
            ["dawa_approval.mail_activity_type_complaint"],
            feedback=self.env._("Complaint answered"))

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    @api.model
    def _get_complaint_days(self):
        """Working days allowed to answer a complaint (setting)."""
        # sudo: the public complaint form reads the setting for the bureau
        value = self.env["ir.config_parameter"].sudo().get_param(
            "dawa_approval.complaint_days", DEFAULT_COMPLAINT_DAYS)
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return DEFAULT_COMPLAINT_DAYS

    @api.model
    def _get_default_leader(self):
        """The bureau leader who answers complaints: the first active bureau manager other
        than the administrator (who is one only to configure the system)."""
        # sudo: the public form assigns the complaint without reading the groups itself
        managers = self.env.ref("dawa_approval.group_manager").sudo().users.filtered(
            lambda user: user.active and not user.share).sorted("id")
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        return (managers - admin)[:1] or managers[:1]

    def _schedule_complaint_activity(self):
        activity_type = self.env.ref("dawa_approval.mail_activity_type_complaint")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = [{
            "res_model_id": model_id,
            "res_id": complaint.id,
            "activity_type_id": activity_type.id,
            "summary": complaint.with_context(lang=complaint.user_id.lang).env._(
                "Answer complaint %(number)s", number=complaint.name),
            "date_deadline": complaint.deadline,
            "user_id": complaint.user_id.id,
            "automated": True,  # marked done by the answer
        } for complaint in self if complaint.user_id]
        # sudo: the complaint comes from the public form; the leader gets the activity
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True).create(vals_list)

    def _get_public_values(self):
        """What the complainant reads back with the code: no other person's data."""
        self.ensure_one()
        states = dict(self._fields["state"]._description_selection(self.env))
        return {
            "number": self.name,
            "state": self.state,
            "state_label": states[self.state],
            "received_date": self.received_date,
            "deadline": self.deadline,
            "content": self.content,
            "answer": self.answer if self.state == "answered" else "",
            "answered_date": self.answered_date,
        }

    @api.model
    def get_dashboard_figures(self):
        """The complaints of each month on the bureau dashboard (managers: the only users
        who may read complaints)."""
        if not self.env.user.has_group("dawa_approval.group_manager"):
            raise AccessError(self.env._("Only bureau managers see the complaint figures."))
        return self._get_monthly_figures()

    @api.model
    def _get_monthly_figures(self, months=12):
        """Complaints per month of receipt over the last ``months`` months (bureau
        dashboard): received, answered, answered on time, open and overdue, each with the
        domain of its complaints; one grouped query per figure, whatever the number."""
        today = self.env["dawa.holiday"]._bureau_today()
        first = (today.replace(day=1) - relativedelta(months=months - 1))
        base = [("received_date", ">=", first)]
        figures = {}
        for key, domain in (
            ("received", []),
            ("answered", [("state", "=", "answered")]),
            ("open", [("state", "=", "open")]),
            ("overdue", [("state", "=", "open"), ("deadline", "<", today)]),
        ):
            for month, count in self._read_group(
                    base + domain, ["received_date:month"], ["__count"]):
                figures.setdefault(month, {})[key] = count
        on_time = defaultdict(int)
        for month, answered, deadline in self._read_group(
                base + [("state", "=", "answered")],
                ["received_date:month", "answered_date:day", "deadline:day"], []):
            if answered and deadline and answered <= deadline:
                on_time[month] += 1
        rows = []
        for month in sorted(figures, reverse=True):
            end = month + relativedelta(months=1)
            in_month = [("received_date", ">=", month), ("received_date", "<", end)]
            values = figures[month]
            rows.append({
                "key": fields.Date.to_string(month),
                "label": month.strftime("%Y-%m"),
                "received": values.get("received", 0),
                "answered": values.get("answered", 0),
                "on_time": on_time[month],
                "open": values.get("open", 0),
                "overdue": values.get("overdue", 0),
                "domain": in_month,
                "open_domain": in_month + [("state", "=", "open")],
                "overdue_domain": in_month + [("state", "=", "open"), ("deadline", "<", today)],
            })
        return rows
