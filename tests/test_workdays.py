"""Tests of the working-day arithmetic of dawa_approval (tools/workdays.py)."""

import datetime
import random

import chinese_calendar
import pytest
from tools import workdays
from tools.workdays import HOLIDAY, WORKDAY, WorkCalendar

D = datetime.date


@pytest.fixture(scope="module")
def calendar():
    """Calendar of 2025 and 2026, as the dawa.holiday rows would be seeded."""
    return WorkCalendar.from_rows(
        workdays.exceptions_for_year(2025) + workdays.exceptions_for_year(2026)
    )


@pytest.fixture(scope="module")
def full_calendar():
    """Calendar of every year the chinese_calendar package knows."""
    rows = []
    for year in workdays.known_years():
        rows += workdays.exceptions_for_year(year)
    return WorkCalendar.from_rows(rows)


# Naive day-by-day reference, straight from chinese_calendar's raw tables.


def naive_is_workday(day):
    if day in chinese_calendar.workdays:
        return True
    return day.weekday() < 5 and day not in chinese_calendar.holidays


def naive_add(start, n):
    day = start
    while n:
        day += datetime.timedelta(days=1)
        if naive_is_workday(day):
            n -= 1
    return day


def naive_count(date_from, date_to):
    days = (date_to - date_from).days
    return sum(
        naive_is_workday(date_from + datetime.timedelta(days=offset))
        for offset in range(1, days + 1)
    )


# Seeding data from chinese_calendar


def test_known_years():
    years = workdays.known_years()
    assert years == list(range(2004, 2027))


@pytest.mark.parametrize("year", [2003, 2027, 2100])
def test_unknown_year_is_refused(year):
    with pytest.raises(LookupError, match=str(year)):
        workdays.exceptions_for_year(year)


def test_exceptions_national_day_2026():
    rows = {day: (kind, name) for day, kind, name in workdays.exceptions_for_year(2026)}
    for day in (1, 2, 5, 6, 7):
        assert rows[D(2026, 10, day)] == (HOLIDAY, "国庆节")
    # 3 and 4 October are a Saturday and a Sunday: off anyway, no row needed.
    assert D(2026, 10, 3) not in rows
    assert D(2026, 10, 4) not in rows
    assert rows[D(2026, 10, 10)] == (WORKDAY, "国庆节调休上班")
    assert rows[D(2026, 9, 20)] == (WORKDAY, "国庆节调休上班")


def test_exceptions_spring_festival_2026():
    rows = {day: (kind, name) for day, kind, name in workdays.exceptions_for_year(2026)}
    for day in (16, 17, 18, 19, 20, 23):
        assert rows[D(2026, 2, day)] == (HOLIDAY, "春节")
    assert rows[D(2026, 2, 14)] == (WORKDAY, "春节调休上班")
    assert rows[D(2026, 2, 28)] == (WORKDAY, "春节调休上班")


def test_exceptions_rows_are_consistent_for_every_year():
    chinese_names = set(workdays.HOLIDAY_NAMES.values())
    for year in workdays.known_years():
        rows = workdays.exceptions_for_year(year)
        assert rows == sorted(rows)
        for day, kind, name in rows:
            assert day.year == year
            if kind == HOLIDAY:
                assert day.weekday() < 5
                assert name in chinese_names
            else:
                assert kind == WORKDAY
                assert day.weekday() >= 5
                assert name.removesuffix(workdays.WORKDAY_NAME_SUFFIX) in chinese_names


# is_workday


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        *((D(2026, 10, day), False) for day in range(1, 8)),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),  # Saturday, make-up workday
        (D(2026, 10, 11), False),  # ordinary Sunday
        (D(2026, 9, 20), True),  # Sunday, make-up workday
        *((D(2026, 2, day), False) for day in range(15, 24)),
        (D(2026, 2, 14), True),
        (D(2026, 2, 28), True),
        (D(2026, 2, 24), True),
        (D(2026, 3, 7), False),  # ordinary Saturday
        (D(2026, 3, 9), True),  # ordinary Monday
    ],
)
def test_is_workday(calendar, day, expected):
    assert calendar.is_workday(day) is expected


