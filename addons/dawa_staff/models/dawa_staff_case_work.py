from odoo import api, fields, models, tools
from odoo.tools import SQL

# The case's people, in the order a person's row takes its role from when he held several.
ROLES = [("user_id", "handler"), ("reviewer_id", "reviewer"), ("approver_id", "approver")]


class DawaStaffCaseWork(models.Model):
    """The decided cases of each person who received, reviewed or approved them: one row
    per case and person (a person holding two roles on a case counts it once). The figures
    of the evaluations are read from here, and the evaluation's drill-down lists these rows;
    no applicant data is shown."""

    _name = "dawa.staff.case.work"
    _description = "Case Handled by Staff"
    _auto = False
    _order = "decision_date desc, id desc"
    _rec_name = "case_id"
    # flushed before the view is read
    _depends = {
        "dawa.approval.case": [
            "user_id", "reviewer_id", "approver_id", "main_item_id", "agency_id",
            "received_date", "decision", "decision_date", "rating", "counted_rating",
            "clock_start_date",
            "on_time", "decision_workdays", "active",
        ],
        "dawa.approval.rectification": ["case_id"],
    }

    case_id = fields.Many2one("dawa.approval.case", readonly=True)
    user_id = fields.Many2one("res.users", string="Staff", readonly=True, index=True)
    is_handler = fields.Boolean(string="Received", readonly=True)
    is_reviewer = fields.Boolean(string="Reviewed", readonly=True)
    is_approver = fields.Boolean(string="Approved or Denied", readonly=True)
    main_item_id = fields.Many2one("dawa.approval.item", string="Item", readonly=True)
    agency_id = fields.Many2one("dawa.agency", string="Original Department", readonly=True)
    received_date = fields.Date(readonly=True)
    decision = fields.Selection(
        [("approved", "Approved"), ("denied", "Denied"), ("not_accepted", "Not Accepted")],
        readonly=True)
    decision_date = fields.Date(readonly=True)
    timed = fields.Integer(
        string="With a Time Limit", readonly=True,
        help="1 when the case was approved or denied, its time limit running.")
    on_time = fields.Integer(readonly=True)
    decision_workdays = fields.Integer(
        string="Working Days to Decision", readonly=True, aggregator=None)
    rating = fields.Selection(
        [
            ("5", "Very Satisfied"),
            ("4", "Satisfied"),
            ("3", "Fair"),
            ("2", "Dissatisfied"),
            ("1", "Very Dissatisfied"),
        ],
        readonly=True)
    bad_rating = fields.Integer(string="Dissatisfied Rating", readonly=True)
    rectification_count = fields.Integer(string="Rectifications", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        branches = []
        for index, (column, _role) in enumerate(ROLES):
            # a person holding an earlier role of the case already has its row
            earlier = [SQL("c.%s IS DISTINCT FROM c.%s", SQL.identifier(column),
                           SQL.identifier(previous)) for previous, _r in ROLES[:index]]
            branches.append(SQL(
                """SELECT c.id * %(roles)s + %(index)s AS id, c.id AS case_id,
                          c.%(column)s AS user_id
                     FROM dawa_approval_case c
                    WHERE c.%(column)s IS NOT NULL %(earlier)s""",
                roles=len(ROLES), index=index, column=SQL.identifier(column),
                earlier=SQL("").join(SQL(" AND %s", condition) for condition in earlier),
            ))
        self.env.cr.execute(SQL(
            """CREATE OR REPLACE VIEW %(view)s AS (
                SELECT people.id, people.case_id, people.user_id,
                       people.user_id = c.user_id AS is_handler,
                       people.user_id IS NOT DISTINCT FROM c.reviewer_id AS is_reviewer,
                       people.user_id IS NOT DISTINCT FROM c.approver_id AS is_approver,
                       c.main_item_id, c.agency_id, c.received_date, c.decision,
                       c.decision_date, c.rating,
                       t.timed, t.timed * COALESCE(c.on_time, FALSE)::int AS on_time,
                       t.timed * COALESCE(c.decision_workdays, 0) AS decision_workdays,
                       -- a rating set aside on an upheld appeal is not the staff's
                       (c.counted_rating IN ('1', '2'))::int AS bad_rating,
                       (SELECT count(*) FROM dawa_approval_rectification r
                         WHERE r.case_id = c.id)::int AS rectification_count
                  FROM (%(people)s) people
                  JOIN dawa_approval_case c ON c.id = people.case_id
                  CROSS JOIN LATERAL (SELECT (c.decision IN ('approved', 'denied')
                                              AND c.clock_start_date IS NOT NULL)::int AS timed) t
                 WHERE c.decision IS NOT NULL AND c.decision_date IS NOT NULL AND c.active
            )""",
            view=SQL.identifier(self._table),
            people=SQL(" UNION ALL ").join(branches),
        ))

    def action_open_case(self):
        """The case itself, for those who may read cases (the access rules of the case
        apply)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dawa.approval.case",
            "res_id": self.case_id.id,
            "views": [(False, "form")],
        }

    @api.model
    def _get_figures(self, users, date_from, date_to):
        """{user id: {cases, timed, on_time, workdays, bad_ratings, rectifications}} of the
        cases ``users`` decided from ``date_from`` to ``date_to``, in one query."""
        if not users:
            return {}
        # sudo: the figures of an evaluation are the same whoever opens it (the person, his
        # manager, HR); the cases themselves stay behind their own access rules
        groups = self.sudo()._read_group(
            [("user_id", "in", users.ids),
             ("decision_date", ">=", date_from), ("decision_date", "<=", date_to)],
            ["user_id"],
            ["__count", "timed:sum", "on_time:sum", "decision_workdays:sum", "bad_rating:sum",
             "rectification_count:sum"],
        )
        return {
            user.id: {
                "cases": cases, "timed": timed or 0, "on_time": on_time or 0,
                "workdays": workdays or 0, "bad_ratings": bad or 0,
                "rectifications": rectifications or 0,
            }
            for user, cases, timed, on_time, workdays, bad, rectifications in groups
        }
