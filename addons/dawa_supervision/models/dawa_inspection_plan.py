import json
import secrets

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_datetime

from ..tools import inspection_draw

# The secret of each confirmed plan until its draw: a table of its own, out of the ORM, so
# that no user reads it (not the department, not the witness, not an administrator through
# the web client) before the draw reveals it.
SECRET_TABLE = "dawa_inspection_plan_secret"
WITNESS_GROUP = "dawa_approval.group_manager"


class DawaInspectionPlan(models.Model):
    """双随机、一公开 抽查计划 (国发〔2015〕58号): a department draws at random the licence holders
    it inspects from the population of licences approved in a window, and the inspectors
    from its roster, then publishes the plan, the draw and the results.

    Confirming fixes and publishes everything the draw depends on: the terms, the sorted
    population and its digest, the exclusions, and the commitment (SHA-256) to a secret the
    system draws for the department and keeps from everybody. Then the draw's witness, a
    leader of the bureau, enters a value of his own; at the draw the secret is revealed and
    the seed is made of the terms' hash, the secret and the witness's value
    (``tools/inspection_draw.py``, DAWA-DRAW-2): whoever confirms cannot know the seed, the
    witness cannot know the secret, so neither can steer the draw. It is then a pure
    function of published figures: anyone can re-run it from the public page and must get
    the same result. Plans confirmed before (DAWA-DRAW-1) keep the seed they published.
    """

    _name = "dawa.inspection.plan"
    _description = "Random Inspection Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "dawa.workflow.mixin",
                "dawa.agency.owned.mixin"]
    _order = "date_confirmed desc, id desc"
    _workflow_frozen_states = ("confirmed", "drawn", "done")

    name = fields.Char(string="Plan", required=True, tracking=True)
    agency_id = fields.Many2one(
        "dawa.agency", string="Department", required=True, index=True, ondelete="restrict",
        default=lambda self: self.env.user.dawa_agency_id, tracking=True)
    item_ids = fields.Many2many(
        "dawa.approval.item", string="Approval Items", required=True,
        help="The licences of these items make up the population.")
    date_from = fields.Date(
        string="Approved From", required=True,
        help="First day of the approval window of the population.")
    date_to = fields.Date(
        string="Approved Until", required=True,
        help="Last day of the approval window; the plan is confirmed on that day or later.")
    sample_method = fields.Selection(
        [("count", "Number of Holders"), ("ratio", "Percentage of the Population")],
        required=True, default="ratio")
    sample_count = fields.Integer(string="Holders to Draw")
    sample_ratio = fields.Float(
        string="Percentage to Draw", default=5.0, digits=(5, 2),
        help="Rounded up to the next whole holder.")
    inspector_ids = fields.Many2many(
        "dawa.inspection.inspector", string="Inspector Roster",
        domain="[('agency_id', '=', agency_id)]",
        help="The department's certified inspectors taking part in the draw.")
    inspectors_per_task = fields.Integer(
        string="Inspectors per Inspection", required=True, default=2,
        help="At least two law enforcement officers inspect together.")
    exclusion_months = fields.Integer(
        string="Recently Inspected (Months)", default=12,
        help="Holders inspected at random in these last months are left out of the population.")
    inspection_days = fields.Integer(
        string="Time to Inspect (Working Days)", default=20,
        help="Working days from the draw to the deadline of each inspection.")
    draw_date = fields.Date(
        help="The day announced for the draw; it cannot take place earlier.")
    public_value = fields.Char(
        string="Value Fixed in Advance",
        help="A value announced before the plan is confirmed (e.g. the number of the notice "
        "of the plan): part of the terms of the plan.")
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("drawn", "Drawn"), ("done", "Done")],
        required=True, default="draft", readonly=True, copy=False, index=True, tracking=True)
    date_confirmed = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True,
                                      copy=False)
    confirmation_terms = fields.Text(
        readonly=True, copy=False,
        help="The plan's terms as hashed at confirmation (canonical JSON).")
    confirmation_hash = fields.Char(readonly=True, copy=False)
    secret_commitment = fields.Char(
        string="Commitment to the Secret", readonly=True, copy=False,
        help="SHA-256 of the secret drawn for the department at confirmation, published with "
        "the terms; the secret itself is revealed at the draw.")
    witness_value = fields.Char(
        readonly=True, copy=False, tracking=True,
        help="Entered by the draw's witness, a leader of the bureau, after the confirmation: "
        "with the secret it makes the seed.")
    witnessed_by_id = fields.Many2one("res.users", string="Witness", readonly=True, copy=False)
    witnessed_at = fields.Datetime(readonly=True, copy=False)
    revealed_secret = fields.Char(
        string="Secret", readonly=True, copy=False,
        help="The department's secret, revealed at the draw: its SHA-256 is the commitment.")
    seed = fields.Char(readonly=True, copy=False, tracking=True)
    algorithm = fields.Char(compute="_compute_algorithm")
    population_keys = fields.Text(
        string="Population", readonly=True, copy=False,
        help="The licence numbers of the population, sorted, one per line.")
    population_digest = fields.Char(readonly=True, copy=False)
    population_size = fields.Integer(readonly=True, copy=False)
    exclusions = fields.Text(
        string="Excluded Inspectors", readonly=True, copy=False,
        help="For each licence, the certificate numbers of the inspectors who handled it or "
        "inspected it last time (JSON).")
    sample_size = fields.Integer(string="Holders Drawn", readonly=True, copy=False)
    drawn_at = fields.Datetime(readonly=True, copy=False)
    drawn_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    draw_result = fields.Text(readonly=True, copy=False)
    date_done = fields.Date(readonly=True, copy=False)
    access_token = fields.Char(readonly=True, copy=False, groups="base.group_user")
    line_ids = fields.One2many("dawa.inspection.draw.line", "plan_id", string="Drawn Holders",
                               readonly=True)
    task_ids = fields.One2many("dawa.supervision.task", "plan_id", string="Inspection Tasks")
    task_count = fields.Integer(compute="_compute_task_count")
    public_url = fields.Char(string="Public Page", compute="_compute_public_url")

    _sql_constraints = [
        ("access_token_unique", "unique(access_token)", "Another plan already has this key."),
    ]

    def _get_workflow_fields(self):
        return [
            *super()._get_workflow_fields(),
            "date_confirmed", "confirmed_by_id", "confirmation_terms", "confirmation_hash", "seed",
            "secret_commitment", "witness_value", "witnessed_by_id", "witnessed_at",
            "revealed_secret",
            "population_keys", "population_digest", "population_size", "exclusions", "sample_size",
            "drawn_at", "drawn_by_id", "draw_result", "date_done", "access_token", "line_ids",
        ]

    def init(self):
        result = super().init()
        self.env.cr.execute(SQL(
            """CREATE TABLE IF NOT EXISTS %s (
                   plan_id integer PRIMARY KEY REFERENCES %s (id) ON DELETE CASCADE,
                   secret varchar NOT NULL
               )""",
            SQL.identifier(SECRET_TABLE), SQL.identifier(self._table)))
        return result

    @api.depends("confirmation_terms")
    def _compute_algorithm(self):
        for plan in self:
            terms = json.loads(plan.confirmation_terms) if plan.confirmation_terms else {}
            plan.algorithm = terms.get("algorithm") or False

    @api.depends("task_ids")
    def _compute_task_count(self):
        for plan in self:
            plan.task_count = len(plan.task_ids)

    @api.depends("access_token")
    def _compute_public_url(self):
        base = self.env["dawa.qr.mixin"]._get_public_base_url()
        for plan in self:
            plan.public_url = (f"{base}/dawa/inspections/{plan.access_token}"
                               if plan.access_token else False)

    @api.constrains("date_from", "date_to")
    def _check_window(self):
        for plan in self:
            if plan.date_from > plan.date_to:
                raise ValidationError(self.env._(
                    "%(plan)s: the approval window must start on or before %(date)s.",
                    plan=plan.name, date=plan.date_to))

    @api.constrains("sample_method", "sample_count", "sample_ratio", "inspectors_per_task",
                    "exclusion_months", "inspection_days")
    def _check_figures(self):
        for plan in self:
            if plan.sample_method == "count" and plan.sample_count < 1:
                raise ValidationError(self.env._(
                    "%(plan)s: draw at least one holder.", plan=plan.name))
            if plan.sample_method == "ratio" and not 0 < plan.sample_ratio <= 100:
                raise ValidationError(self.env._(
                    "%(plan)s: the percentage to draw must be more than 0 and at most 100.",
                    plan=plan.name))
            if plan.inspectors_per_task < 2:
                raise ValidationError(self.env._(
                    "%(plan)s: an inspection is carried out by at least two law enforcement "
                    "officers.", plan=plan.name))
            if plan.exclusion_months < 0 or plan.inspection_days < 1:
                raise ValidationError(self.env._(
                    "%(plan)s: the months of exclusion cannot be negative and the time to "
                    "inspect is at least one working day.", plan=plan.name))

    @api.constrains("inspector_ids", "agency_id")
    def _check_inspectors(self):
        for plan in self:
            # sudo: the roster of the plan's own department, whoever edits it
            others = plan.sudo().inspector_ids.filtered(
                lambda inspector, plan=plan: inspector.agency_id != plan.agency_id)
            if others:
                raise ValidationError(self.env._(
                    "%(plan)s: %(inspector)s is not an inspector of %(agency)s.",
                    plan=plan.name, inspector=others[0].name, agency=plan.agency_id.name))

    def unlink(self):
        if any(plan.state != "draft" for plan in self):
            raise UserError(self.env._(
                "A confirmed plan is public: it can no longer be deleted."))
        return super().unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        """Fix and publish the terms, the population, the exclusions and the commitment to
        the secret of the draw."""
        self._check_department_step(["draft"])
        today = self.env["dawa.holiday"]._bureau_today()
        for plan in self:
            if not (plan.public_value or "").strip():
                raise UserError(self.env._(
                    "%(plan)s: enter the value fixed in advance (e.g. the number of the notice "
                    "of the plan) before confirming.", plan=plan.name))
            if plan.date_to > today:
                raise UserError(self.env._(
                    "%(plan)s: the approval window ends on %(date)s. Confirm the plan once it "
                    "has ended, so that the population is fixed before the seed is known.",
                    plan=plan.name, date=plan.date_to))
            if len(plan.inspector_ids) < plan.inspectors_per_task:
                raise UserError(self.env._(
                    "%(plan)s: the roster has %(count)s inspectors, fewer than the "
                    "%(needed)s each inspection needs.", plan=plan.name,
                    count=len(plan.inspector_ids), needed=plan.inspectors_per_task))
            cases = plan._get_population_cases(today)
            if not cases:
                raise UserError(self.env._(
                    "%(plan)s: no valid licence of these items was approved in the window: "
                    "there is nobody to draw.", plan=plan.name))
            keys = inspection_draw.normalize_keys(cases)
            exclusions = plan._get_exclusions(cases)
            size = inspection_draw.sample_size(
                len(keys), plan.sample_count if plan.sample_method == "count" else 0,
                plan.sample_ratio if plan.sample_method == "ratio" else 0)
            digest = inspection_draw.population_digest(keys)
            now = fields.Datetime.now()
            secret = inspection_draw.new_secret()
            commitment = inspection_draw.commitment(secret)
            terms = plan._get_confirmation_terms(now, digest, size, commitment)
            plan._store_secret(secret)
            plan._workflow_write({
                "state": "confirmed",
                "date_confirmed": now,
                "confirmed_by_id": self.env.uid,
                "confirmation_terms": terms,
                "confirmation_hash": inspection_draw.sha256_hex(terms),
                "secret_commitment": commitment,
                "population_keys": "\n".join(keys),
                "population_digest": digest,
                "population_size": len(keys),
                "exclusions": json.dumps(exclusions, ensure_ascii=False, sort_keys=True),
                "sample_size": size,
                "access_token": secrets.token_urlsafe(32),
            })
            plan.message_post(body=self.env._(
                "Plan confirmed and published: %(size)s of %(population)s holders will be drawn. "
                "The secret of the draw is committed to by %(commitment)s; the draw's witness "
                "enters his value next.", size=size, population=len(keys),
                commitment=commitment))
            plan._notify_witnesses()
        return True

    def _witness(self, value):
        """The draw's witness enters his value, after the confirmation and once only."""
        self.ensure_one()
        self._check_step(["confirmed"], WITNESS_GROUP)
        if self.algorithm != inspection_draw.ALGORITHM:
            raise UserError(self.env._(
                "%(plan)s was confirmed with the value announced in advance: it has no "
                "witness.", plan=self.name))
        if self.witness_value:
            raise UserError(self.env._(
                "%(plan)s already has the value of its witness: it cannot be changed.",
                plan=self.name))
        value = (value or "").strip()
        if not value:
            raise ValidationError(self.env._(
                "%(plan)s: enter the witness's value (e.g. numbers the witness draws or "
                "writes down in front of the department).", plan=self.name))
        self._workflow_write({"witness_value": value, "witnessed_by_id": self.env.uid,
                              "witnessed_at": fields.Datetime.now()})
        self.message_post(body=self.env._(
            "Witness value entered: %(value)s. The department may now run the draw.",
            value=value))
        return True

    def action_open_witness(self):
        """The witness's form to enter his value."""
        self.ensure_one()
        self._check_step(["confirmed"], WITNESS_GROUP)
        return {
            "type": "ir.actions.act_window",
            "res_model": "dawa.inspection.witness",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_draw(self):
        """Run the draw (once): the drawn holders and their inspectors, and a random
        inspection task for each."""
        self._check_department_step(["confirmed"])
        today = self.env["dawa.holiday"]._bureau_today()
        for plan in self:
            if plan.draw_date and today < plan.draw_date:
                raise UserError(self.env._(
                    "%(plan)s: the draw was announced for %(date)s; it cannot take place "
                    "earlier.", plan=plan.name, date=plan.draw_date))
            if plan.algorithm == inspection_draw.ALGORITHM:
                plan._reveal_secret()
            outcome = plan._run_draw()
            plan._create_draw_lines(outcome["result"], today)
            plan._workflow_write({
                "state": "drawn",
                "drawn_at": fields.Datetime.now(),
                "drawn_by_id": self.env.uid,
                "draw_result": json.dumps(outcome["result"], ensure_ascii=False),
            })
            plan.message_post(body=self.env._(
                "Draw done: %(count)s holders drawn, an inspection task created for each.",
                count=len(outcome["result"])))
        return True

    def action_done(self):
        """Close the plan once every inspection is done; the results are public."""
        self._check_department_step(["drawn"])
        for plan in self:
            # sudo: the plan's own tasks, some of them given to colleagues
            if any(task.state != "done" for task in plan.sudo().task_ids):
                raise UserError(self.env._(
                    "%(plan)s: finish every inspection of the plan before closing it.",
                    plan=plan.name))
        self._workflow_write({"state": "done",
                              "date_done": self.env["dawa.holiday"]._bureau_today()})
        return True

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_supervision.dawa_supervision_task_action")
        action.update({"domain": [("plan_id", "=", self.id)], "context": {}})
        return action

    def action_open_public_page(self):
        self.ensure_one()
        if not self.access_token:
            raise UserError(self.env._("The plan is public once it is confirmed."))
        return {"type": "ir.actions.act_url", "url": f"/dawa/inspections/{self.access_token}",
                "target": "new"}

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _check_department_step(self, states):
        """A step of the plan's department: its own plans (record rules), the right state,
        the department user group."""
        self.check_access("write")
        self._check_step(states, "dawa_supervision.group_department_user")

    def _get_population_cases(self, today):
        """{licence number: case} of the valid licences of the plan's items (the register,
        dawa_licence) approved in the window and not past their last day, less the holders
        inspected at random in the last ``exclusion_months``."""
        self.ensure_one()
        # sudo: the department reads neither cases nor the register; the population is the
        # system's query
        licences = self.env["dawa.licence"].sudo().search([
            ("state", "=", "valid"), ("item_id", "in", self.item_ids.ids),
            ("case_id.decision", "=", "approved"),
            ("case_id.decision_date", ">=", self.date_from),
            ("case_id.decision_date", "<=", self.date_to),
            "|", ("valid_to", "=", False), ("valid_to", ">=", today),
        ], order="id")
        if self.exclusion_months:
            since = today - relativedelta(months=self.exclusion_months)
            recent = self.env["dawa.supervision.task"].sudo().search([
                ("kind", "=", "random"), ("case_id", "in", licences.case_id.ids),
                ("date_pushed", ">=", since)])
            licences = licences.filtered(lambda licence: licence.case_id not in recent.case_id)
        return {licence.name.strip(): licence.case_id for licence in licences}

    def _get_exclusions(self, cases):
        """{licence number: [certificate numbers]} of the roster's inspectors who handled the
        licence (its pushed tasks) or inspected it the last time it was drawn."""
        self.ensure_one()
        # sudo: every task of these licences, whatever department or user
        tasks = self.env["dawa.supervision.task"].sudo().search(
            [("case_id", "in", [case.id for case in cases.values()])],
            order="date_pushed desc, id desc")
        roster = self.sudo().inspector_ids
        exclusions = {}
        for key, case in cases.items():
            own = tasks.filtered(lambda task, case=case: task.case_id == case)
            users = (own.filtered(lambda task: task.kind != "random").user_id
                     | own.done_user_id)
            last_random = own.filtered(lambda task: task.kind == "random")[:1]
            excluded = roster.filtered(
                lambda inspector, users=users, last=last_random:
                    (inspector.user_id and inspector.user_id in users)
                    or inspector in last.inspector_ids)
            if excluded:
                exclusions[key] = sorted(excluded.mapped("certificate_number"))
        return exclusions

    def _store_secret(self, secret):
        """Keep the secret of the plan until its draw (``SECRET_TABLE``)."""
        self.ensure_one()
        self.env.cr.execute(SQL(
            "INSERT INTO %s (plan_id, secret) VALUES (%s, %s)",
            SQL.identifier(SECRET_TABLE), self.id, secret))

    def _reveal_secret(self):
        """Publish the secret at the draw and make the seed (DAWA-DRAW-2)."""
        self.ensure_one()
        if not self.witness_value:
            raise UserError(self.env._(
                "%(plan)s: the draw's witness, a leader of the bureau, has not entered his "
                "value yet: the draw needs it.", plan=self.name))
        self.env.cr.execute(SQL("SELECT secret FROM %s WHERE plan_id = %s",
                                SQL.identifier(SECRET_TABLE), self.id))
        row = self.env.cr.fetchone()
        if not row or not inspection_draw.secret_matches(row[0], self.secret_commitment):
            raise UserError(self.env._(
                "%(plan)s: the secret kept for the draw no longer matches its published "
                "commitment; the draw is refused. Report it to the bureau.", plan=self.name))
        self._workflow_write({
            "revealed_secret": row[0],
            "seed": inspection_draw.make_seed_2(
                self.confirmation_hash, row[0], self.witness_value),
        })

    def _notify_witnesses(self):
        """Ask the bureau's leaders to witness the draw (an activity on the plan); not the
        administrators, who hold a leader's rights by inheritance, not his duties (unless
        nobody else leads)."""
        group = self.env.ref(WITNESS_GROUP)
        # sudo: the department schedules the bureau's step without reading its users
        leaders = group.sudo().users.filtered(
            lambda user: user.active and not user.share and not user._is_superuser())
        users = (leaders - self.env.ref("base.group_system").sudo().users) or leaders
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for plan in self:
            for user in users:
                plan.sudo().activity_schedule(
                    activity_type_id=activity_type.id, user_id=user.id,
                    summary=self.env._("Witness the random draw"),
                    note=self.env._("Enter the witness's value of %(plan)s: the department "
                                    "runs the draw with it.", plan=plan.name))

    def _get_confirmation_terms(self, confirmed_at, digest, size, commitment=None):
        """The canonical JSON of what the seed is bound to."""
        self.ensure_one()
        return json.dumps({
            "algorithm": inspection_draw.ALGORITHM,
            "plan": self.id,
            "name": self.name,
            "agency": self.agency_id.code,
            "items": sorted(self.item_ids.mapped("code")),
            "approved_from": self.date_from.isoformat(),
            "approved_until": self.date_to.isoformat(),
            "sample_size": size,
            "inspectors": inspection_draw.normalize_keys(
                self.sudo().inspector_ids.mapped("certificate_number")),
            "inspectors_per_task": self.inspectors_per_task,
            "population_digest": digest,
            "public_value": self.public_value.strip(),
            "confirmed_at": confirmed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "secret_commitment": commitment,
        }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def _run_draw(self):
        """The draw from the published figures only."""
        self.ensure_one()
        keys = (self.population_keys or "").split("\n")
        try:
            outcome = inspection_draw.draw(
                self.seed, keys, self.sample_size,
                # the roster as it was confirmed (the terms name it)
                json.loads(self.confirmation_terms)["inspectors"],
                self.inspectors_per_task, json.loads(self.exclusions or "{}"),
                algorithm=self.algorithm)
        except inspection_draw.DrawError as error:
            raise UserError(self.env._(
                "%(plan)s cannot be drawn: %(reason)s", plan=self.name, reason=str(error),
            )) from None
        if outcome["population_digest"] != self.population_digest:
            raise UserError(self.env._(
                "%(plan)s: the stored population no longer matches its published digest; "
                "the draw is refused.", plan=self.name))
        return outcome

    def _create_draw_lines(self, result, today):
        """One line and one random inspection task per drawn holder."""
        self.ensure_one()
        # sudo: the licences are the bureau's; the department reads them on its tasks
        keys = [key for key, _certificates in result]
        licences = self.env["dawa.licence"].sudo().search(
            [("name", "in", keys), ("item_id", "in", self.item_ids.ids)])
        by_key = {licence.name.strip(): licence.case_id for licence in licences}
        roster = {inspector.certificate_number: inspector
                  for inspector in self.sudo().with_context(active_test=False).inspector_ids}
        deadline = self.env["dawa.holiday"].add_workdays(today, self.inspection_days)
        # the department's catalogue entries of the plan's items, read once for every holder
        plan_entries = self.env["dawa.supervision.catalog"].sudo().search(
            [("item_id", "in", self.item_ids.ids), ("agency_id", "=", self.agency_id.id)])
        task_vals, line_vals = [], []
        for sequence, (key, certificates) in enumerate(result, start=1):
            case = by_key[key]
            inspectors = self.env["dawa.inspection.inspector"].browse(
                [roster[code].id for code in certificates])
            items = case.line_ids.item_id & self.item_ids
            entries = plan_entries.filtered(lambda entry, items=items: entry.item_id in items)
            task_vals.append({
                **case._get_supervision_task_vals(self.agency_id, items, entries),
                "kind": "random",
                "plan_id": self.id,
                "inspector_ids": [fields.Command.set(inspectors.ids)],
                "user_id": inspectors.user_id[:1].id,
                "date_pushed": today,
                "deadline": deadline,
                "notice": self.env._("Drawn at random by plan %(plan)s.", plan=self.name),
            })
            line_vals.append({
                "plan_id": self.id,
                "sequence": sequence,
                "case_id": case.id,
                "licence_number": key,
                "holder_name": case.applicant_name,
                "holder_is_person": case.applicant_type == "person",
                "inspector_ids": [fields.Command.set(inspectors.ids)],
            })
        # sudo: the draw creates the department's work, which nobody may create by hand
        tasks = self.env["dawa.supervision.task"].sudo().with_context(
            mail_create_nosubscribe=True).create(task_vals)
        for vals, task in zip(line_vals, tasks, strict=True):
            vals["task_id"] = task.id
        self.env["dawa.inspection.draw.line"].sudo().create(line_vals)
        tasks._refresh_deadlines(tasks.ids)
        tasks._notify_agency_users()
        return tasks

    def _get_public_values(self):
        """What 一公开 publishes of the plan: plain values, no ID number, no phone."""
        self.ensure_one()
        env = self.env
        states = dict(self._fields["state"]._description_selection(env))
        results = dict(env["dawa.supervision.task"]._fields["result"]._description_selection(env))
        task_states = dict(
            env["dawa.supervision.task"]._fields["state"]._description_selection(env))
        roster = self.with_context(active_test=False).inspector_ids
        return {
            "name": self.name,
            "agency": self.agency_id.name,
            "state": self.state,
            "state_label": states[self.state],
            "items": [{
                "name": item.name,
                "code": item.code,
                "guide_url": f"/dawa/guide/{item.code}" if item.state == "published" else "",
            } for item in self.item_ids],
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "draw_date": self.draw_date.isoformat() if self.draw_date else "",
            "confirmed_at": format_datetime(env, self.date_confirmed, tz="Asia/Shanghai"),
            "sample_size": self.sample_size,
            "population_size": self.population_size,
            "inspectors_per_task": self.inspectors_per_task,
            "exclusion_months": self.exclusion_months,
            "confirmation_terms": self.confirmation_terms,
            "confirmation_hash": self.confirmation_hash,
            "public_value": self.public_value,
            "secret_commitment": self.secret_commitment or "",
            "witness_value": self.witness_value or "",
            "revealed_secret": self.revealed_secret or "",
            "seed": self.seed or "",
            "algorithm": self.algorithm,
            "algorithm_2": self.algorithm == inspection_draw.ALGORITHM,
            "population": (self.population_keys or "").split("\n"),
            "population_digest": self.population_digest,
            "exclusions": sorted(json.loads(self.exclusions or "{}").items()),
            "roster": [{"name": inspector.name, "certificate": inspector.certificate_number}
                       for inspector in roster.sorted("certificate_number")],
            "drawn": self.state in ("drawn", "done"),
            "lines": [{
                "sequence": line.sequence,
                "holder": line.public_holder_name,
                "licence_number": line.licence_number,
                "inspectors": [f"{inspector.name} ({inspector.certificate_number})"
                               for inspector in line.inspector_ids],
                "task_state": task_states.get(line.task_id.state, ""),
                "result": results.get(line.task_id.result, "") if line.task_id.state == "done"
                else "",
                "date_done": line.task_id.date_done.isoformat() if line.task_id.date_done
                else "",
            } for line in self.line_ids],
        }