# add


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # n = 0 leaves any start unchanged, working day or not
        (D(2026, 3, 9), 0, D(2026, 3, 9)),
        (D(2026, 10, 3), 0, D(2026, 10, 3)),
        (D(2026, 10, 1), 0, D(2026, 10, 1)),
        # ordinary week
        (D(2026, 3, 9), 1, D(2026, 3, 10)),
        (D(2026, 3, 13), 1, D(2026, 3, 16)),
        (D(2026, 3, 9), 5, D(2026, 3, 16)),
        # weekend start
        (D(2026, 3, 7), 1, D(2026, 3, 9)),
        (D(2026, 3, 8), 1, D(2026, 3, 9)),
        (D(2026, 9, 19), 1, D(2026, 9, 20)),  # next day is a make-up Sunday
        (D(2026, 10, 3), 1, D(2026, 10, 8)),
        # holiday start
        (D(2026, 10, 1), 1, D(2026, 10, 8)),
        (D(2026, 10, 5), 1, D(2026, 10, 8)),
        (D(2026, 2, 16), 1, D(2026, 2, 24)),
        # National Day 2026 and its make-up days
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 2, D(2026, 10, 9)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        # Spring Festival 2026 and its make-up days
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 27), 1, D(2026, 2, 28)),
        (D(2026, 2, 27), 2, D(2026, 3, 2)),
        # year end: 1-2 January 2026 off, Sunday 4 January worked
        (D(2025, 12, 30), 1, D(2025, 12, 31)),
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        (D(2025, 12, 31), 2, D(2026, 1, 5)),
        # range spanning two years
        (D(2025, 12, 20), 14, D(2026, 1, 9)),
        # a statutory 20 working days over National Day 2026
        (D(2026, 9, 21), 20, D(2026, 10, 26)),
    ],
)
def test_add(calendar, start, n, expected):
    assert calendar.add(start, n) == expected
    assert naive_add(start, n) == expected


def test_add_without_exceptions_is_plain_weekday_arithmetic():
    calendar = WorkCalendar()
    assert calendar.add(D(2027, 1, 1), 5) == D(2027, 1, 8)
    assert calendar.add(D(2027, 1, 2), 260) == D(2027, 12, 31)


def test_add_negative_is_refused(calendar):
    with pytest.raises(ValueError):
        calendar.add(D(2026, 3, 9), -1)


def test_add_non_integer_is_refused(calendar):
    with pytest.raises(TypeError):
        calendar.add(D(2026, 3, 9), 1.5)


# count


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        (D(2026, 3, 9), D(2026, 3, 9), 0),
        (D(2026, 3, 10), D(2026, 3, 9), 0),
        (D(2026, 3, 9), D(2026, 3, 10), 1),
        (D(2026, 3, 6), D(2026, 3, 9), 1),
        (D(2026, 9, 30), D(2026, 10, 10), 3),
        (D(2026, 9, 30), D(2026, 10, 7), 0),
        (D(2026, 2, 13), D(2026, 2, 28), 6),
        (D(2025, 12, 20), D(2026, 1, 10), 14),
        (D(2025, 12, 31), D(2026, 1, 4), 1),
    ],
)
def test_count(calendar, date_from, date_to, expected):
    assert calendar.count(date_from, date_to) == expected
    assert naive_count(date_from, date_to) == expected


def test_count_whole_known_range(full_calendar):
    date_from, date_to = D(2003, 12, 31), D(2026, 12, 31)
    assert full_calendar.count(date_from, date_to) == naive_count(date_from, date_to)


# input types and construction


def test_iso_strings_and_datetimes(calendar):
    assert calendar.add("2026-09-30", 3) == D(2026, 10, 10)
    assert calendar.add(datetime.datetime(2026, 9, 30, 17, 45), 3) == D(2026, 10, 10)
    assert calendar.add("2026-09-30 17:45:00", 3) == D(2026, 10, 10)
    assert calendar.count("2025-12-20", "2026-01-10") == 14
    assert calendar.is_workday("2026-10-10")


@pytest.mark.parametrize("value", [None, 20261001, "2026-13-01", "tomorrow"])
def test_to_date_refuses_garbage(value):
    with pytest.raises((TypeError, ValueError)):
        workdays.to_date(value)


def test_from_rows_accepts_mapping_and_dicts():
    expected = WorkCalendar(holidays=[D(2026, 10, 1)], workdays=[D(2026, 10, 10)])
    from_mapping = WorkCalendar.from_rows({"2026-10-01": HOLIDAY, D(2026, 10, 10): WORKDAY})
    from_dicts = WorkCalendar.from_rows(
        [{"date": D(2026, 10, 1), "kind": HOLIDAY}, {"date": D(2026, 10, 10), "kind": WORKDAY}]
    )
    for calendar in (from_mapping, from_dicts):
        assert calendar.holidays == expected.holidays
        assert calendar.workdays == expected.workdays


def test_from_rows_refuses_unknown_kind():
    with pytest.raises(ValueError, match="vacation"):
        WorkCalendar.from_rows([(D(2026, 10, 1), "vacation")])


def test_ineffective_exceptions_are_ignored():
    calendar = WorkCalendar(holidays=[D(2026, 10, 3)], workdays=[D(2026, 10, 8)])
    assert calendar.holidays == ()
    assert calendar.workdays == ()


def test_conflicting_exceptions_are_refused():
    with pytest.raises(ValueError):
        WorkCalendar(holidays=[D(2026, 10, 1)], workdays=[D(2026, 10, 1)])
    with pytest.raises(ValueError):
        WorkCalendar(holidays=[D(2026, 10, 10)], workdays=[D(2026, 10, 10)])


def test_calendar_is_immutable(calendar):
    with pytest.raises(AttributeError):
        calendar.holidays = ()
    with pytest.raises(AttributeError):
        calendar.extra = 1


# property test against the naive reference


