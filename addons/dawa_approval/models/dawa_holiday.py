import datetime

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import workdays

# The bureau's time zone when the company has none (res.company.dawa_tz).
DEFAULT_BUREAU_TZ = "Asia/Shanghai"

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class DawaHoliday(models.Model):
    """One exception to the Monday–Friday working week (行政许可法 §82).

    The date arithmetic lives in ``tools/workdays.py``; this model stores the exception dates,
    builds a cached ``WorkCalendar`` from them and the confirmed years (``dawa.holiday.year``)
    and exposes it to the cases and over RPC. It also knows the bureau's day: every legal date
    is the calendar day in the bureau's time zone (``_bureau_today()``).
    """

    _name = "dawa.holiday"
    _inherit = ["dawa.derived.fields.mixin"]
    _description = "Holiday Calendar Exception"
    _order = "date"

    date = fields.Date(required=True, index=True)
    kind = fields.Selection(
        [
            (workdays.HOLIDAY, "Holiday (weekday off)"),
            (workdays.WORKDAY, "Make-up Workday (weekend worked)"),
        ],
        required=True,
        default=workdays.HOLIDAY,
    )
    name = fields.Char(required=True, help="Name of the festival, e.g. 国庆节 or 国庆节调休上班.")
    year = fields.Integer(compute="_compute_year", store=True, index=True)
    weekday = fields.Selection(WEEKDAYS, compute="_compute_weekday")
    source = fields.Selection(
        [("calendar", "Chinese Calendar Package"), ("manual", "Entered by Hand")],
        required=True,
        default="manual",
        help="Rows from the chinese-calendar package are updated when their year is re-seeded; "
        "rows entered by hand are never touched by a re-seed.",
    )
    year_confirmed = fields.Boolean(
        compute="_compute_year_confirmed",
        help="Deadlines count the rows of confirmed years only; in a later year they count "
        "weekends only and are shown as provisional.",
    )

    _sql_constraints = [
        ("date_unique", "unique(date)", "This date is already in the holiday calendar."),
    ]

    @api.depends("date")
    def _compute_year(self):
        for holiday in self:
            holiday.year = holiday.date.year if holiday.date else 0

    @api.depends("date")
    def _compute_weekday(self):
        for holiday in self:
            holiday.weekday = str(holiday.date.weekday()) if holiday.date else False

    def _compute_year_confirmed(self):
        confirmed_through = self._get_work_calendar().confirmed_through
        for holiday in self:
            holiday.year_confirmed = bool(holiday.date) and (
                confirmed_through is None or holiday.date.year <= confirmed_through)

    @api.constrains("date", "kind")
    def _check_kind_matches_weekday(self):
        for holiday in self:
            weekend = holiday.date.weekday() >= 5
            if holiday.kind == workdays.HOLIDAY and weekend:
                raise ValidationError(
                    self.env._(
                        "%(date)s is a Saturday or Sunday: it is already a day off. "
                        "Only a Monday to Friday can be entered as a holiday.",
                        date=holiday.date,
                    )
                )
            if holiday.kind == workdays.WORKDAY and not weekend:
                raise ValidationError(
                    self.env._(
                        "%(date)s is a Monday to Friday: it is already a working day. "
                        "Only a Saturday or Sunday can be entered as a make-up workday.",
                        date=holiday.date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        holidays = super().create(vals_list)
        self.env.registry.clear_cache()
        return holidays

    def write(self, vals):
        result = super().write(vals)
        if "date" in vals or "kind" in vals:
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    @api.model
    def add_workdays(self, date, n):
        """Return the date ``n`` working days after ``date`` (``date`` itself not counted).

        ``date`` is a date or an ISO string, ``n`` an integer >= 0; ``n = 0`` returns ``date``.
        Returns a ``datetime.date`` (an ISO string once serialised by JSON-RPC or XML-RPC).
        """
        start = self._to_date(date)
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValidationError(
                self.env._(
                    "The number of working days must be a whole number of 0 or more, "
                    "not %(n)s.",
                    n=n,
                )
            )
        return self._get_work_calendar().add(start, n)

    @api.model
    def count_workdays(self, date_from, date_to):
        """Return the number of working days in (date_from, date_to]; 0 if date_to <= date_from.

        Both dates are dates or ISO strings.
        """
        return self._get_work_calendar().count(self._to_date(date_from), self._to_date(date_to))

    @api.model
    @tools.ormcache()
    def _get_work_calendar(self):
        """The ``WorkCalendar`` of all exception rows and of the last confirmed year, read in
        one query and cached.

        The cache is shared by all users, so the rows are read without access rules: the
        calendar is public reference data and must not depend on who fills the cache first.
        """
        self.flush_model(["date", "kind"])
        self.env["dawa.holiday.year"].flush_model(["year"])
        self.env.cr.execute(SQL(
            """SELECT (SELECT MAX(year) FROM dawa_holiday_year),
                      COALESCE(array_agg(date) FILTER (WHERE kind = %s), '{}'),
                      COALESCE(array_agg(date) FILTER (WHERE kind = %s), '{}')
                 FROM dawa_holiday""",
            workdays.HOLIDAY, workdays.WORKDAY))
        confirmed_through, holidays, workdays_ = self.env.cr.fetchone()
        return workdays.WorkCalendar(
            holidays=holidays, workdays=workdays_, confirmed_through=confirmed_through)

    @api.model
    def _bureau_today(self):
        """Today in the bureau's time zone: the day of every legal date (receipt, acceptance,
        decision, delivery...), whatever the user's or the server's time zone.

        The demonstration data tell months of the bureau's work by running the real actions
        on past working days: while the registry loads modules, and only then, the context
        key ``dawa_demo_workdays_ago`` (an integer N) makes today the N-th working day before
        the real one (``_get_demo_workdays_ago``)."""
        today = self._bureau_date(fields.Datetime.now())
        ago = self._get_demo_workdays_ago()
        if ago:
            return self._get_work_calendar().before(today, ago)
        return today

    @api.model
    def _bureau_now(self):
        """Now, as the moment of a legal act (a sealing, a rating): the real moment, or on the
        demonstration's past day (``_bureau_today``) the same time of day, so that the day of
        the moment is the day of the act."""
        now = fields.Datetime.now()
        ago = self._get_demo_workdays_ago()
        if not ago:
            return now
        return now - datetime.timedelta(
            days=(self._bureau_date(now) - self._bureau_today()).days)

    @api.model
    def _get_demo_workdays_ago(self):
        """The demonstration clock: how many working days back the demonstration data place
        the current step, 0 for the real today.

        Honoured only while the registry loads modules (``pool._init``): no request can
        reach a registry then (the server serves a registry once it is loaded), so a user
        passing the key over RPC, or any code outside installation, never back-dates a legal
        date. Demonstration files set it per call (``context="{'dawa_demo_workdays_ago':
        40}"``), as does the history builder (``dawa.demo.history``)."""
        ago = self.env.context.get("dawa_demo_workdays_ago")
        if not ago or not self.pool._init:
            return 0
        if isinstance(ago, bool) or not isinstance(ago, int) or ago < 0:
            raise ValidationError(self.env._(
                "The demonstration clock counts whole working days back, not %(value)s.",
                value=ago))
        return ago

    @api.model
    def _bureau_date(self, value):
        """The bureau's calendar day of a UTC datetime (e.g. the rating day)."""
        # sudo: the bureau's time zone is a setting every user's dates depend on
        tz = self.env.company.sudo().dawa_tz or DEFAULT_BUREAU_TZ
        return fields.Date.context_today(self.with_context(tz=tz), value)

    @api.model
    def _to_date(self, value):
        try:
            return workdays.to_date(value)
        except (TypeError, ValueError):
            raise ValidationError(
                self.env._("%(value)s is not a valid date (expected e.g. 2026-10-01).", value=value)
            ) from None

    @api.model
    def _seed_year(self, year):
        """Create or update the rows of ``year`` from the chinese-calendar package.

        Raises ``LookupError`` when the package has no data for ``year``.
        """
        return self._seed_years([year])

    @api.model
    def _seed_known_years(self):
        """Seed and confirm every year the chinese-calendar package knows (called on
        install)."""
        return self._seed_years(workdays.known_years())

    @api.model
    def _seed_years(self, years):
        """Sync the ``source = 'calendar'`` rows of ``years`` with the package data and
        confirm these years (the package follows the State Council's notices).

        Rows entered by hand are left alone (a package row falling on their date is skipped);
        calendar rows the package no longer lists are removed. Returns the rows of ``years``.
        """
        wanted = {}
        for year in years:
            for day, kind, name in workdays.exceptions_for_year(year):
                wanted[day] = (kind, name)
        domain = [("year", "in", list(years))]
        existing = self.search(domain)
        stale = existing.filtered(
            lambda holiday: holiday.source == "calendar" and holiday.date not in wanted
        )
        stale.unlink()
        by_date = {holiday.date: holiday for holiday in existing - stale}
        to_create = []
        for day, (kind, name) in sorted(wanted.items()):
            holiday = by_date.get(day)
            if not holiday:
                to_create.append({"date": day, "kind": kind, "name": name, "source": "calendar"})
            elif holiday.source == "calendar" and (holiday.kind, holiday.name) != (kind, name):
                holiday.write({"kind": kind, "name": name})
        self.create(to_create)
        self.env["dawa.holiday.year"]._confirm_years(years, "calendar")
        return self.search(domain)

