from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date
from odoo.tools.i18n import format_list

from .dawa_supervision_catalog import DEFAULT_FIRST_CHECK_DAYS, DEFAULT_VERIFICATION_DAYS
from .dawa_supervision_task import NOTICE_DAYS

# Written only by the push, the verifications and the revocation (dawa.workflow.mixin).
SUPERVISION_WORKFLOW_FIELDS = (
    "commitment_state", "revocation_date", "revocation_ref",
    "revocation_user_id",
)


class DawaApprovalCase(models.Model):
    """What supervision adds to a case: the approval on written commitment (告知承诺制), the
    push of an approval to the supervising departments (审批结果推送) through the
    ``_on_decision()`` hook, and the revocation of the licence (撤销行政许可决定书, under the
    agency seal), which acts on the licence in the register (dawa_licence)."""

    _inherit = "dawa.approval.case"

    approval_mode = fields.Selection(
        [("standard", "Standard Review"), ("commitment", "On Written Commitment")],
        required=True, default="standard", tracking=True,
        help="On written commitment (告知承诺制): the applicant commits in writing that the "
        "conditions are met and the bureau approves without checking them all; the "
        "supervising department verifies the commitment afterwards, within a shorter limit.")
    commitment_state = fields.Selection(
        [("pending", "Commitment Being Verified"), ("verified", "Commitment Verified"),
         ("untrue", "Commitment Untrue")],
        string="Commitment Verification", readonly=True, copy=False, index=True,
        tracking=True)
    revocation_date = fields.Date(readonly=True, copy=False)
    revocation_ref = fields.Char(string="Revocation Decision Number", readonly=True, copy=False)
    revocation_user_id = fields.Many2one(
        "res.users", string="Revoked By", readonly=True, copy=False)
    supervision_task_ids = fields.One2many(
        "dawa.supervision.task", "case_id", string="Supervision Tasks")
    supervision_task_count = fields.Integer(compute="_compute_supervision_counts")
    supervision_feedback_count = fields.Integer(compute="_compute_supervision_counts")

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), *SUPERVISION_WORKFLOW_FIELDS]

    def _compute_supervision_counts(self):
        Task = self.env["dawa.supervision.task"]
        Feedback = self.env["dawa.supervision.feedback"]
        tasks = dict(Task._read_group(
            [("case_id", "in", self.ids)], ["case_id"], ["__count"])) if Task.has_access(
            "read") else {}
        feedback = dict(Feedback._read_group(
            [("case_id", "in", self.ids)], ["case_id"], ["__count"])) if Feedback.has_access(
            "read") else {}
        for case in self:
            case.supervision_task_count = tasks.get(case, 0)
            case.supervision_feedback_count = feedback.get(case, 0)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_approve(self):
        self._check_approval_mode()
        return super().action_approve()

    def action_view_supervision_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_supervision.dawa_supervision_task_action_bureau")
        action.update({"domain": [("case_id", "=", self.id)], "context": {}})
        return action

    def action_view_supervision_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_supervision.dawa_supervision_feedback_action")
        action.update({"domain": [("case_id", "=", self.id)], "context": {}})
        return action

    # ------------------------------------------------------------------
    # hook of dawa_approval
    # ------------------------------------------------------------------

    def _on_decision(self):
        """Push every approval to its supervising departments, in the decision's
        transaction; refusals, non-acceptances and withdrawals push nothing."""
        result = super()._on_decision()
        self.filtered(lambda case: case.state == "approved")._push_supervision_tasks()
        return result

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _check_approval_mode(self):
        """An approval on commitment only for items that allow it."""
        for case in self.filtered(lambda case: case.approval_mode == "commitment"):
            refused = case.line_ids.item_id.filtered(lambda item: not item.commitment_allowed)
            if refused:
                raise UserError(self.env._(
                    "%(case)s cannot be approved on the applicant's written commitment: "
                    "%(items)s do(es) not allow it. Review the application in full, or change "
                    "the catalogue first.",
                    case=case.name, items=format_list(self.env, refused.mapped("name"))))

    def _push_supervision_tasks(self):
        """审批结果推送: one task per supervising department of the items of each approved
        case (and one commitment verification more for an approval on commitment), with a
        working-day deadline from the catalogue and an activity for the department's users.
        A decision already pushed is not pushed again: the tasks are looked up first, and a
        unique index backs it up."""
        cases = self.filtered(lambda case: case.state == "approved")
        if not cases:
            return self.env["dawa.supervision.task"]
        # sudo: the push creates the departments' work, which no bureau user may create;
        # the approver does not follow the department's tasks
        Task = self.env["dawa.supervision.task"].sudo().with_context(
            mail_create_nosubscribe=True)
        pushed = {
            (task.case_id.id, task.agency_id.id, task.kind)
            for task in Task.search([("case_id", "in", cases.ids),
                                     ("kind", "in", ("push", "verification"))])
        }
        today = self._bureau_today()
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        first_days, verification_days = self._get_supervision_default_days()
        vals_list = []
        for case in cases:
            items = case.line_ids.sorted("sequence").item_id
            targets = items._get_supervising_agencies()
            if not targets:
                case.message_post(body=self.env._(
                    "No supervising department is set for %(items)s: the approval was pushed "
                    "to nobody. Complete the supervision catalogue.",
                    items=format_list(self.env, items.mapped("name"))))
            kinds = ["push"] + (["verification"] if case.approval_mode == "commitment" else [])
            for agency, (agency_items, entries) in targets.items():
                for kind in kinds:
                    if (case.id, agency.id, kind) in pushed:
                        continue
                    if kind == "push":
                        days = min(entries.mapped("first_check_days"), default=first_days)
                    else:
                        days = min(entries.mapped("verification_days"),
                                   default=verification_days)
                    vals_list.append({
                        **case._get_supervision_task_vals(agency, agency_items, entries),
                        "kind": kind,
                        "date_pushed": today,
                        "deadline": calendar.add(today, days),
                    })
        tasks = Task.create(vals_list)
        if tasks:
            tasks._refresh_deadlines(tasks.ids)
            tasks._notify_agency_users()
            for case in cases:
                own = tasks.filtered(lambda task, case=case: task.case_id == case)
                if own:
                    case.message_post(body=self.env._(
                        "Approval result pushed to %(agencies)s (%(tasks)s).",
                        agencies=format_list(self.env, own.agency_id.mapped("name")),
                        tasks=format_list(self.env, own.mapped("name"))))
        cases.filtered(
            lambda case: case.approval_mode == "commitment" and not case.commitment_state,
        )._workflow_write({"commitment_state": "pending"})
        return tasks

    def _get_supervision_task_vals(self, agency, items, entries):
        """What a department's task says of this decision: the licence holder, the items,
        the decision's number, date, validity and scope (the licence's, once issued; the
        task also shows the licence's number and current status, read from the register);
        never the applicant's ID number or phone."""
        self.ensure_one()
        licence = self.licence_id
        return {
            "case_id": self.id,
            "agency_id": agency.id,
            "item_id": items[:1].id,
            "item_ids": [fields.Command.set(items.ids)],
            "catalog_id": entries[:1].id,
            "holder_name": self.applicant_name,
            "decision_ref": self.decision_ref,
            "decision_date": self.decision_date,
            "licence_valid_until": licence.valid_to if licence else self.licence_valid_until,
            "licence_scope": licence.scope if licence else self.licence_scope,
            "approval_mode": self.approval_mode,
        }

    @api.model
    def _get_supervision_default_days(self):
        """(first check, commitment verification) working days of an item without a
        catalogue entry (settings)."""
        # sudo: the approver reads the bureau's settings
        parameters = self.env["ir.config_parameter"].sudo()
        values = []
        for key, default in (("dawa_supervision.first_check_days", DEFAULT_FIRST_CHECK_DAYS),
                             ("dawa_supervision.verification_days", DEFAULT_VERIFICATION_DAYS)):
            try:
                values.append(max(int(parameters.get_param(key, default)), 0))
            except (TypeError, ValueError):
                values.append(default)
        return tuple(values)

    def _issue_revocation(self):
        """撤销行政许可决定书: revoke the licence of this approved case, by the bureau's own
        decision under its **agency** seal (never the approval seal): number the
        decision, write its seal-ledger line, revoke the licence in the register (行政许可法
        §69) and push a notice to every department that supervises it."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("dawa_approval.group_approver"):
            raise UserError(self.env._("Only an approver of the bureau may revoke a licence."))
        if self.decision != "approved":
            raise UserError(self.env._(
                "%(case)s has no valid licence to revoke.", case=self.name))
        if not self.sealed:
            # a decision takes effect once issued under the approval seal: before, there is
            # no licence to revoke (行政许可法 §69 revokes a licence granted)
            raise UserError(self.env._(
                "The approval of %(case)s is not sealed yet: its licence is not issued, so it "
                "cannot be revoked. The seal keeper seals the approval first.", case=self.name))
        licence = self.licence_id
        if licence.state != "valid":
            raise UserError(self.env._(
                "%(case)s has no valid licence to revoke.", case=self.name))
        # the seal ledger's lock first, as for every decision (dawa.seal.usage._lock_chain):
        # a revocation that waited for another sealing is run again by Odoo with a fresh
        # view of the database, so its number has no gap and a licence is revoked once
        Usage = self.env["dawa.seal.usage"]
        Usage._lock_chain()
        document_type = self.env.ref("dawa_approval.document_type_licence_revocation")
        seal = self._get_revocation_seal(document_type)
        today = self._bureau_today()
        # sudo: the decision number is drawn by the system (gapless yearly sequence)
        number = self.env["ir.sequence"].sudo().next_by_code(
            "dawa.supervision.revocation", sequence_date=today)
        if not number:
            raise UserError(self.env._(
                "The numbering of %(document)s is missing: an administrator must restore it.",
                document=document_type.name))
        licence._revoke(number, day=today)
        self._workflow_write({
            "revocation_date": today,
            "revocation_ref": number,
            "revocation_user_id": self.env.uid,
        })
        Usage._append([{
            "seal_id": seal.id,
            "case_id": self.id,
            "document_type_id": document_type.id,
            "document_ref": number,
            "approver_id": self.env.uid,
        }])
        self.message_post(body=self.env._(
            "Licence revoked by decision %(number)s under the %(seal)s.",
            number=number, seal=seal.name))
        return self._push_licence_notice()

    @api.model
    def _get_revocation_seal(self, document_type):
        """The bureau's agency seal in use, if it may be put on ``document_type``: a decision
        revoking or changing a licence never bears the approval seal."""
        bureau = self.env["dawa.agency"]._get_bureau()
        # sudo: approvers seal decisions, but only seal keepers manage the registry
        seal = self.env["dawa.seal"].sudo().search([
            ("kind", "=", "agency"), ("state", "=", "in_use"), ("agency_id", "=", bureau.id),
        ], order="id", limit=1)
        if not seal:
            raise UserError(self.env._(
                "No agency seal of the bureau is in use: a decision revoking a licence bears "
                "the agency seal, never the approval seal. A seal keeper must activate it "
                "first."))
        if seal.allowed_document_types and document_type not in seal.allowed_document_types:
            raise UserError(self.env._(
                "%(seal)s may not be put on a %(document)s.",
                seal=seal.name, document=document_type.name))
        return seal

    def _push_licence_notice(self):
        """Tell every department that supervises this licence that it was revoked: a task of
        kind notice, to acknowledge."""
        self.ensure_one()
        # sudo: the bureau creates the departments' work, which the approver does not follow
        Task = self.env["dawa.supervision.task"].sudo().with_context(
            mail_create_nosubscribe=True)
        tasks = Task.search([("case_id", "=", self.id), ("kind", "in", ("push", "verification"))])
        notified = set(Task.search(
            [("case_id", "=", self.id), ("kind", "=", "notice")]).agency_id.ids)
        today = self._bureau_today()
        deadline = self.env["dawa.holiday"]._get_work_calendar().add(today, NOTICE_DAYS)
        vals_list = []
        for agency in tasks.agency_id:
            if agency.id in notified:
                continue
            own = tasks.filtered(lambda task, agency=agency: task.agency_id == agency)
            vals_list.append({
                **self._get_supervision_task_vals(agency, own.item_ids, own.catalog_id),
                "kind": "notice",
                "date_pushed": today,
                "deadline": deadline,
                "notice": self.env._(
                    "The licence %(decision)s of %(holder)s was revoked by the bureau's "
                    "decision %(number)s of %(date)s.",
                    decision=self.decision_ref, holder=self.applicant_name,
                    number=self.revocation_ref,
                    date=format_date(self.env, self.revocation_date)),
            })
        notices = Task.create(vals_list)
        if notices:
            notices._refresh_deadlines(notices.ids)
            notices._notify_agency_users()
        return notices

    # ------------------------------------------------------------------
    # the revocation decision (dawa.approval.case.document)
    # ------------------------------------------------------------------

    def _check_document_printable(self, kind):
        if kind != "revocation":
            return super()._check_document_printable(kind)
        for case in self:
            if not case.revocation_ref:
                raise UserError(self.env._(
                    "%(case)s has no revocation decision to print: its licence was not "
                    "revoked.", case=case.name))
        return None

    def _get_document_title(self, kind):
        if kind == "revocation":
            return self.env._("Decision Revoking an Administrative Licence")
        return super()._get_document_title(kind)

    def _get_document_number(self, kind):
        if kind == "revocation":
            self.ensure_one()
            return self.revocation_ref
        return super()._get_document_number(kind)

    def _get_document_date(self, kind):
        if kind == "revocation":
            self.ensure_one()
            return self._format_document_date(self.revocation_date)
        return super()._get_document_date(kind)

    def _get_document_paragraphs(self, kind):
        if kind != "revocation":
            return super()._get_document_paragraphs(kind)
        self.ensure_one()
        values = {
            "items": self._get_document_items_text(),
            "decision": self.decision_ref,
            "date": self._format_document_date(self.decision_date),
        }
        if self.approval_mode == "commitment":
            return [self.env._(
                "By decision %(decision)s of %(date)s, this bureau granted you the "
                "administrative licence for %(items)s on your written commitment that the "
                "statutory conditions were met. The supervising department has verified the "
                "commitment and found it untrue, as follows:", **values)]
        return [self.env._(
            "By decision %(decision)s of %(date)s, this bureau granted you the administrative "
            "licence for %(items)s. In supervision, the supervising department found the "
            "following:", **values)]

    def _get_document_closing(self, kind):
        if kind != "revocation":
            return super()._get_document_closing(kind)
        return [
            self.env._(
                "In accordance with Article 69 of the Administrative Licensing Law of the "
                "People's Republic of China, this bureau has decided to revoke the "
                "administrative licence above (decision %(decision)s), with effect from the "
                "date of this decision.", decision=self.decision_ref),
            self._get_document_remedy(),
        ]

    def _get_revocation_facts(self):
        """The facts found by the supervising departments, as their feedback answered by
        the revocation wrote them."""
        self.ensure_one()
        # sudo: the clerk printing the decision reads the feedback it answers
        feedback = self.env["dawa.supervision.feedback"].sudo().search([
            ("case_id", "=", self.id), ("disposition", "=", "revocation")], order="id")
        return "\n".join(
            (record.description or "").strip() for record in feedback if record.description)

    def _get_licence_scope(self):
        """The approval decision prints the scope, premises or address of the licence."""
        self.ensure_one()
        return self.licence_scope