def test_add_and_count_match_naive_reference(full_calendar):
    rng = random.Random(20260101)
    first, last = D(2004, 1, 1).toordinal(), D(2026, 9, 15).toordinal()
    for _ in range(1500):
        start = D.fromordinal(rng.randint(first, last))
        n = rng.randint(0, 60)
        result = full_calendar.add(start, n)
        assert result == naive_add(start, n), (start, n)
        assert full_calendar.count(start, result) == n, (start, n)
        if n:
            assert full_calendar.is_workday(result), (start, n)
            assert chinese_calendar.is_workday(result), (start, n)
        other = D.fromordinal(rng.randint(first, last))
        assert full_calendar.count(start, other) == naive_count(start, other), (start, other)


# calendar coverage: years after the last confirmed one count weekends only


@pytest.fixture(scope="module")
def confirmed_2026():
    """2025 and 2026 confirmed; rows entered for 2027 but not confirmed yet (1-5 January 2027
    off, Saturday 9 January worked: made-up values, the arrangement is not published)."""
    rows = workdays.exceptions_for_year(2025) + workdays.exceptions_for_year(2026)
    rows += [
        (D(2027, 1, 1), HOLIDAY),
        (D(2027, 1, 4), HOLIDAY),
        (D(2027, 1, 5), HOLIDAY),
        (D(2027, 1, 9), WORKDAY),
    ]
    return WorkCalendar.from_rows(rows, confirmed_through=2026), rows


def test_unconfirmed_years_count_weekends_only(confirmed_2026):
    calendar, _rows = confirmed_2026
    assert calendar.confirmed_through == 2026
    assert D(2027, 1, 1) not in calendar.holidays
    assert D(2027, 1, 9) not in calendar.workdays
    assert calendar.is_workday(D(2027, 1, 1))  # a Friday, as far as anyone knows
    assert not calendar.is_workday(D(2027, 1, 9))  # a Saturday
    # confirmed years still count their holidays: 1 October 2026 is National Day
    assert not calendar.is_workday(D(2026, 10, 1))
    # 2026-12-31 (Thursday) + 1 = Friday 1 January 2027, + 2 = Monday 4 January
    assert calendar.add(D(2026, 12, 31), 1) == D(2027, 1, 1)
    assert calendar.add(D(2026, 12, 31), 2) == D(2027, 1, 4)
    assert calendar.count(D(2026, 12, 30), D(2027, 1, 11)) == 8
    # a 15-working-day limit from 14 December 2026 runs into 2027
    assert calendar.add(D(2026, 12, 14), 15) == D(2027, 1, 4)


def test_confirming_the_year_uses_its_rows(confirmed_2026):
    _calendar, rows = confirmed_2026
    calendar = WorkCalendar.from_rows(rows, confirmed_through=2027)
    assert not calendar.is_workday(D(2027, 1, 1))
    assert calendar.is_workday(D(2027, 1, 9))
    # 1, 4 and 5 January off, Saturday 9 January worked
    assert calendar.add(D(2026, 12, 31), 1) == D(2027, 1, 6)
    assert calendar.add(D(2026, 12, 14), 15) == D(2027, 1, 7)
    assert not calendar.is_provisional(D(2027, 12, 31))
    assert calendar.is_provisional(D(2028, 1, 1))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 12, 31), False),
        (D(2027, 1, 1), True),
        ("2027-06-30", True),
        (D(2025, 1, 1), False),
        (datetime.datetime(2027, 1, 1, 0, 30), True),
    ],
)
def test_is_provisional(confirmed_2026, day, expected):
    calendar, _rows = confirmed_2026
    assert calendar.is_provisional(day) is expected


def test_no_coverage_limit_uses_every_row_and_flags_nothing():
    calendar = WorkCalendar.from_rows({D(2027, 1, 1): HOLIDAY})
    assert calendar.confirmed_through is None
    assert not calendar.is_workday(D(2027, 1, 1))
    assert not calendar.is_provisional(D(2099, 1, 1))


def test_confirmed_through_must_be_a_year():
    with pytest.raises(TypeError):
        WorkCalendar(confirmed_through="2026")
    with pytest.raises(TypeError):
        WorkCalendar(confirmed_through=2026.0)


def test_before_skips_national_day_2026(calendar):
    # Thursday 8 October 2026 follows the National Day holiday (1-7 October): the working
    # day before it is Wednesday 30 September
    assert calendar.before(D(2026, 10, 8), 1) == D(2026, 9, 30)
    assert calendar.before(D(2026, 10, 8), 0) == D(2026, 10, 8)


@pytest.mark.parametrize("n", [1, 2, 5, 17, 60, 130])
def test_before_is_the_inverse_of_add(calendar, n):
    rng = random.Random(n)
    for _ in range(50):
        day = D(2026, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        earlier = calendar.before(day, n)
        assert calendar.is_workday(earlier)
        # (earlier, day] holds the n - 1 working days between them, and day if it is one
        assert calendar.count(earlier, day) == n - (not calendar.is_workday(day))
        if calendar.is_workday(day):
            assert calendar.add(earlier, n) == day


def test_before_refuses_a_negative_count(calendar):
    with pytest.raises(ValueError):
        calendar.before(D(2026, 10, 8), -1)
