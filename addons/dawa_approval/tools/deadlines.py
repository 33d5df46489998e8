"""The time limits of the Administrative Licensing Law (行政许可法), as working-day arithmetic.

Plain Python, no ORM: every function takes a ``workdays.WorkCalendar`` (the bureau's
holidays and make-up workdays, §82) and dates, and the models call them with the calendar
of ``dawa.holiday``. The articles are explained in ``docs/law.md``.

- §32: the correction notice (一次性补正告知) is due within 5 working days of receipt;
  without one by then, the application counts as accepted from the day it was received.
- §42 ¶1: a decision within 20 working days (the item's statutory days); one extension of
  10 working days, approved by the head of the bureau.
- §42 ¶2 with §26: 45 working days for a case handled 统一/联合/集中 — items of at least two
  different original departments, or a case a leader marks as handled jointly — and one
  extension of 15, approved by the head of the district government. Two items of one
  department are not joint handling.
- §44: the decision is delivered within 10 working days of its date.
- §45: working days spent in the special procedures the article names (听证, 招标, 拍卖,
  检验, 检测, 检疫, 鉴定, 专家评审) do not count in the time limit, up to the time the
  applicant was told in writing (the procedure's declared maximum and any extension of it).
- 双公示: an approval is published within 7 working days of its decision.
- A deadline in a year whose arrangement the calendar does not know yet counts weekends only
  and is provisional (``WorkCalendar.is_provisional``) until that year is entered.
"""

# §42 ¶2 with §26: a joint case (items of several departments) has 45 working days.
JOINT_STATUTORY_DAYS = 45
# §42: the statutory limit may be extended once, by 10 working days, 15 for a joint case.
EXTENSION_DAYS = 10
JOINT_EXTENSION_DAYS = 15
# §32: the correction notice is due within 5 working days of receipt.
CORRECTION_NOTICE_DAYS = 5
# §44: the decision is delivered within 10 working days of its date.
DELIVERY_DAYS = 10
# 双公示: an approval is published within 7 working days of its decision.
PUBLICITY_DAYS = 7

NORMAL = "normal"
WARNING = "warning"
OVERDUE = "overdue"


def is_joint_handling(source_agencies, marked=False):
    """Whether a case is handled 统一/联合/集中 (§42 ¶2 with §26): its items come from at least
    two different original departments (``source_agencies``, one entry per item, falsy
    entries ignored), or a leader marked it so with a reason (``marked``)."""
    return bool(marked) or len({agency for agency in source_agencies if agency}) >= 2


def procedure_end(calendar, start, allowed_days):
    """The last day of a special procedure started on ``start`` that may take
    ``allowed_days`` working days (§45: the time the applicant is told in writing)."""
    return calendar.add(start, allowed_days)


def procedure_days_counted(calendar, start, today, allowed_days):
    """Working days of a special procedure started on ``start`` that are left out of the time
    limit on ``today``: those spent so far, at most ``allowed_days`` (§45 — beyond the time
    told to the applicant the clock runs again)."""
    return min(calendar.count(start, today), max(allowed_days, 0))


def case_statutory_days(item_days, joint):
    """The statutory working days of a case (§42): the longest of its items', 45 for a joint
    case."""
    return JOINT_STATUTORY_DAYS if joint else max(item_days, default=0)


def extension_days(joint):
    """The working days the one extension adds (§42): 10, 15 for a joint case."""
    return JOINT_EXTENSION_DAYS if joint else EXTENSION_DAYS


def correction_notice_due(calendar, received):
    """The last day of the correction notice of an application received on ``received``
    (§32)."""
    return calendar.add(received, CORRECTION_NOTICE_DAYS)


def is_deemed_accepted(calendar, today, received, correction_date=None):
    """Whether an application received on ``received`` counts as accepted from that day
    (§32): no correction notice was sent by its due day, which ``today`` is past."""
    return not correction_date and today > correction_notice_due(calendar, received)


def case_deadlines(calendar, start, promised_days, statutory_days, suspended_workdays,
                   extended_days=0):
    """(promised, statutory) deadlines of a clock started on ``start``: the working days of
    the limits plus those spent in special procedures (§45); an extension (§42) moves the
    statutory deadline only."""
    return (calendar.add(start, promised_days + suspended_workdays),
            calendar.add(start, statutory_days + extended_days + suspended_workdays))


def delivery_deadline(calendar, decision_date):
    """The last day to deliver a decision taken on ``decision_date`` (§44)."""
    return calendar.add(decision_date, DELIVERY_DAYS)


def publicity_deadline(calendar, decision_date):
    """The last day to publish an approval decided on ``decision_date`` (双公示)."""
    return calendar.add(decision_date, PUBLICITY_DAYS)


def case_deadline_values(calendar, start, promised_days, statutory_days, suspended_workdays,
                         extended_days, delivery_from):
    """Every deadline of a case, as field values: promised and statutory deadlines of a
    clock started on ``start`` (none while it has not started), delivery deadline of a
    decision taken on ``delivery_from`` (§44), and whether one of them falls in a year whose
    holidays are not confirmed yet."""
    promised = statutory = delivery = False
    if start:
        promised, statutory = case_deadlines(
            calendar, start, promised_days, statutory_days, suspended_workdays, extended_days)
    if delivery_from:
        delivery = delivery_deadline(calendar, delivery_from)
    return {
        "promised_deadline": promised,
        "statutory_deadline": statutory,
        "delivery_deadline": delivery,
        "deadline_provisional": any(
            deadline and calendar.is_provisional(deadline)
            for deadline in (promised, statutory, delivery)),
    }


def suspended_so_far(calendar, suspension_start, today):
    """Working days of a special procedure started on ``suspension_start`` and still under
    way ``today``: they do not count in the time limit (§45)."""
    return calendar.count(suspension_start, today)


def decision_workdays(calendar, start, decision_date, suspended_workdays):
    """Working days the decision took: from the clock's start to the decision, special
    procedures left out (§45)."""
    return max(calendar.count(start, decision_date) - suspended_workdays, 0)


def deadline_state(calendar, today, deadline, threshold):
    """``normal``, ``warning`` (≤ ``threshold`` working days left) or ``overdue`` (past the
    deadline); without a deadline (the clock does not run), ``normal``."""
    if not deadline:
        return NORMAL
    if today > deadline:
        return OVERDUE
    if calendar.count(today, deadline) <= threshold:
        return WARNING
    return NORMAL
