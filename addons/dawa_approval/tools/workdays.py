"""Chinese working-day arithmetic (行政许可法 §82).

A Monday–Friday is a working day unless it is listed as a holiday; a Saturday or Sunday is a
working day only when listed as a make-up workday (调休). Everything here is pure Python so the
``dawa.holiday`` model and plain unit tests share one implementation.
"""

import datetime
import operator
from bisect import bisect_right
from collections.abc import Mapping

import chinese_calendar

HOLIDAY = "holiday"
WORKDAY = "workday"
KINDS = (HOLIDAY, WORKDAY)

HOLIDAY_NAMES = {
    chinese_calendar.Holiday.new_years_day.value: "元旦",
    chinese_calendar.Holiday.spring_festival.value: "春节",
    chinese_calendar.Holiday.tomb_sweeping_day.value: "清明节",
    chinese_calendar.Holiday.labour_day.value: "劳动节",
    chinese_calendar.Holiday.dragon_boat_festival.value: "端午节",
    chinese_calendar.Holiday.national_day.value: "国庆节",
    chinese_calendar.Holiday.mid_autumn_festival.value: "中秋节",
    chinese_calendar.Holiday.anti_fascist_70th_day.value: "抗战胜利70周年纪念日",
}
WORKDAY_NAME_SUFFIX = "调休上班"


