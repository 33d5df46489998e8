from datetime import date

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.dawa_approval.tools import xlsx_layout
from odoo.addons.dawa_approval.tools.xlsx_layout import Column

from ..models.dawa_supervision_task import TASK_KINDS

# The figures, in the order of the dashboard and the XLSX sheet.
FIGURES = (
    "pushed_count", "task_count", "done_count", "done_on_time_count", "overdue_count",
    "violation_count", "verified_count", "untrue_count", "feedback_count",
    "feedback_closed_count", "feedback_on_time_count", "feedback_overdue_count",
)
# Rows read per query by the task and feedback lists of the XLSX export.
EXPORT_BATCH = 2000
OVERDUE_TASK_DOMAIN = ["|", "&", ("state", "!=", "done"), ("deadline_state", "=", "overdue"),
                       "&", ("state", "=", "done"), ("on_time", "=", False)]
OVERDUE_FEEDBACK_DOMAIN = ["|", "&", ("state", "!=", "closed"),
                           ("deadline_state", "=", "overdue"),
                           "&", ("state", "=", "closed"), ("answered_on_time", "=", False)]
# Each figure: the model of its records and their domain (drill-down of the dashboard).
FIGURE_DOMAINS = {
    "pushed_count": ("dawa.supervision.task", [("kind", "=", "push")]),
    "task_count": ("dawa.supervision.task", []),
    "done_count": ("dawa.supervision.task", [("state", "=", "done")]),
    "done_on_time_count": ("dawa.supervision.task",
                           [("state", "=", "done"), ("on_time", "=", True)]),
    "overdue_count": ("dawa.supervision.task", OVERDUE_TASK_DOMAIN),
    "violation_count": ("dawa.supervision.task",
                        [("state", "=", "done"), ("result", "=", "violation")]),
    "verified_count": ("dawa.supervision.task", [
        ("kind", "=", "verification"), ("state", "=", "done"), ("result", "=", "compliant")]),
    "untrue_count": ("dawa.supervision.task", [
        ("kind", "=", "verification"), ("state", "=", "done"), ("result", "=", "violation")]),
    "feedback_count": ("dawa.supervision.feedback", []),
    "feedback_closed_count": ("dawa.supervision.feedback", [("state", "=", "closed")]),
    "feedback_on_time_count": ("dawa.supervision.feedback",
                               [("state", "=", "closed"), ("answered_on_time", "=", True)]),
    "feedback_overdue_count": ("dawa.supervision.feedback", OVERDUE_FEEDBACK_DOMAIN),
}


