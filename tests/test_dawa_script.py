"""Tests of the `./dawa` command's test accounting (dawa_cli/accounting.py, no Odoo needed):
the closing line, pytest's JUnit counts, the static collection of the add-ons' Odoo tests and
the verdict of the Odoo part.

Odoo's own log lines and test files are reproduced here as text, the way the command reads
them.
"""

import textwrap

import pytest

from dawa_cli import accounting


def _addon(tmp_path, files, name="probe"):
    """An add-on directory `name` whose tests/ holds `files` ({file name: source})."""
    tests = tmp_path / name / "tests"
    tests.mkdir(parents=True)
    (tmp_path / name / "__manifest__.py").write_text("{}", encoding="utf-8")
    for file_name, source in files.items():
        (tests / file_name).write_text(textwrap.dedent(source), encoding="utf-8")
    return tmp_path / name


def _collect(tmp_path, files, name="probe"):
    collected = accounting.CollectedTests()
    collected.add_module(name, _addon(tmp_path, files, name))
    return collected


# --------------------------------------------------------------------------- closing line


def test_closing_line_without_skips_is_unchanged():
    assert accounting.closing_line(12, 0) == "12 passed, 0 failed"
    assert accounting.closing_line(12, 3, 0) == "12 passed, 3 failed"


def test_closing_line_reports_skips():
    assert accounting.closing_line(12, 1, 2) == "12 passed, 1 failed, 2 skipped"


def test_tally_adds_up():
    tally = accounting.Tally()
    tally.add(1, 0)
    tally.add(5, 2, 3)
    assert (tally.passed, tally.failed, tally.skipped) == (6, 2, 3)


