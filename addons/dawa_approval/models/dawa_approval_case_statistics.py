import json
from collections import defaultdict
from urllib.parse import urlencode

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools import sql as tools_sql

from ..tools import xlsx_layout
from ..tools.xlsx_layout import Column
from .dawa_approval_case_deadline import OPEN_STATES
from .dawa_approval_case_rating import BAD_RATINGS
from .res_config_settings import get_rate_thresholds

# Cases read per query by the list export.
EXPORT_BATCH = 2000
# Columns of the list export, in order.
EXPORT_FIELDS = (
    "name", "applicant_name", "item_ids", "agency_id", "state", "received_date",
    "accepted_date", "decision_date", "promised_deadline", "statutory_deadline",
    "deadline_state", "on_time", "rating",
)
# Items shown on the dashboard, the busiest first.
DASHBOARD_ITEMS = 10
# Groupings of the statistics on top of the key: everything a figure needs, in one query.
# The ratings are counted as ``counted_rating``: a rating set aside on appeal is kept on the
# case but left out (国办发〔2019〕51号, 申诉复核).
STAT_GROUPBY = ["state", "decision", "deadline_state", "on_time", "counted_rating"]


class DawaApprovalCaseStatistics(models.AbstractModel):
    """Statistics, XLSX exports and the bureau dashboard of the cases: per item, department
    and month, with the on-time rate and the average working days to a decision."""

    _name = "dawa.approval.case.statistics"
    _description = "Case Statistics"

    def init(self):
        """The dashboard's one grouped query reads these columns of every case (and
        ``active``, the ORM's filter): from a covering index (an index-only scan, a tenth of
        the table among a million cases, ``benchmarks/bench_scale.py``) rather than from the
        table itself."""
        result = super().init()
        if self._abstract:  # the concern's own model has no table
            return result
        # the index of the ratings before appeals were counted out, replaced by this one
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS dawa_approval_case_statistics_index"))
        if not tools_sql.index_exists(self.env.cr, "dawa_approval_case_counted_statistics_index"):
            self.env.cr.execute(SQL(
                "CREATE INDEX dawa_approval_case_counted_statistics_index ON %s (agency_id, "
                "main_item_id, state, decision, deadline_state, on_time, counted_rating) "
                "INCLUDE (accepted_date, decision_workdays, active)",
                SQL.identifier(self._table)))
        return result

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    @api.model
    def action_export_xlsx(self):
        """Server action of the case list: download the selected cases, or every case of the
        search when the whole search is selected (more ids than the client sends)."""
        context = self.env.context
        ids = context.get("active_ids") or []
        # sudo: a clerk may not read system parameters
        parameters = self.env["ir.config_parameter"].sudo()
        limit = int(parameters.get_param("web.active_ids_limit", 20000))
        domain = context.get("active_domain")
        if domain is None or len(ids) < limit:
            domain = [("id", "in", ids)]
        return {
            "type": "ir.actions.act_url",
            "url": "/dawa/approval/export/cases?" + urlencode(
                {"domain": json.dumps(domain, default=str)}),
            "target": "download",
        }

    @api.model
    @api.readonly
    def get_dashboard_data(self):
        """Figures of the bureau dashboard, each with the domain of its cases (drill-down),
        from ONE grouped query over the cases whatever their number: the figures by
        department and by item, the states, the late open cases and the ratings are sums of
        its rows (a million cases: one scan instead of five, benchmarks/bench_scale.py)."""
        self._check_manager()
        # ordered by count, not by the departments' and items' names: no join, so the
        # grouping reads the covering index alone (the rows are sorted below)
        groups = self._read_group(
            [], ["agency_id", "main_item_id", *STAT_GROUPBY],
            ["__count", "accepted_date:count", "decision_workdays:sum"], order="__count DESC")
        state_counts, late, rated = defaultdict(int), defaultdict(int), defaultdict(int)
        for row in groups:
            state, _decision, deadline, _on_time, rating, count = row[2:8]
            state_counts[state] += count
            if state in OPEN_STATES and deadline in ("warning", "overdue"):
                late[deadline] += count
            if rating:
                rated[rating] += count
        by_pair = _accumulate_statistics(groups, 2)
        by_agency, by_item = defaultdict(list), defaultdict(list)
        for (agency, item), figures in by_pair.items():
            by_agency[(agency,)].append(figures)
            by_item[(item,)].append(figures)
        by_agency = {key: _sum_statistics(many) for key, many in by_agency.items()}
        by_item = {key: _sum_statistics(many) for key, many in by_item.items()}

        state_labels = self._selection_labels("state")
        states = [{
            "key": state,
            "label": label,
            "count": state_counts[state],
            "domain": [("state", "=", state)],
        } for state, label in state_labels.items() if state_counts.get(state)]

        open_domain = [("state", "in", OPEN_STATES)]
        deadline_labels = self._selection_labels("deadline_state")
        deadlines = [{
            "key": key,
            "label": deadline_labels[key],
            "count": late.get(key, 0),
            "domain": expression.AND([open_domain, [("deadline_state", "=", key)]]),
        } for key in ("warning", "overdue")]

        total = _sum_statistics(by_agency.values())
        agencies = [
            self._dashboard_row("agency_id", agency, figures)
            for (agency,), figures in sorted(by_agency.items(), key=_busiest_first)
        ]
        busiest = sorted(by_item.items(), key=_busiest_first)
        items = [self._dashboard_row("main_item_id", item, figures)
                 for (item,), figures in busiest[:DASHBOARD_ITEMS]]

        rating_labels = self._selection_labels("rating")
        ratings = [{
            "key": key,
            "label": label,
            "count": rated.get(key, 0),
            "bad": key in BAD_RATINGS,
            "domain": [("counted_rating", "=", key)],
        } for key, label in rating_labels.items()]
        return {
            "thresholds": get_rate_thresholds(self.env),
            "states": states,
            "deadlines": deadlines,
            "agencies": agencies,
            "items": items,
            "ratings": ratings,
            "total": {
                **total,
                "domain": [],
                "open_domain": open_domain,
                "decided_domain": [("decision", "in", ("approved", "denied"))],
                "on_time_domain": [("decision", "in", ("approved", "denied")),
                                   ("on_time", "=", True)],
                "bad_domain": [("counted_rating", "in", BAD_RATINGS)],
            },
        }

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    @api.model
    def _get_case_statistics(self, domain, keys):
        """Figures of the cases of ``domain`` grouped by ``keys`` (``_read_group`` groupby
        specs, e.g. ``["received_date:month", "main_item_id"]``), computed from ONE grouped
        query: {key values tuple: figures} (see ``_new_figures``)."""
        groups = self._read_group(  # a dict comes out: no order (no join for one)
            domain, [*keys, *STAT_GROUPBY],
            ["__count", "accepted_date:count", "decision_workdays:sum"], order="__count DESC")
        return _accumulate_statistics(groups, len(keys))

    @api.model
    def _write_statistics_xlsx(self, target, date_from, date_to):
        """Monthly statistics of the cases received from ``date_from`` to ``date_to``: one
        sheet per item, one per original department, one query each."""
        self._check_manager()
        _ = self.env._
        domain = [("received_date", ">=", date_from), ("received_date", "<=", date_to)]
        figure_columns = [
            Column(_("Received"), 8, "int"),
            Column(_("Accepted"), 8, "int"),
            Column(_("Approved"), 8, "int"),
            Column(_("Denied"), 8, "int"),
            Column(_("On-time Rate"), 10, "percent"),
            Column(_("Average Working Days to Decision"), 12, "float"),
            Column(_("Ratings"), 8, "int"),
            Column(_("Average Rating"), 9, "float"),
            Column(_("Bad Ratings"), 9, "int"),
        ]
        book = xlsx_layout.open_workbook(target)
        formats = xlsx_layout.make_formats(book)
        sheets = [
            (_("By Item"), "main_item_id",
             [Column(_("Item Code"), 18), Column(_("Approval Item"), 40),
              Column(_("Original Department"), 20)],
             lambda item: [item.code or "", item.name or "", item.source_agency_id.name or ""]),
            (_("By Department"), "agency_id",
             [Column(_("Original Department"), 24)],
             lambda agency: [agency.name or _("Undefined")]),
        ]
        for title, key, key_columns, describe in sheets:
            columns = [Column(_("Month Received"), 10, "month"), *key_columns, *figure_columns]
            writer = xlsx_layout.SheetWriter(book, title, columns, formats)
            statistics = self._get_case_statistics(domain, ["received_date:month", key])
            rows = sorted(statistics.items(),
                          key=lambda kv: (kv[0][0], kv[0][1].display_name or ""))
            for (month, record), figures in rows:
                writer.write_row([month, *describe(record), *_figure_values(figures)])
            blank = [None] * (len(key_columns) - 1)
            total = _sum_statistics(statistics.values())
            writer.write_row([None, _("Total"), *blank, *_figure_values(total)], bold=True)
        book.close()

    @api.model
    def _write_cases_xlsx(self, target, domain, batch_size=EXPORT_BATCH):
        """Write the cases of ``domain`` the user may read (access rights and record rules
        of the ORM) to ``target``: ``batch_size`` cases per query, each row written at once,
        so memory does not grow with the number of cases. Returns the number of rows."""
        # the headers are the labels of the fields, as in the case list
        widths = {"name": 18, "applicant_name": 30, "item_ids": 40, "agency_id": 18,
                  "state": 10, "deadline_state": 10, "on_time": 8, "rating": 10}
        columns = [
            Column(self._fields[name]._description_string(self.env), widths.get(name, 11),
                   "date" if self._fields[name].type == "date" else "text")
            for name in EXPORT_FIELDS
        ]
        book = xlsx_layout.open_workbook(target)
        writer = xlsx_layout.SheetWriter(book, self.env._("Cases"), columns)
        for values in self._iter_export_rows(domain, batch_size):
            writer.write_row(values)
        book.close()
        return writer.data_rows

    @api.model
    def _iter_export_rows(self, domain, batch_size=EXPORT_BATCH):
        """Rows of the case export, newest case first. Each batch is the ORM's own search
        query (``_search``: access rights, record rules, archived cases) restricted to ids
        below the last one read, selecting the exported columns in the same query."""
        states = self._selection_labels("state")
        deadlines = self._selection_labels("deadline_state")
        ratings = self._selection_labels("rating")
        yes, no = self.env._("Yes"), self.env._("No")
        names = _NameCache(self.env)
        with_lines = self.env["dawa.approval.case.line"].has_access("read")
        table = self._table
        items = SQL(
            "ARRAY(SELECT line.item_id FROM dawa_approval_case_line line "
            "WHERE line.case_id = %s AND line.item_id IS NOT NULL "
            "ORDER BY line.sequence, line.id)", SQL.identifier(table, "id"),
        ) if with_lines else SQL("ARRAY[%s]", SQL.identifier(table, "main_item_id"))
        selected = [SQL.identifier(table, column) for column in (
            "id", "name", "applicant_name", "agency_id", "state", "received_date",
            "accepted_date", "decision_date", "promised_deadline", "statutory_deadline",
            "deadline_state", "on_time", "rating")]
        self.env.flush_all()
        last_id = None
        while True:
            batch_domain = domain if last_id is None else expression.AND(
                [domain, [("id", "<", last_id)]])
            query = self._search(batch_domain, order="id desc", limit=batch_size)
            self.env.cr.execute(query.select(*selected, items))
            rows = self.env.cr.fetchall()
            names.load("dawa.agency", {row[3] for row in rows})
            names.load("dawa.approval.item", {i for row in rows for i in row[13]})
            for (_id, name, applicant, agency_id, state, received, accepted, decided,
                 promised, statutory, deadline, on_time, rating, item_ids) in rows:
                yield [
                    name, applicant,
                    "、".join(names.get("dawa.approval.item", i) for i in item_ids),
                    names.get("dawa.agency", agency_id),
                    states.get(state, state), received, accepted, decided, promised,
                    statutory,
                    deadlines.get(deadline, "") if state in OPEN_STATES else "",
                    (yes if on_time else no) if decided and accepted else "",
                    ratings.get(rating, ""),
                ]
            if len(rows) < batch_size:
                return
            last_id = rows[-1][0]

    # ------------------------------------------------------------------
    # private helpers
    # ------------------------------------------------------------------

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group("dawa_approval.group_manager"):
            raise AccessError(self.env._("Only a bureau manager may see the case statistics."))

    def _selection_labels(self, field_name):
        return dict(self._fields[field_name]._description_selection(self.env))

    def _dashboard_row(self, field_name, record, figures):
        return {
            "id": record.id,
            "name": record.display_name or self.env._("Undefined"),
            **figures,
            "domain": [(field_name, "=", record.id)],
            "open_domain": [(field_name, "=", record.id), ("state", "in", OPEN_STATES)],
            "overdue_domain": [(field_name, "=", record.id), ("state", "in", OPEN_STATES),
                               ("deadline_state", "=", "overdue")],
        }


