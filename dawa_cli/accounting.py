"""How `./dawa test` counts (no Odoo needed, tested by tests/test_dawa_script.py): the closing
line, pytest's JUnit counts, the static collection of the add-ons' Odoo tests, Odoo's log and
the verdict of the Odoo part."""

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .common import rel, say
from .odoo_env import addons_path


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def add(self, passed, failed, skipped=0):
        self.passed += passed
        self.failed += failed
        self.skipped += skipped


def closing_line(passed, failed, skipped=0):
    """The last line of `./dawa test`: "N passed, N failed", plus ", N skipped" when any was."""
    line = f"{passed} passed, {failed} failed"
    return f"{line}, {skipped} skipped" if skipped else line


def junit_counts(junit_path):
    """(tests, failures + errors, skipped) of a pytest JUnit XML report."""
    tests = failures = skipped = 0
    for suite in ET.parse(junit_path).getroot().iter("testsuite"):
        tests += int(suite.get("tests", 0))
        failures += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return tests, failures, skipped


# --------------------------------------------------------------------------- test collection
# The Odoo part of `./dawa test` must not pass vacuously: the tests Odoo runs are compared with
# the tests found by reading the add-ons' test files, the way Odoo 18's loader
# (odoo/tests/loader.py) finds them: the `test_*` submodules that `tests/__init__.py` imports;
# in each, the TestCase classes defined there (not imported ones); of each class, the methods
# named `test*` defined in its own body (inherited ones only with allow_inherited_tests_method).
# A class runs in a `/module` run when its tags (odoo.tests.tagged, inherited like Odoo does)
# keep "standard" and hold at_install or post_install.

DEFAULT_TEST_TAGS = frozenset({"standard", "at_install"})  # odoo.tests.common.MetaCase


class ParsedClass:
    """A class statement of an add-on's tests package, as far as test collection goes."""

    def __init__(self, node, path):
        self.name = node.name
        self.path = path
        self.bases = [ast.unparse(b).split(".")[-1] for b in node.bases]
        self.methods = {
            stmt.name for stmt in node.body
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
            and stmt.name.startswith("test")
        }
        self.tag_changes = []  # arguments of @tagged(...), in order of application
        for deco in reversed(node.decorator_list):  # the innermost decorator applies first
            if isinstance(deco, ast.Call) and ast.unparse(deco.func).split(".")[-1] == "tagged":
                self.tag_changes.append([
                    a.value for a in deco.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ])
        self.inherits_tests = any(
            isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "allow_inherited_tests_method"
                    for t in stmt.targets)
            and isinstance(stmt.value, ast.Constant) and stmt.value.value is True
            for stmt in node.body
        )


def parse_test_classes(source, path="<tests>"):
    """The top-level classes of a Python source (Odoo's loader sees no nested class)."""
    tree = ast.parse(source, filename=str(path))
    return [ParsedClass(node, path) for node in tree.body if isinstance(node, ast.ClassDef)]


def effective_tags(cls, classes, _seen=None):
    """Tags of `cls` as odoo.tests.tagged computes them: those of its first base known in
    the package (or Odoo's default), then each @tagged(...) adds tags and removes "-tags"."""
    seen = (_seen or set()) | {cls.name}
    tags = set(DEFAULT_TEST_TAGS)
    for base in cls.bases:
        if base in classes and base not in seen:
            tags = effective_tags(classes[base], classes, seen)
            break
    for change in cls.tag_changes:
        tags |= {t for t in change if not t.startswith("-")}
        tags -= {t[1:] for t in change if t.startswith("-")}
    return tags


def runnable_methods(cls, classes, _seen=None):
    """Test methods Odoo runs for `cls`: its own, plus inherited ones when it allows them."""
    methods = set(cls.methods)
    if cls.inherits_tests:
        seen = (_seen or set()) | {cls.name}
        for base in cls.bases:
            if base in classes and base not in seen:
                methods |= runnable_methods(classes[base], classes, seen)
    return methods


