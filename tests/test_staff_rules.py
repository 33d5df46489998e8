"""Tests of the evaluation rules' arithmetic of dawa_staff (addons/dawa_staff/tools/rules.py),
loaded by path: conftest.py puts dawa_approval's ``tools`` on sys.path under that name."""

import datetime
import importlib.util
from pathlib import Path

import pytest

RULES_PATH = Path(__file__).resolve().parent.parent / "addons" / "dawa_staff" / "tools" / "rules.py"
_spec = importlib.util.spec_from_file_location("dawa_staff_rules", RULES_PATH)
rules = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rules)

D = datetime.date


@pytest.mark.parametrize("count,quota,allowed", [
    (10, 20, 2), (12, 20, 2), (14, 20, 2), (15, 20, 3), (4, 20, 0), (5, 20, 1), (0, 20, 0),
    (9, 25, 2), (3, 33.3, 0), (100, 15, 15), (7, 100, 7), (7, 0, 0),
])
def test_excellent_quota_rounds_down(count, quota, allowed):
    assert rules.excellent_allowed(count, quota) == allowed


@pytest.mark.parametrize("level,start,end", [
    ("warning", D(2026, 3, 15), D(2026, 9, 14)),
    ("demerit", D(2026, 3, 15), D(2027, 3, 14)),
    ("major_demerit", D(2026, 3, 15), D(2027, 9, 14)),
    ("demotion", D(2026, 3, 15), D(2028, 3, 14)),
    ("removal", D(2026, 3, 15), D(2028, 3, 14)),
    # six months from 08-31 is 02-28 (no 02-31): in effect until the day before
    ("warning", D(2026, 8, 31), D(2027, 2, 27)),
    ("demerit", D(2024, 2, 29), D(2025, 2, 27)),
    ("expulsion", D(2026, 3, 15), None),
    ("commendation", D(2026, 3, 15), None),
])
def test_periods_of_effect(level, start, end):
    assert rules.effect_end(start, level) == end


def test_add_months_clamps_to_the_month_end():
    assert rules.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert rules.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert rules.add_months(D(2026, 12, 15), 12) == D(2027, 12, 15)


def test_overlaps():
    assert rules.overlaps(D(2025, 8, 1), D(2026, 7, 31), D(2026, 1, 1), D(2026, 12, 31))
    assert not rules.overlaps(D(2024, 10, 1), D(2025, 9, 30), D(2026, 1, 1), D(2026, 12, 31))
    assert rules.overlaps(D(2026, 12, 31), None, D(2026, 1, 1), D(2026, 12, 31))
    assert rules.overlaps(D(2025, 1, 1), D(2026, 1, 1), D(2026, 1, 1), D(2026, 12, 31))


def test_weighted_score():
    assert rules.weighted_score([(20, 95), (20, 90), (15, 85), (35, 80), (10, 100)]) == 87.75
    assert rules.weighted_score([(50, None), (50, 80)]) == 40
    assert rules.weighted_score([]) == 0


def test_suggested_performance_score():
    assert rules.suggested_performance_score(0, 0, 3, 1) is None
    assert rules.suggested_performance_score(3, 2, 1, 0) == round(200 / 3 - 5, 2)
    assert rules.suggested_performance_score(10, 10, 0, 1) == 98
    assert rules.suggested_performance_score(2, 0, 5, 5) == 0


def test_post_grade_reduction_period():
    assert rules.effect_end(D(2025, 6, 1), "post_grade_reduction") == D(2027, 5, 31)


def test_sanction_levels_by_establishment():
    assert "post_grade_reduction" not in rules.sanction_levels("civil_servant")
    assert "major_demerit" in rules.sanction_levels("civil_servant")
    ordinary = rules.sanction_levels("public_institution")
    assert set(ordinary) == {"warning", "demerit", "post_grade_reduction", "expulsion"}
    managers = rules.sanction_levels("public_institution", management=True)
    assert {"major_demerit", "demotion", "removal"} <= set(managers)
    assert rules.sanction_levels("other") is None


@pytest.mark.parametrize("level,decided,year,effect", [
    # civil servants: the years named, counted from the decision
    ("warning", D(2026, 3, 10), 2026, rules.NO_EXCELLENT),
    ("warning", D(2025, 11, 10), 2026, None),  # its 6 months reach 2026: no effect
    ("demerit", D(2026, 3, 1), 2026, rules.NO_GRADE),
    ("demerit", D(2025, 8, 1), 2026, None),  # its 12 months reach 2026: no effect
    ("major_demerit", D(2025, 3, 1), 2026, rules.NO_GRADE),
    ("demotion", D(2025, 3, 1), 2025, rules.NO_GRADE),
    ("demotion", D(2025, 3, 1), 2026, rules.NO_GRADE),
    ("demotion", D(2025, 3, 1), 2027, None),  # not the third year its 24 months touch
    ("removal", D(2024, 12, 30), 2026, None),
    ("demerit", D(2027, 1, 5), 2026, None),  # decided after the year
])
def test_civil_servant_effects(level, decided, year, effect):
    end = rules.effect_end(decided, level)
    assert rules.sanction_effect("civil_servant", level, decided, end, year) == effect


@pytest.mark.parametrize("level,decided,year,effect", [
    # public institution staff: 警告 that year; 记过 and heavier during the period of effect
    ("warning", D(2026, 11, 20), 2026, rules.NO_EXCELLENT),
    ("warning", D(2026, 11, 20), 2027, None),
    ("demerit", D(2025, 8, 1), 2026, rules.NO_GRADE),
    ("demerit", D(2025, 1, 1), 2026, None),  # ended 2025-12-31
    ("post_grade_reduction", D(2025, 6, 1), 2027, rules.NO_GRADE),
    ("post_grade_reduction", D(2025, 6, 1), 2028, None),
    ("major_demerit", D(2025, 3, 1), 2026, rules.NO_GRADE),  # a manager's
    ("expulsion", D(2026, 5, 1), 2026, rules.NO_GRADE),
    ("commendation", D(2026, 5, 1), 2026, None),
])
def test_public_institution_effects(level, decided, year, effect):
    end = rules.effect_end(decided, level)
    assert rules.sanction_effect("public_institution", level, decided, end, year) == effect
