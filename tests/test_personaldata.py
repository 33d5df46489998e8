"""Tests of where a search domain may name personal data (dawa_approval tools/personaldata.py)."""

import pytest
from tools.personaldata import NOT_CONJUNCTIVE, SEVERAL, personal_search_problem

NAMES = ("applicant_id_number", "applicant_phone")


@pytest.mark.parametrize("domain", [
    [],
    [("name", "=", "DW1")],
    [("applicant_phone", "=", "13812345678")],
    [("id", "=", 7), ("applicant_phone", "=", "13812345678")],
    ["&", ("state", "=", "received"), ("applicant_id_number", "=", "x")],
    ["|", ("name", "=", "a"), ("name", "=", "b"), ("applicant_phone", "=", "1")],
])
def test_one_conjunctive_leaf_is_allowed(domain):
    assert personal_search_problem(domain, NAMES) is None


@pytest.mark.parametrize("domain", [
    [("applicant_phone", "=", "1"), ("applicant_phone", "=", "2")],
    ["&", ("applicant_phone", "=", "1"), ("applicant_id_number", "=", "2")],
    # a thousand candidates in one search
    ["|"] * 999 + [("applicant_phone", "=", str(n)) for n in range(1000)],
])
def test_several_leaves_are_refused(domain):
    assert personal_search_problem(domain, NAMES) == SEVERAL


@pytest.mark.parametrize("domain", [
    ["|", ("applicant_phone", "=", "1"), ("id", "=", 7)],
    ["!", ("applicant_phone", "=", "1")],
    ["&", ("id", "=", 7), "!", ("applicant_id_number", "=", "x")],
    ["|", ("name", "=", "a"), "&", ("id", "=", 1), ("applicant_phone", "=", "1")],
    # a path through the case counts as the field
    ["!", ("applicant_phone.foo", "=", "1")],
])
def test_or_and_not_are_refused(domain):
    assert personal_search_problem(domain, NAMES) == NOT_CONJUNCTIVE


def test_incomplete_domain_is_an_error():
    with pytest.raises(ValueError):
        personal_search_problem(["|", ("applicant_phone", "=", "1")], NAMES)