class _NameCache:
    """Display names of the agencies and items met by the export, read through the ORM
    (the user's access rights) once per record, whatever the number of cases."""

    def __init__(self, env):
        self.env = env
        self.names = defaultdict(dict)

    def load(self, model, ids):
        known = self.names[model]
        missing = [i for i in ids if i and i not in known]
        if missing:
            records = self.env[model].browse(missing)
            for record in records:
                known[record.id] = record.display_name

    def get(self, model, record_id):
        return self.names[model].get(record_id, "") if record_id else ""


def _busiest_first(group):
    """Sort key of ``((record,), figures)`` groups: most cases first, then by name; the group
    of the cases without a record (no item yet) sorts as an empty name."""
    (record,), figures = group
    return -figures["received"], record.display_name or ""


def _accumulate_statistics(groups, width):
    """{key values tuple: figures} of ``_read_group`` rows grouped by ``width`` keys, then
    STAT_GROUPBY, with the count, accepted count and working days sum as aggregates."""
    result = defaultdict(_new_figures)
    for row in groups:
        state, decision, deadline, on_time, rating, count, accepted, workdays = row[width:]
        figures = result[tuple(row[:width])]
        figures["received"] += count
        figures["accepted"] += accepted
        if state in OPEN_STATES:
            figures["open"] += count
            if deadline in figures:
                figures[deadline] += count
        if decision in ("approved", "denied"):
            figures[decision] += count
            figures["decided"] += count
            figures["on_time"] += count if on_time else 0
            figures["workdays"] += workdays or 0
        if rating:
            figures["rated"] += count
            figures["rating_sum"] += int(rating) * count
            figures["bad"] += count if rating in BAD_RATINGS else 0
    for figures in result.values():
        _finish_figures(figures)
    return dict(result)


def _new_figures():
    return dict.fromkeys((
        "received", "accepted", "open", "warning", "overdue", "approved", "denied",
        "decided", "on_time", "workdays", "rated", "rating_sum", "bad"), 0)


def _finish_figures(figures):
    """Add the rates and averages (``None`` when nothing to average)."""
    decided, rated = figures["decided"], figures["rated"]
    figures["on_time_rate"] = figures["on_time"] / decided if decided else None
    figures["average_workdays"] = figures["workdays"] / decided if decided else None
    figures["average_rating"] = figures["rating_sum"] / rated if rated else None
    return figures


def _sum_statistics(many):
    total = _new_figures()
    for figures in many:
        for key in total:
            total[key] += figures[key]
    return _finish_figures(total)


def _figure_values(figures):
    return [figures["received"], figures["accepted"], figures["approved"], figures["denied"],
            figures["on_time_rate"], figures["average_workdays"], figures["rated"],
            figures["average_rating"], figures["bad"]]