def is_test_case(cls, classes, _seen=None):
    """True when `cls` derives from a TestCase. Bases outside the package (odoo.tests'
    TransactionCase, HttpCase...) count as TestCases; a class without base, or whose bases
    are all mixins of the package without a TestCase base themselves, does not."""
    seen = (_seen or set()) | {cls.name}
    for base in cls.bases:
        if base == "object":
            continue
        if base not in classes:
            return True
        if base not in seen and is_test_case(classes[base], classes, seen):
            return True
    return False


def imported_test_modules(init_source, module_name=None):
    """Names of the `test_*` submodules that a tests/__init__.py imports (any import form
    that binds the submodule on the package: `from . import test_x`, `from .test_x import
    ...`, `from odoo.addons.<module>.tests import test_x`)."""
    names = set()
    for node in ast.walk(ast.parse(init_source)):
        if isinstance(node, ast.ImportFrom):
            package = f"odoo.addons.{module_name}.tests" if module_name else None
            if node.level == 1:  # from . import test_x / from .test_x import Class
                names |= ({node.module.split(".")[0]} if node.module
                          else {alias.name for alias in node.names})
            elif node.level == 0 and package and node.module == package:
                names |= {alias.name for alias in node.names}
            elif node.level == 0 and package and (node.module or "").startswith(package + "."):
                names.add(node.module[len(package) + 1:].split(".")[0])
        elif isinstance(node, ast.Import) and module_name:
            prefix = f"odoo.addons.{module_name}.tests."
            names |= {alias.name[len(prefix):].split(".")[0] for alias in node.names
                      if alias.name.startswith(prefix)}
    return {name for name in names if name.startswith("test_")}


class CollectedTests:
    """The Odoo tests of some add-ons, read from their files without importing them."""

    def __init__(self):
        self.per_class = {}  # (module, file stem, class name) -> number of tests
        self.unimported = []  # (path, number of tests) of test files tests/__init__ misses
        self.never_run = []  # (path, class name, number of tests): neither at_ nor post_install
        self.unreadable = []  # (path, error): a test file Python cannot parse

    @property
    def total(self):
        """Tests a full run of the add-ons must run (imported files, standard tags)."""
        return sum(self.per_class.values())

    def add_module(self, module, directory):
        tests_dir = Path(directory) / "tests"
        if not tests_dir.is_dir():
            return
        files = {}
        for path in sorted(tests_dir.glob("*.py")):
            try:
                files[path] = parse_test_classes(path.read_text(encoding="utf-8"), path)
            except (SyntaxError, UnicodeDecodeError) as exc:
                self.unreadable.append((path, exc))
        package = {cls.name: cls for found in files.values() for cls in found}
        init = tests_dir / "__init__.py"
        imported = (imported_test_modules(init.read_text(encoding="utf-8"), module)
                    if init.is_file() else set())
        for path, found in files.items():
            if not path.name.startswith("test_"):
                continue
            counts = {}
            classes = {**package, **{cls.name: cls for cls in found}}  # the file's own first
            for cls in found:
                tags = effective_tags(cls, classes)
                methods = runnable_methods(cls, classes)
                if not methods or "standard" not in tags or not is_test_case(cls, classes):
                    continue
                if not tags & {"at_install", "post_install"}:
                    self.never_run.append((path, cls.name, len(methods)))
                counts[cls.name] = len(methods)
            if path.stem not in imported:
                if counts:
                    self.unimported.append((path, sum(counts.values())))
                continue
            for name, count in counts.items():
                self.per_class[(module, path.stem, name)] = count

    def tests_of_class(self, dotted):
        """Tests of the class `odoo.addons.<module>.tests.<file>.<Class>` (0 if unknown)."""
        parts = dotted.split(".")
        if len(parts) < 6 or parts[:2] != ["odoo", "addons"]:
            return 0
        return self.per_class.get((parts[2], parts[-2], parts[-1]), 0)


