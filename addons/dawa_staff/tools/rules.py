"""The arithmetic of the evaluation rules, without Odoo: periods of effect of sanctions, the
Excellent quota, weighted scores and the score the case figures suggest.

公务员考核规定 / 事业单位工作人员考核规定 and the sanction regulations (公务员处分条例,
事业单位工作人员处分规定) give the figures; the models call these functions and keep the
records, the messages and the translations.
"""

import calendar
import datetime
from decimal import ROUND_FLOOR, Decimal

# Months a sanction stays in effect from the day it is decided (处分期间).
SANCTION_MONTHS = {
    "warning": 6,
    "demerit": 12,
    "major_demerit": 18,
    "demotion": 24,
    "removal": 24,
}
# Sanctions during whose period of effect the yearly evaluation gets a comment and no grade.
COMMENT_ONLY_LEVELS = ("demerit", "major_demerit", "demotion", "removal")
# Default share of Excellent grades in a period, in per cent.
DEFAULT_EXCELLENT_QUOTA = 20
# Points the suggested performance score loses per dissatisfied rating and per supervision
# feedback against the person's cases.
BAD_RATING_PENALTY = 5
FEEDBACK_PENALTY = 2


def add_months(date, months):
    """``date`` moved by ``months`` calendar months; the 31st becomes the month's last day."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return date.replace(year=year, month=month, day=day)


def effect_end(date, level):
    """The last day a sanction of ``level`` decided on ``date`` is in effect, or None for a
    sanction without a period of effect (expulsion) and for rewards."""
    months = SANCTION_MONTHS.get(level)
    if not date or not months:
        return None
    return add_months(date, months) - datetime.timedelta(days=1)


def overlaps(start, end, other_start, other_end):
    """Whether the day ranges [start, end] and [other_start, other_end] share a day; an
    open end (None) runs forever."""
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


def excellent_allowed(count, quota_percent):
    """How many people of ``count`` may be rated Excellent: ``quota_percent`` of them,
    rounded down (20 % of 12 people: 2)."""
    allowed = Decimal(count) * Decimal(str(quota_percent)) / 100
    return int(allowed.to_integral_value(rounding=ROUND_FLOOR))


def weighted_score(lines):
    """Total of (weight, score) pairs, weights in per cent, scores out of 100."""
    return round(sum(weight * (score or 0) for weight, score in lines) / 100, 2)


def suggested_performance_score(timed_count, on_time_count, bad_ratings, feedback):
    """The performance (绩) score the case figures suggest: the on-time rate in per cent,
    less points per dissatisfied rating and per supervision feedback, between 0 and 100;
    None without any case decided under a time limit."""
    if not timed_count:
        return None
    score = 100 * on_time_count / timed_count
    score -= BAD_RATING_PENALTY * bad_ratings + FEEDBACK_PENALTY * feedback
    return round(min(max(score, 0), 100), 2)
