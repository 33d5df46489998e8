from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dawa_approval.tools import xlsx_layout
from odoo.addons.dawa_approval.tools.xlsx_layout import Column

# The figures of a department's yearly score: (due, on time) pairs, in the sheet's order.
SCORE_PARTS = ("task", "feedback", "oversight")


class DawaOversightAssessment(models.Model):
    """The yearly score of each department in the reform (年度督查考核): its supervision tasks
    done on time, its written feedback answered on time and its oversight items completed on
    time, each a rate weighted by the leader; ranked, and exported as XLSX."""

    _name = "dawa.oversight.assessment"
    _description = "Yearly Oversight Assessment"
    _inherit = ["mail.thread", "dawa.workflow.mixin"]
    _order = "year desc"
    _rec_name = "year"
    _workflow_frozen_states = ("confirmed",)

    year = fields.Integer(
        required=True, default=lambda self: self.env["dawa.holiday"]._bureau_today().year)
    weight_task = fields.Float(string="Weight: Tasks on Time", default=40.0, tracking=True)
    weight_feedback = fields.Float(string="Weight: Feedback Answered on Time", default=20.0,
                                   tracking=True)
    weight_oversight = fields.Float(string="Weight: Oversight Items on Time", default=40.0,
                                    tracking=True)
    state = fields.Selection([("draft", "Draft"), ("confirmed", "Confirmed")], required=True,
                             default="draft", readonly=True, copy=False, index=True,
                             tracking=True)
    date_computed = fields.Datetime(readonly=True, copy=False)
    score_ids = fields.One2many("dawa.oversight.score", "assessment_id", string="Ranking",
                                readonly=True)

    _sql_constraints = [
        ("year_unique", "unique(year)", "There is already an assessment for this year."),
    ]

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "date_computed", "score_ids"]

    @api.constrains("weight_task", "weight_feedback", "weight_oversight")
    def _check_weights(self):
        for assessment in self:
            weights = assessment._weights()
            if min(weights.values()) < 0 or not sum(weights.values()):
                raise ValidationError(self.env._(
                    "The weights cannot be negative and at least one must be more than 0."))

    @api.depends("year")
    def _compute_display_name(self):
        for assessment in self:
            assessment.display_name = self.env._(
                "Oversight assessment %(year)s", year=assessment.year)

    def write(self, vals):
        if not self.env.su and set(vals) & {"weight_task", "weight_feedback", "weight_oversight",
                                            "year"}:
            self._check_step(["draft"], "dawa_approval.group_manager")
        return super().write(vals)

    def action_compute(self):
        """Recompute every department's figures, score and rank from the records."""
        self._check_step(["draft"], "dawa_approval.group_manager")
        for assessment in self:
            rows = assessment._compute_rows()
            # sudo: the ranking lines are written by this action only
            assessment.sudo().score_ids.unlink()
            self.env["dawa.oversight.score"].sudo().create(
                [{"assessment_id": assessment.id, **row} for row in rows])
            assessment._workflow_write({"date_computed": fields.Datetime.now()})
        return True

    def action_confirm(self):
        self._check_step(["draft"], "dawa_approval.group_manager")
        self.action_compute()
        self._workflow_write({"state": "confirmed"})
        return True

    def action_reset(self):
        self._check_step(["confirmed"], "dawa_approval.group_manager")
        self._workflow_write({"state": "draft"})
        return True

    def action_export_xlsx(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "download",
                "url": f"/dawa/supervision/export/assessment/{self.id}"}

    # ------------------------------------------------------------------
    # figures
    # ------------------------------------------------------------------

    def _weights(self):
        return {"task": self.weight_task, "feedback": self.weight_feedback,
                "oversight": self.weight_oversight}

    def _compute_rows(self):
        """One row per department: due and on-time counts, rates, score and rank.

        - tasks: the supervision tasks pushed in the year; due = done on time + overdue (open
          past the deadline or done late), on time = done on time;
        - feedback: the written feedback the department sent in the year, answered on time
          over answered on time + overdue;
        - oversight: the oversight items due in the year, reported complete by the deadline
          over those plus the overdue ones.
        A rate with nothing due is 100 %. Score = Σ weight × rate / Σ weights, on 100.
        """
        self.ensure_one()
        year_from, year_to = date(self.year, 1, 1), date(self.year, 12, 31)
        agencies = self.env["dawa.agency"].search([("kind", "=", "department")], order="name")
        # sudo: the leader's assessment reads the figures of every department
        Report = self.env["dawa.supervision.report"].sudo()
        figures = {agency: values for agency, *values in Report._read_group(
            [("date", ">=", year_from), ("date", "<=", year_to)], ["agency_id"],
            ["done_on_time_count:sum", "overdue_count:sum", "feedback_on_time_count:sum",
             "feedback_overdue_count:sum"])}
        Item = self.env["dawa.oversight.item"].sudo()
        period = [("deadline", ">=", year_from), ("deadline", "<=", year_to)]
        on_time = dict(Item._read_group(
            [*period, ("on_time", "=", True), ("date_reported", "!=", False)],
            ["agency_id"], ["__count"]))
        overdue = dict(Item._read_group([*period, ("is_overdue", "=", True)],
                                        ["agency_id"], ["__count"]))
        weights = self._weights()
        total_weight = sum(weights.values())
        rows = []
        for agency in agencies:
            task_ok, task_late, feedback_ok, feedback_late = (
                value or 0 for value in figures.get(agency, (0, 0, 0, 0)))
            counts = {
                "task": (task_ok + task_late, task_ok),
                "feedback": (feedback_ok + feedback_late, feedback_ok),
                "oversight": (on_time.get(agency, 0) + overdue.get(agency, 0),
                              on_time.get(agency, 0)),
            }
            row = {"agency_id": agency.id}
            score = 0.0
            for part in SCORE_PARTS:
                due, ok = counts[part]
                rate = ok / due if due else 1.0
                row.update({f"{part}_due": due, f"{part}_on_time": ok, f"{part}_rate": rate})
                score += weights[part] * rate
            row["score"] = round(100 * score / total_weight, 2)
            rows.append(row)
        rows.sort(key=lambda row: -row["score"])
        rank, previous = 0, None
        for index, row in enumerate(rows, start=1):
            if row["score"] != previous:
                rank, previous = index, row["score"]
            row["rank"] = rank
        return rows

    def _write_xlsx(self, target):
        """The ranking as one sheet (constant memory)."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("dawa_approval.group_manager"):
            raise UserError(self.env._("Only a bureau leader may export the yearly ranking."))
        Score = self.env["dawa.oversight.score"]
        columns = [Column(self.env._("Rank"), 6, "int"),
                   Column(Score._fields["agency_id"]._description_string(self.env), 24)]
        for name in ("task_due", "task_on_time", "task_rate", "feedback_due",
                     "feedback_on_time", "feedback_rate", "oversight_due", "oversight_on_time",
                     "oversight_rate", "score"):
            kind = "percent" if name.endswith("_rate") else (
                "float" if name == "score" else "int")
            columns.append(Column(Score._fields[name]._description_string(self.env), 11, kind))
        book = xlsx_layout.open_workbook(target)
        writer = xlsx_layout.SheetWriter(
            book, self.env._("Ranking %(year)s", year=self.year), columns)
        for line in self.score_ids.sorted(lambda line: (line.rank, line.agency_id.name)):
            writer.write_row([
                line.rank, line.agency_id.name, line.task_due, line.task_on_time,
                line.task_rate, line.feedback_due, line.feedback_on_time, line.feedback_rate,
                line.oversight_due, line.oversight_on_time, line.oversight_rate, line.score])
        book.close()
        return writer.data_rows


class DawaOversightScore(models.Model):
    """A department's line of the yearly ranking, written by the assessment's computation."""

    _name = "dawa.oversight.score"
    _inherit = ["dawa.derived.fields.mixin"]
    _description = "Yearly Department Score"
    _order = "assessment_id desc, rank, id"

    assessment_id = fields.Many2one("dawa.oversight.assessment", required=True, index=True,
                                    ondelete="cascade")
    year = fields.Integer(related="assessment_id.year", store=True)
    agency_id = fields.Many2one("dawa.agency", string="Department", required=True, index=True)
    rank = fields.Integer()
    task_due = fields.Integer(string="Tasks Due")
    task_on_time = fields.Integer(string="Tasks on Time")
    task_rate = fields.Float(string="Task On-time Rate", digits=(5, 4))
    feedback_due = fields.Integer()
    feedback_on_time = fields.Integer(string="Feedback Answered on Time")
    feedback_rate = fields.Float(string="Feedback On-time Rate", digits=(5, 4))
    oversight_due = fields.Integer(string="Oversight Items Due")
    oversight_on_time = fields.Integer(string="Oversight Items on Time")
    oversight_rate = fields.Float(string="Oversight On-time Rate", digits=(5, 4))
    score = fields.Float(digits=(6, 2))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("The ranking is computed, never typed in."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("The ranking is computed, never typed in."))
        return super().write(vals)
