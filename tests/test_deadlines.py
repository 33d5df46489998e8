"""Tests of the Administrative Licensing Law's time limits (dawa_approval tools/deadlines.py),
on the 2026 arrangement: 2026-10-01..07 off for National Day, Saturday 2026-10-10 worked."""

import datetime

import pytest
from tools import deadlines, workdays
from tools.workdays import WorkCalendar

D = datetime.date


@pytest.fixture(scope="module")
def calendar():
    """2026 as the dawa.holiday rows would be seeded, nothing confirmed after it."""
    return WorkCalendar.from_rows(workdays.exceptions_for_year(2026), confirmed_through=2026)


def test_correction_notice_due_counts_working_days_only(calendar):
    # received Monday 28 September: 29, 30 September, 8, 9 and Saturday 10 October (worked)
    assert deadlines.correction_notice_due(calendar, D(2026, 9, 28)) == D(2026, 10, 10)


def test_deemed_accepted_after_the_notice_day_without_a_notice(calendar):
    received = D(2026, 9, 28)
    assert not deadlines.is_deemed_accepted(calendar, D(2026, 10, 10), received)
    assert deadlines.is_deemed_accepted(calendar, D(2026, 10, 11), received)
    # a notice sent in time keeps the application waiting for its correction
    assert not deadlines.is_deemed_accepted(
        calendar, D(2026, 10, 11), received, correction_date=D(2026, 9, 30))


def test_statutory_days_of_a_joint_case():
    assert deadlines.case_statutory_days([20, 15], joint=False) == 20
    assert deadlines.case_statutory_days([], joint=False) == 0
    assert deadlines.case_statutory_days([20, 15], joint=True) == 45
    assert deadlines.extension_days(joint=False) == 10
    assert deadlines.extension_days(joint=True) == 15


def test_joint_handling_needs_two_departments_or_a_leaders_mark():
    # §42 ¶2 with §26: two items of one department are not handled jointly
    assert not deadlines.is_joint_handling([7, 7])
    assert not deadlines.is_joint_handling([7])
    assert not deadlines.is_joint_handling([])
    assert not deadlines.is_joint_handling([7, False, None])
    assert deadlines.is_joint_handling([7, 8])
    assert deadlines.is_joint_handling([7, 7, 8])
    assert deadlines.is_joint_handling([7], marked=True)
    assert deadlines.is_joint_handling([], marked=True)


def test_special_procedure_counts_up_to_the_time_told(calendar):
    # started Friday 25 September: 28, 29, 30 September, 8, 9 October
    start = D(2026, 9, 25)
    assert deadlines.procedure_end(calendar, start, 5) == D(2026, 10, 9)
    assert deadlines.procedure_days_counted(calendar, start, D(2026, 9, 30), 5) == 3
    assert deadlines.procedure_days_counted(calendar, start, D(2026, 10, 9), 5) == 5
    # beyond the declared time the clock runs again (§45)
    assert deadlines.procedure_days_counted(calendar, start, D(2026, 10, 14), 5) == 5
    assert deadlines.procedure_days_counted(calendar, start, D(2026, 10, 14), 0) == 0


def test_case_deadlines_skip_the_holidays(calendar):
    start = D(2026, 9, 28)
    assert deadlines.case_deadlines(calendar, start, 5, 20, 0) == (
        D(2026, 10, 10), D(2026, 10, 30))
    # an extension moves the statutory deadline only (§42)
    assert deadlines.case_deadlines(calendar, start, 5, 20, 0, extended_days=10) == (
        D(2026, 10, 10), D(2026, 11, 13))
    # special procedures push both back (§45)
    assert deadlines.case_deadlines(calendar, start, 5, 20, 2) == (
        D(2026, 10, 13), D(2026, 11, 3))


def test_case_deadline_values(calendar):
    values = deadlines.case_deadline_values(
        calendar, D(2026, 9, 28), 5, 20, 0, 0, delivery_from=D(2026, 10, 9))
    assert values == {
        "promised_deadline": D(2026, 10, 10),
        "statutory_deadline": D(2026, 10, 30),
        # 10 working days from Friday 9 October, Saturday 10 October among them (§44)
        "delivery_deadline": D(2026, 10, 22),
        "deadline_provisional": False,
    }
    # the clock has not started, nothing decided: no deadline at all
    assert deadlines.case_deadline_values(calendar, False, 5, 20, 0, 0, False) == {
        "promised_deadline": False, "statutory_deadline": False,
        "delivery_deadline": False, "deadline_provisional": False,
    }


def test_deadline_in_an_unconfirmed_year_is_provisional(calendar):
    values = deadlines.case_deadline_values(
        calendar, D(2026, 12, 21), 5, 20, 0, 0, delivery_from=False)
    assert values["promised_deadline"] == D(2026, 12, 28)
    # 2027 is not confirmed: weekends only, so provisional
    assert values["statutory_deadline"] == D(2027, 1, 18)
    assert values["deadline_provisional"] is True


def test_delivery_and_publicity_deadlines(calendar):
    assert deadlines.delivery_deadline(calendar, D(2026, 9, 30)) == D(2026, 10, 20)
    assert deadlines.publicity_deadline(calendar, D(2026, 9, 30)) == D(2026, 10, 15)


def test_suspended_and_decision_workdays(calendar):
    assert deadlines.suspended_so_far(calendar, D(2026, 9, 30), D(2026, 10, 9)) == 2
    assert deadlines.decision_workdays(calendar, D(2026, 9, 28), D(2026, 10, 10), 0) == 5
    assert deadlines.decision_workdays(calendar, D(2026, 9, 28), D(2026, 10, 10), 2) == 3
    # never below zero, whatever the suspended days recorded
    assert deadlines.decision_workdays(calendar, D(2026, 9, 28), D(2026, 10, 10), 9) == 0


@pytest.mark.parametrize(("today", "state"), [
    (D(2026, 10, 26), "normal"),    # 4 working days left
    (D(2026, 10, 27), "warning"),   # 3 left: the threshold
    (D(2026, 10, 30), "warning"),   # the last day
    (D(2026, 10, 31), "overdue"),
])
def test_deadline_state(calendar, today, state):
    assert deadlines.deadline_state(calendar, today, D(2026, 10, 30), 3) == state


def test_no_deadline_is_normal(calendar):
    assert deadlines.deadline_state(calendar, D(2026, 10, 31), None, 3) == "normal"
    assert deadlines.deadline_state(calendar, D(2026, 10, 31), False, 3) == "normal"
