"""The arithmetic of the evaluation rules, without Odoo: periods of effect of sanctions, the
sanctions each establishment type knows and what they do to a yearly grade, the Excellent
quota, weighted scores and the score the case figures suggest.

公务员考核规定 / 事业单位工作人员考核规定 and the sanction regulations (公职人员政务处分法,
行政机关公务员处分条例, 事业单位工作人员处分规定) give the figures, article by article in
docs/law.md; the models call these functions and keep the records, the messages and the
translations.
"""

import calendar
import datetime
from decimal import ROUND_FLOOR, Decimal

# Months a sanction stays in effect from the day it is decided (处分期间): 公职人员政务处分法
# §8, 行政机关公务员处分条例 §7 (警告 6, 记过 12, 记大过 18, 降级/撤职 24);
# 事业单位人事管理条例 §29 and 事业单位工作人员处分规定 (警告 6, 记过 12, 降低岗位等级 24).
SANCTION_MONTHS = {
    "warning": 6,
    "demerit": 12,
    "major_demerit": 18,
    "demotion": 24,
    "removal": 24,
    "post_grade_reduction": 24,
}

CIVIL_SERVANT = "civil_servant"
PUBLIC_INSTITUTION = "public_institution"
# The six kinds of 政务处分 (公职人员政务处分法 §7; 公务员法 §62): civil servants, and the
# management staff (从事管理的人员) of public institutions (事业单位工作人员处分规定).
GOVERNMENT_SANCTIONS = (
    "warning", "demerit", "major_demerit", "demotion", "removal", "expulsion")
# The four kinds of the other public-institution staff: 警告, 记过, 降低岗位等级, 开除
# (事业单位人事管理条例 §28-29; 事业单位工作人员处分规定): no 记大过, no 降级.
INSTITUTION_SANCTIONS = ("warning", "demerit", "post_grade_reduction", "expulsion")

# What a sanction does to the yearly evaluation: "no_excellent" (not 优秀) or "no_grade"
# (只写评语，不定等次).
NO_EXCELLENT = "no_excellent"
NO_GRADE = "no_grade"
# Civil servants (公务员考核规定, 2020, as the current practice tables it): the effect holds
# for calendar years counted from the year of the decision, whatever the period of effect:
# 警告 that year not 优秀; 记过 that year no grade; 记大过, 降级, 撤职 that year and the next
# no grade. 开除 ends the service.
CIVIL_SERVANT_EFFECTS = {
    "warning": (NO_EXCELLENT, 1),
    "demerit": (NO_GRADE, 1),
    "major_demerit": (NO_GRADE, 2),
    "demotion": (NO_GRADE, 2),
    "removal": (NO_GRADE, 2),
    "expulsion": (NO_GRADE, 1),
}
# Public-institution staff (事业单位工作人员处分规定, 2023; 事业单位工作人员考核规定, 2023,
# 第四十三条 refers to it): 警告 the year of the decision not 优秀; 记过 and heavier (降低岗位
# 等级; the management staff's 记大过, 降级, 撤职) no grade in each yearly evaluation during
# the period of effect (在受处分期间); 开除 ends the employment.
INSTITUTION_NO_EXCELLENT_THAT_YEAR = ("warning",)
INSTITUTION_NO_GRADE_DURING_PERIOD = (
    "demerit", "post_grade_reduction", "major_demerit", "demotion", "removal")

# Default share of Excellent grades of a yearly evaluation, in per cent, counted apart for
# each establishment type: 公务员考核规定 (2020): generally within 20 % of the agency's civil
# servants evaluated (up to 25 % with the approval of the civil service department);
# 事业单位工作人员考核规定 (2023) 第十五条: generally 20 % of the unit's staff (25 % for a
# unit of outstanding results, 15 % for a poor one). Settings, since the texts set ranges.
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


def sanction_levels(establishment, management=False):
    """The sanction kinds a person of ``establishment`` may receive (``management``: a
    public institution's management staff); None for an establishment no rule names."""
    if establishment == CIVIL_SERVANT or (establishment == PUBLIC_INSTITUTION and management):
        return GOVERNMENT_SANCTIONS
    if establishment == PUBLIC_INSTITUTION:
        return INSTITUTION_SANCTIONS
    return None


def sanction_effect(establishment, level, decided, end, year):
    """What a sanction of ``level`` decided on ``decided`` (in effect until ``end``, None for
    none) does to the yearly evaluation of ``year`` of a person of ``establishment``
    (civil servants' rules, or public institutions' for everybody else): NO_GRADE,
    NO_EXCELLENT or None."""
    if not decided or decided.year > year:
        return None
    if establishment == CIVIL_SERVANT:
        effect, years = CIVIL_SERVANT_EFFECTS.get(level, (None, 0))
        return effect if year < decided.year + years else None
    if level in INSTITUTION_NO_GRADE_DURING_PERIOD:
        if end is None or end.year >= year:
            return NO_GRADE
        return None
    if level == "expulsion":
        return NO_GRADE if year == decided.year else None
    if level in INSTITUTION_NO_EXCELLENT_THAT_YEAR:
        return NO_EXCELLENT if year == decided.year else None
    return None


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