def module_dir(module):
    """Directory of an add-on in the addons path `./dawa` gives Odoo, or None."""
    for path in addons_path().split(","):
        candidate = Path(path.strip()) / module
        if (candidate / "__manifest__.py").is_file():
            return candidate
    return None


def collect_tests(modules):
    collected = CollectedTests()
    for module in modules:
        directory = module_dir(module)
        if directory:
            collected.add_module(module, directory)
    return collected


# Odoo log record: "2026-01-01 10:00:00,123 4242 ERROR dbname odoo.addons.x: message"
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ (\w+) (\S+) (\S+): (.*)$")
SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")


class OdooLog:
    """Reads Odoo's output line by line: keeps it, echoes ERROR/CRITICAL blocks."""

    def __init__(self):
        self.summary = None  # (failed, errors, run) of the final odoo.tests.result line
        self.test_failures = 0  # "FAIL:" / "ERROR:" records written by Odoo's test runner
        self.stray_errors = 0  # any other ERROR/CRITICAL record
        # "skipped Class.test : reason" (a test Odoo counts as run) or "skipped setUpClass
        # (odoo.addons.m.tests.test_x.Class) : reason" (a whole class, not counted as run)
        self.skipped = []
        self.in_block = False

    def feed(self, line):
        rec = LOG_RECORD.match(line)
        if not rec:
            if self.in_block:  # traceback lines belong to the record above
                say(line.rstrip("\n"))
            return
        level, logger, msg = rec.group(1), rec.group(3), rec.group(4)
        self.in_block = False
        if logger == "odoo.tests.result":
            found = SUMMARY.search(msg)
            if found:
                self.summary = tuple(int(g) for g in found.groups())
                return
        if logger == "odoo.tests.stats":  # per-module "N tests, time, queries"
            say(line.rstrip("\n"))
        if level == "INFO" and msg.startswith("skipped "):
            self.skipped.append(msg[len("skipped "):].strip())
            say(line.rstrip("\n"))
        if level in ("ERROR", "CRITICAL"):
            if msg.startswith(("FAIL:", "ERROR:")):
                self.test_failures += 1
            else:
                self.stray_errors += 1
            self.in_block = True
            say(line.rstrip("\n"))


SKIPPED_CLASS = re.compile(r"^setUpClass \((\S+)\)")


def odoo_verdict(summary, skipped, collected, full_run):
    """Counts of the Odoo part from its log, and why it fails beyond failed tests.

    summary: (failed, errors, run) of Odoo's final line, or None; skipped: the "skipped ..."
    messages; collected: CollectedTests of the tested add-ons; full_run: all their tests were
    asked for (no --tags). Returns (passed, failed + errors, skipped, problems).
    """
    failed, errors, run = summary or (0, 0, 0)
    skipped_tests = class_skipped = found_class_skipped = 0
    for message in skipped:
        whole_class = SKIPPED_CLASS.match(message)
        if whole_class:  # setUpClass raised SkipTest: none of its tests started
            count = collected.tests_of_class(whole_class.group(1))
            found_class_skipped += count
            class_skipped += count or 1
        else:
            skipped_tests += 1
    problems = [f"cannot read {rel(path)}: {error}" for path, error in collected.unreadable]
    for path, count in collected.unimported:
        problems.append(f"{rel(path)} is not imported by {rel(path.parent / '__init__.py')}: "
                        f"its {count} test(s) never run")
    for path, name, count in collected.never_run:
        problems.append(f"{name} in {rel(path)} is tagged neither at_install nor post_install: "
                        f"its {count} test(s) never run")
    if summary is not None and run == 0:
        problems.append("Odoo ran no test")
    elif summary is not None and full_run and run + found_class_skipped < collected.total:
        problems.append(f"Odoo ran {run} test(s) but the add-ons' tests/test_*.py files hold "
                        f"{collected.total}")
    passed = max(run - failed - errors - skipped_tests, 0)
    return passed, failed + errors, skipped_tests + class_skipped, problems