def to_date(value):
    """Return ``value`` as a ``datetime.date``.

    Accepts a date, a datetime (its date part is used) or an ISO string such as ``"2026-10-01"``
    or ``"2026-10-01 08:00:00"``.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return datetime.datetime.fromisoformat(value).date()
    raise TypeError(f"Expected a date or an ISO date string, got {value!r}")


def _weekdays_through(day):
    """Number of Mondays–Fridays from 0001-01-01 (a Monday) up to ``day`` included."""
    ordinal = day.toordinal()
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def _weekday_number(count):
    """The Monday–Friday ``day`` for which ``_weekdays_through(day) == count`` (count >= 1)."""
    weeks, rest = divmod(count - 1, 5)
    return datetime.date.fromordinal(weeks * 7 + rest + 1)


def _count_in(sorted_days, date_from, date_to):
    """Number of ``sorted_days`` in the half-open interval (date_from, date_to]."""
    return bisect_right(sorted_days, date_to) - bisect_right(sorted_days, date_from)


class WorkCalendar:
    """Immutable working-day calendar built from the exception dates.

    Only exceptions that change something are kept: holidays falling on a Monday–Friday and
    make-up workdays falling on a Saturday or Sunday. A date listed as both is refused.

    ``confirmed_through`` is the last year whose State Council arrangement is confirmed
    (``None``: no limit). Exceptions of later years are left out, so that their dates are
    counted with weekends only, and ``is_provisional()`` flags a date in such a year.
    """

    __slots__ = (
        "_confirmed_through", "_exceptions", "_holiday_set", "_holidays", "_workday_set",
        "_workdays",
    )

    def __init__(self, holidays=(), workdays=(), confirmed_through=None):
        holidays = set(map(to_date, holidays))
        workdays = set(map(to_date, workdays))
        both = holidays & workdays
        if both:
            raise ValueError(f"Dates listed both as holiday and as workday: {sorted(both)}")
        if confirmed_through is not None:
            confirmed_through = operator.index(confirmed_through)
            holidays = {day for day in holidays if day.year <= confirmed_through}
            workdays = {day for day in workdays if day.year <= confirmed_through}
        self._confirmed_through = confirmed_through
        holiday_set = frozenset(day for day in holidays if day.weekday() < 5)
        workday_set = frozenset(day for day in workdays if day.weekday() >= 5)
        self._holiday_set = holiday_set
        self._workday_set = workday_set
        self._holidays = tuple(sorted(holiday_set))
        self._workdays = tuple(sorted(workday_set))
        self._exceptions = tuple(sorted(holiday_set | workday_set))

    @classmethod
    def from_rows(cls, rows, confirmed_through=None):
        """Build a calendar from exception rows.

        ``rows`` is a mapping ``{date: kind}`` or an iterable of ``(date, kind[, name...])``
        tuples or of dicts with ``"date"`` and ``"kind"`` keys; ``kind`` is ``"holiday"`` or
        ``"workday"``. ``confirmed_through``: see the class.
        """
        if isinstance(rows, Mapping):
            rows = rows.items()
        holidays, workdays = [], []
        for row in rows:
            if isinstance(row, Mapping):
                day, kind = row["date"], row["kind"]
            else:
                day, kind = row[0], row[1]
            if kind == HOLIDAY:
                holidays.append(day)
            elif kind == WORKDAY:
                workdays.append(day)
            else:
                raise ValueError(f"Unknown kind {kind!r} for {day}, expected one of {KINDS}")
        return cls(holidays=holidays, workdays=workdays, confirmed_through=confirmed_through)

    def __repr__(self):
        return (
            f"<WorkCalendar {len(self._holidays)} holidays, {len(self._workdays)} workdays, "
            f"confirmed through {self._confirmed_through}>"
        )

    @property
    def confirmed_through(self):
        """The last year whose exceptions are confirmed, or ``None`` (no limit)."""
        return self._confirmed_through

    def is_provisional(self, day):
        """Whether ``day`` falls in a year whose arrangement is not confirmed yet: a date
        computed up to it counted that year's weekends only and may still move."""
        return self._confirmed_through is not None and to_date(day).year > self._confirmed_through

    @property
    def holidays(self):
        """Sorted tuple of the Monday–Friday holidays."""
        return self._holidays

    @property
    def workdays(self):
        """Sorted tuple of the weekend make-up workdays."""
        return self._workdays

    def is_workday(self, day):
        """Return whether ``day`` is a working day."""
        day = to_date(day)
        if day.weekday() < 5:
            return day not in self._holiday_set
        return day in self._workday_set

    def count(self, date_from, date_to):
        """Number of working days in the half-open interval (date_from, date_to].

        Returns 0 when ``date_to <= date_from``.
        """
        date_from, date_to = to_date(date_from), to_date(date_to)
        if date_to <= date_from:
            return 0
        return (
            _weekdays_through(date_to)
            - _weekdays_through(date_from)
            - _count_in(self._holidays, date_from, date_to)
            + _count_in(self._workdays, date_from, date_to)
        )

    def add(self, start, n):
        """Return the date that is ``n`` working days after ``start``.

        ``start`` itself is not counted and may be any day; ``n = 0`` returns ``start``
        unchanged. For ``n > 0`` the result is always a working day. Runs in
        O(log k + exceptions crossed), whatever ``n``.
        """
        start = to_date(start)
        n = operator.index(n)
        if n < 0:
            raise ValueError(f"The number of working days must be >= 0, got {n}")
        day, remaining = start, n
        exceptions = self._exceptions
        index = bisect_right(exceptions, start)
        while remaining:
            # Target as if no exception lay ahead, then settle the next exception if before it.
            candidate = _weekday_number(_weekdays_through(day) + remaining)
            if index == len(exceptions) or exceptions[index] > candidate:
                return candidate
            exception = exceptions[index]
            weekdays = _weekdays_through(exception) - _weekdays_through(day)
            if exception in self._workday_set:
                remaining -= weekdays + 1
            else:
                remaining -= weekdays - 1
            day = exception
            index += 1
        return day


    def before(self, day, n):
        """Return the ``n``-th working day before ``day`` (``day`` itself not counted);
        ``n = 0`` returns ``day`` unchanged. Used to place the demonstration's history on
        past working days (``dawa.holiday._bureau_today``)."""
        day = to_date(day)
        n = operator.index(n)
        if n < 0:
            raise ValueError(f"The number of working days must be >= 0, got {n}")
        while n:
            day -= datetime.timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day


def known_years():
    """Sorted list of the years the ``chinese_calendar`` package has data for."""
    return sorted({day.year for day in chinese_calendar.holidays})


def exceptions_for_year(year):
    """Return the ``(date, kind, name)`` exception rows of ``year``, sorted by date.

    Holidays on a Monday–Friday give ``"holiday"`` rows named after the festival (``"国庆节"``),
    weekend make-up days give ``"workday"`` rows (``"国庆节调休上班"``).
    Raises ``LookupError`` for a year the ``chinese_calendar`` package does not know.
    """
    year = operator.index(year)
    years = known_years()
    if year not in years:
        raise LookupError(
            f"The chinese_calendar package has no holiday data for year {year} "
            f"(known years: {years[0]}-{years[-1]})"
        )
    rows = [
        (day, HOLIDAY, HOLIDAY_NAMES.get(name, name))
        for day, name in chinese_calendar.holidays.items()
        if day.year == year and day.weekday() < 5
    ]
    rows += [
        (day, WORKDAY, HOLIDAY_NAMES.get(name, name) + WORKDAY_NAME_SUFFIX)
        for day, name in chinese_calendar.workdays.items()
        if day.year == year and day.weekday() >= 5
    ]
    return sorted(rows)