class DawaSupervisionReport(models.Model):
    """Supervision figures per department and month: one row per task (month it
    was pushed) and per feedback (month it was sent), each with 0/1 figures that the pivot,
    the dashboard and the XLSX export add up."""

    _name = "dawa.supervision.report"
    _description = "Supervision Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "date"

    source = fields.Selection(
        [("task", "Task"), ("feedback", "Feedback")], readonly=True)
    task_id = fields.Many2one("dawa.supervision.task", readonly=True)
    feedback_id = fields.Many2one("dawa.supervision.feedback", readonly=True)
    agency_id = fields.Many2one("dawa.agency", string="Supervising Department", readonly=True)
    case_id = fields.Many2one("dawa.approval.case", readonly=True)
    kind = fields.Selection(TASK_KINDS, string="Task Kind", readonly=True)
    date = fields.Date(readonly=True, help="The day the task was pushed or the feedback sent.")
    pushed_count = fields.Integer(string="Results Pushed", readonly=True)
    task_count = fields.Integer(string="Tasks", readonly=True)
    done_count = fields.Integer(string="Tasks Done", readonly=True)
    done_on_time_count = fields.Integer(string="Done on Time", readonly=True)
    overdue_count = fields.Integer(
        string="Overdue Tasks", readonly=True, help="Open past their deadline, or done late.")
    violation_count = fields.Integer(string="Violations Found", readonly=True)
    verified_count = fields.Integer(string="Commitments Verified", readonly=True)
    untrue_count = fields.Integer(string="Commitments Untrue", readonly=True)
    feedback_count = fields.Integer(string="Feedback Sent", readonly=True)
    feedback_closed_count = fields.Integer(string="Feedback Answered", readonly=True)
    feedback_on_time_count = fields.Integer(string="Answered on Time", readonly=True)
    feedback_overdue_count = fields.Integer(
        string="Answers Overdue", readonly=True,
        help="Unanswered past the limit, or answered late.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            """CREATE VIEW %(view)s AS (
                SELECT t.id * 2 AS id, 'task' AS source, t.id AS task_id,
                       NULL::integer AS feedback_id, t.agency_id, t.case_id, t.kind,
                       t.date_pushed AS date,
                       (t.kind = 'push')::integer AS pushed_count,
                       1 AS task_count,
                       (t.state = 'done')::integer AS done_count,
                       (t.state = 'done' AND COALESCE(t.on_time, FALSE))::integer
                           AS done_on_time_count,
                       ((t.state != 'done' AND t.deadline_state = 'overdue')
                        OR (t.state = 'done' AND NOT COALESCE(t.on_time, FALSE)))::integer
                           AS overdue_count,
                       (t.state = 'done' AND t.result = 'violation')::integer
                           AS violation_count,
                       (t.kind = 'verification' AND t.state = 'done'
                        AND t.result = 'compliant')::integer AS verified_count,
                       (t.kind = 'verification' AND t.state = 'done'
                        AND t.result = 'violation')::integer AS untrue_count,
                       0 AS feedback_count, 0 AS feedback_closed_count,
                       0 AS feedback_on_time_count, 0 AS feedback_overdue_count
                  FROM dawa_supervision_task t
                UNION ALL
                SELECT f.id * 2 + 1, 'feedback', NULL, f.id, f.agency_id, f.case_id, NULL,
                       f.date_sent, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                       (f.state = 'closed')::integer,
                       (f.state = 'closed' AND COALESCE(f.answered_on_time, FALSE))::integer,
                       ((f.state != 'closed' AND f.deadline_state = 'overdue')
                        OR (f.state = 'closed'
                            AND NOT COALESCE(f.answered_on_time, FALSE)))::integer
                  FROM dawa_supervision_feedback f
            )""", view=SQL.identifier(self._table)))

    # ------------------------------------------------------------------
    # dashboard
    # ------------------------------------------------------------------

    @api.model
    @api.readonly
    def get_dashboard_data(self, date_from=None, date_to=None):
        """The supervision panel of the leader's dashboard: the figures in total and per
        department, each with the model and domain of its records (drill-down), from one
        grouped query."""
        self._check_manager()
        period = self._period_domain(date_from, date_to)
        groups = self._read_group(
            period, ["agency_id"], [f"{name}:sum" for name in FIGURES])
        labels = {name: self._fields[name]._description_string(self.env) for name in FIGURES}
        totals = dict.fromkeys(FIGURES, 0)
        agencies = []
        for agency, *values in groups:
            figures = dict(zip(FIGURES, (value or 0 for value in values), strict=True))
            for name, value in figures.items():
                totals[name] += value
            agency_domain = [("agency_id", "=", agency.id)]
            agencies.append({
                "id": agency.id,
                "name": agency.display_name or self.env._("Undefined"),
                **figures,
                **_rates(figures),
                "drill": self._drill_downs(period, agency_domain, figures),
            })
        agencies.sort(key=lambda row: (-row["pushed_count"], row["name"]))
        return {
            "labels": labels,
            "totals": {**totals, **_rates(totals), "drill": self._drill_downs(period, [], totals)},
            "agencies": agencies,
        }

    # ------------------------------------------------------------------
    # XLSX export
    # ------------------------------------------------------------------

    @api.model
    def _write_statistics_xlsx(self, target, date_from, date_to):
        """The figures per department and month of the tasks pushed and the feedback sent
        from ``date_from`` to ``date_to`` (one grouped query), then the tasks and the
        feedback themselves, read in batches: each row is written at once, so memory does
        not grow with their number."""
        self._check_manager()
        _ = self.env._
        period = self._period_domain(date_from, date_to)
        book = xlsx_layout.open_workbook(target)
        formats = xlsx_layout.make_formats(book)

        columns = [Column(_("Month"), 10, "month"), Column(_("Supervising Department"), 22)]
        columns += [Column(self._fields[name]._description_string(self.env), 10, "int")
                    for name in FIGURES]
        columns += [Column(_("On-time Rate"), 10, "percent"),
                    Column(_("Answered on Time Rate"), 10, "percent")]
        writer = xlsx_layout.SheetWriter(book, _("By Department and Month"), columns, formats)
        groups = self._read_group(
            period, ["date:month", "agency_id"], [f"{name}:sum" for name in FIGURES])
        totals = dict.fromkeys(FIGURES, 0)
        for month, agency, *values in sorted(
                groups, key=lambda row: (row[0] or date.min, row[1].display_name or "")):
            figures = dict(zip(FIGURES, (value or 0 for value in values), strict=True))
            for name, value in figures.items():
                totals[name] += value
            rates = _rates(figures)
            writer.write_row([month, agency.display_name or _("Undefined"),
                              *figures.values(), rates["on_time_rate"],
                              rates["answered_on_time_rate"]])
        rates = _rates(totals)
        writer.write_row([None, _("Total"), *totals.values(), rates["on_time_rate"],
                          rates["answered_on_time_rate"]], bold=True)

        task_period = [("date_pushed", ">=", date_from), ("date_pushed", "<=", date_to)]
        self._write_records_sheet(book, formats, _("Tasks"), "dawa.supervision.task", task_period, (
            "name", "agency_id", "kind", "holder_name", "item_id", "decision_ref",
            "date_pushed", "deadline", "state", "date_done", "on_time", "result"))
        feedback_period = [("date_sent", ">=", date_from), ("date_sent", "<=", date_to)]
        self._write_records_sheet(
            book, formats, _("Feedback"), "dawa.supervision.feedback", feedback_period, (
                "name", "agency_id", "holder_name", "decision_ref", "date_sent",
                "answer_deadline", "state", "disposition", "date_closed", "answered_on_time"))
        book.close()
        return writer.data_rows

    @api.model
    def _write_records_sheet(self, book, formats, title, model, domain, field_names):
        """One sheet listing the records of ``domain``, read ``EXPORT_BATCH`` at a time
        through the ORM (access rights and record rules of the user), oldest first."""
        Model = self.env[model]
        widths = {"name": 16, "agency_id": 20, "holder_name": 30, "item_id": 36,
                  "decision_ref": 26, "disposition": 14}
        columns = [
            Column(Model._fields[name]._description_string(self.env), widths.get(name, 11),
                   "date" if Model._fields[name].type == "date" else "text")
            for name in field_names
        ]
        writer = xlsx_layout.SheetWriter(book, title, columns, formats)
        selections = {name: dict(Model._fields[name]._description_selection(self.env))
                      for name in field_names if Model._fields[name].type == "selection"}
        yes, no = self.env._("Yes"), self.env._("No")
        last_id = 0
        while True:
            records = Model.search_fetch(
                expression.AND([domain, [("id", ">", last_id)]]), field_names,
                order="id", limit=EXPORT_BATCH)
            for record in records:
                row = []
                for name in field_names:
                    field, value = Model._fields[name], record[name]
                    if field.type == "many2one":
                        value = value.display_name or ""
                    elif field.type == "selection":
                        value = selections[name].get(value, "")
                    elif field.type == "boolean":
                        value = yes if value else no
                    row.append(value)
                writer.write_row(row)
            if len(records) < EXPORT_BATCH:
                return writer.data_rows
            last_id = records[-1].id
            records.invalidate_recordset()

    # ------------------------------------------------------------------
    # private helpers
    # ------------------------------------------------------------------

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group("dawa_approval.group_manager"):
            raise AccessError(self.env._(
                "Only a bureau manager may see the supervision statistics."))

    @api.model
    def _period_domain(self, date_from, date_to):
        domain = []
        if date_from:
            domain.append(("date", ">=", fields.Date.to_date(date_from)))
        if date_to:
            domain.append(("date", "<=", fields.Date.to_date(date_to)))
        return domain

    @api.model
    def _drill_downs(self, period, agency_domain, figures):
        """{figure: {"model", "domain"}} of the records behind each figure."""
        date_fields = {"dawa.supervision.task": "date_pushed",
                       "dawa.supervision.feedback": "date_sent"}
        result = {}
        for name in figures:
            model, domain = FIGURE_DOMAINS[name]
            dates = [(date_fields[model], operator, value)
                     for _field, operator, value in period]
            result[name] = {
                "model": model,
                "domain": expression.AND([domain, agency_domain, dates]),
            }
        return result


def _rates(figures):
    done, answered = figures["done_count"], figures["feedback_closed_count"]
    return {
        "on_time_rate": figures["done_on_time_count"] / done if done else None,
        "answered_on_time_rate": (
            figures["feedback_on_time_count"] / answered if answered else None),
    }