def test_junit_counts_keep_skips_apart(tmp_path):
    junit = tmp_path / "pytest.xml"
    junit.write_text(
        '<testsuites><testsuite name="pytest" errors="1" failures="2" skipped="3" tests="20">'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    assert accounting.junit_counts(junit) == (20, 3, 3)


# --------------------------------------------------------------------------- imports


@pytest.mark.parametrize(
    "source,expected",
    [
        ("from . import test_a\nfrom . import test_b, common\n", {"test_a", "test_b"}),
        ("from . import (\n    test_a,\n    test_b as b,\n)\n", {"test_a", "test_b"}),
        ("from .test_a import TestA\n", {"test_a"}),
        ("from odoo.addons.probe.tests import test_a\n", {"test_a"}),
        ("from odoo.addons.probe.tests.test_a import TestA\n", {"test_a"}),
        ("import odoo.addons.probe.tests.test_a\n", {"test_a"}),
        ("# from . import test_a\nfrom . import common\n", set()),
        ("from odoo.addons.other.tests import test_a\n", set()),
        ("", set()),
    ],
)
def test_imported_test_modules(source, expected):
    assert accounting.imported_test_modules(source, "probe") == expected


# --------------------------------------------------------------------------- collection

COMMON = """
    from odoo.tests import TransactionCase, tagged


    class ProbeCommon(TransactionCase):
        def setUp(self):
            super().setUp()

        def test_in_common(self):  # not collected for subclasses (Odoo 18's loader)
            pass


    class ProbeMixin:
        def test_mixin(self):
            pass
"""

TEST_A = """
    from odoo.tests import tagged
    from odoo.tests.common import HttpCase

    from .common import ProbeCommon, ProbeMixin


    @tagged("post_install", "-at_install")
    class TestA(ProbeCommon):
        def test_one(self):
            pass

        def test_two(self):
            class Nested(HttpCase):
                def test_nested(self):
                    pass

        def helper(self):
            pass


    class TestAtInstall(ProbeCommon):
        async def test_async(self):
            pass

        def test_one(self):
            pass

        def test_one(self):  # noqa: F811  (redefined: one test)
            pass


    @tagged("-standard", "post_install", "-at_install")
    class TestSlow(HttpCase):
        def test_slow(self):
            pass


    class TestSlowToo(TestSlow):  # inherits -standard
        def test_slow_too(self):
            pass


    @tagged("standard")
    class TestBackInStandard(TestSlow):
        def test_back(self):
            pass


    class NotATestCase(ProbeMixin):
        def test_not_collected(self):
            pass


    class TestInherits(ProbeCommon):
        allow_inherited_tests_method = True

        def test_own(self):
            pass
"""


def test_collects_what_odoo_runs(tmp_path):
    collected = _collect(tmp_path, {
        "__init__.py": "from . import test_a\n",
        "common.py": COMMON,
        "test_a.py": TEST_A,
    })
    assert collected.per_class == {
        ("probe", "test_a", "TestA"): 2,
        ("probe", "test_a", "TestAtInstall"): 2,
        ("probe", "test_a", "TestBackInStandard"): 1,
        ("probe", "test_a", "TestInherits"): 2,  # test_own + test_in_common
    }
    assert collected.total == 7
    assert not collected.unimported and not collected.never_run and not collected.unreadable


def test_file_not_imported_is_reported(tmp_path):
    collected = _collect(tmp_path, {
        "__init__.py": "from . import test_a\n",
        "common.py": COMMON,
        "test_a.py": TEST_A,
        "test_forgotten.py": """
            from .common import ProbeCommon


            class TestForgotten(ProbeCommon):
                def test_x(self):
                    pass

                def test_y(self):
                    pass
        """,
    })
    assert [(p.name, n) for p, n in collected.unimported] == [("test_forgotten.py", 2)]
    assert collected.total == 7  # not among the tests Odoo can run


def test_missing_init_imports_nothing(tmp_path):
    collected = _collect(tmp_path, {"test_a.py": TEST_A, "common.py": COMMON})
    assert collected.total == 0
    assert [(p.name, n) for p, n in collected.unimported] == [("test_a.py", 7)]


def test_class_tagged_for_no_phase_never_runs(tmp_path):
    collected = _collect(tmp_path, {
        "__init__.py": "from . import test_b\n",
        "test_b.py": """
            from odoo.tests import TransactionCase, tagged


            @tagged("-at_install")
            class TestNowhere(TransactionCase):
                def test_x(self):
                    pass
        """,
    })
    assert [(p.name, c, n) for p, c, n in collected.never_run] == [("test_b.py", "TestNowhere", 1)]
    assert collected.total == 1  # still expected: the run falls short of it


def test_unreadable_file_is_reported(tmp_path):
    collected = _collect(tmp_path, {
        "__init__.py": "from . import test_c\n",
        "test_c.py": "class TestC(:\n",
    })
    assert [p.name for p, _error in collected.unreadable] == ["test_c.py"]


def test_tests_of_class(tmp_path):
    collected = _collect(tmp_path, {"__init__.py": "from . import test_a\n",
                                    "common.py": COMMON, "test_a.py": TEST_A})
    assert collected.tests_of_class("odoo.addons.probe.tests.test_a.TestA") == 2
    assert collected.tests_of_class("odoo.addons.probe.tests.test_a.Unknown") == 0
    assert collected.tests_of_class("unittest.suite._ErrorHolder") == 0


# --------------------------------------------------------------------------- Odoo's log


def _feed(lines):
    log = accounting.OdooLog()
    for line in lines:
        log.feed(line + "\n")
    return log


LOG_PREFIX = "2026-12-01 19:18:10,179 8234 INFO dawa_test "


def test_log_reads_summary_and_skips(capsys):
    log = _feed([
        LOG_PREFIX + "odoo.addons.probe.tests.test_a: skipped TestA.test_one : no chrome",
        LOG_PREFIX + "unittest.suite: skipped setUpClass (odoo.addons.probe.tests.test_a.TestA)"
        " : hr not installed",
        LOG_PREFIX + "odoo.tests.result: 0 failed, 0 error(s) of 7 tests when loading "
        "database 'dawa_test'",
    ])
    assert log.summary == (0, 0, 7)
    assert log.skipped == [
        "TestA.test_one : no chrome",
        "setUpClass (odoo.addons.probe.tests.test_a.TestA) : hr not installed",
    ]
    assert log.stray_errors == 0
    assert "skipped TestA.test_one" in capsys.readouterr().out


# --------------------------------------------------------------------------- verdict


@pytest.fixture
def collected(tmp_path):
    return _collect(tmp_path, {"__init__.py": "from . import test_a\n",
                               "common.py": COMMON, "test_a.py": TEST_A})


def test_verdict_full_run_complete(collected):
    assert accounting.odoo_verdict((0, 0, 7), [], collected, True) == (7, 0, 0, [])


def test_verdict_counts_failures_and_skips_apart(collected):
    passed, failed, skipped, problems = accounting.odoo_verdict(
        (1, 1, 7), ["TestA.test_one : no chrome"], collected, True)
    assert (passed, failed, skipped, problems) == (4, 2, 1, [])


def test_verdict_full_run_short_of_the_files_fails(collected):
    passed, failed, skipped, problems = accounting.odoo_verdict((0, 0, 5), [], collected, True)
    assert (passed, failed, skipped) == (5, 0, 0)
    assert problems == ["Odoo ran 5 test(s) but the add-ons' tests/test_*.py files hold 7"]


def test_verdict_class_skipped_in_setupclass_is_accounted(collected):
    skipped_class = "setUpClass (odoo.addons.probe.tests.test_a.TestA) : hr not installed"
    assert accounting.odoo_verdict((0, 0, 5), [skipped_class], collected, True) == (5, 0, 2, [])


def test_verdict_nothing_ran_fails(collected):
    for full_run in (True, False):
        problems = accounting.odoo_verdict((0, 0, 0), [], collected, full_run)[3]
        assert problems == ["Odoo ran no test"]


def test_verdict_tags_run_needs_only_one_test(collected):
    assert accounting.odoo_verdict((0, 0, 1), [], collected, False) == (1, 0, 0, [])


def test_verdict_reports_unimported_and_never_run(tmp_path):
    collected = _collect(tmp_path, {
        "__init__.py": "from . import test_b\n",
        "test_b.py": """
            from odoo.tests import TransactionCase, tagged


            @tagged("-at_install")
            class TestNowhere(TransactionCase):
                def test_x(self):
                    pass


            class TestHere(TransactionCase):
                def test_y(self):
                    pass
        """,
        "test_forgotten.py": """
            from odoo.tests import TransactionCase


            class TestForgotten(TransactionCase):
                def test_z(self):
                    pass
        """,
    })
    problems = accounting.odoo_verdict((0, 0, 1), [], collected, False)[3]
    assert len(problems) == 2
    assert "test_forgotten.py is not imported by" in problems[0]
    assert "its 1 test(s) never run" in problems[0]
    assert "TestNowhere in" in problems[1] and "neither at_install nor post_install" in problems[1]


def test_verdict_without_summary_counts_nothing(collected):
    assert accounting.odoo_verdict(None, [], collected, True) == (0, 0, 0, [])
