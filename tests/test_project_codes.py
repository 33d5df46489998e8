"""Tests of the construction project codes of dawa_project (addons/dawa_project/tools/
projectcodes.py), loaded by path: the add-on's ``__init__`` imports Odoo."""

import importlib.util
from pathlib import Path

import pytest

CODES_PATH = (Path(__file__).resolve().parent.parent / "addons" / "dawa_project" / "tools"
              / "projectcodes.py")
_spec = importlib.util.spec_from_file_location("dawa_project_codes", CODES_PATH)
codes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(codes)


@pytest.mark.parametrize("code", [
    "2509-320193-89-01-544060", "2019-211104-48-03-012345", " 2019-211104-48-03-012345 ",
    "2019－211104－48－03－012345",
])
def test_well_formed_project_codes(code):
    assert codes.project_code_error(code) is None


@pytest.mark.parametrize("code,error", [
    ("", "length"), ("2019-211104-48-03-01234", "length"), ("2019-211104-48-03-0123456", "length"),
    ("2019211104-48-03-0123456", "format"), ("2019-21110A-48-03-012345", "format"),
    ("201-9211104-48-03-012345", "format"), ("2019-211104-4803-0123456", "format"),
])
def test_malformed_project_codes(code, error):
    assert codes.project_code_error(code) == error


def test_works_codes():
    project = "2019-211104-48-03-012345"
    assert codes.works_code_error(project, f"{project}-0001") is None
    assert codes.works_code_error(project, "2019-211104-48-03-012346-0001") == "prefix"
    assert codes.works_code_error(project, f"{project}0001") == "prefix"
    assert codes.works_code_error(project, f"{project}-001") == "suffix"
    assert codes.works_code_error(project, f"{project}-00012") == "suffix"
    assert codes.works_code_error("", "-0001") == "prefix"


def test_next_works_code():
    project = "2019-211104-48-03-012345"
    assert codes.next_works_code(project, []) == f"{project}-0001"
    assert codes.next_works_code(project, [f"{project}-0001", f"{project}-0007",
                                           "2019-211104-48-03-999999-0042"]) == f"{project}-0008"
