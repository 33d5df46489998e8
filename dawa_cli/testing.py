"""`./dawa test`: the static checks, the repo-level pytest, the operations tests and the
add-ons' Odoo tests in a throwaway cluster; the last line is "N passed, N failed" (", N
skipped" appended when tests were skipped). `--only bootstrap` runs, apart, the check of the
Odoo bootstrap (tests/bootstrap/, too slow for the normal run)."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from . import bootstrap
from .accounting import OdooLog, Tally, closing_line, collect_tests, junit_counts, odoo_verdict
from .cluster import Cluster, chown_pg, free_port
from .common import LOG_DIR, MODULES, ROOT, rel, say
from .odoo_env import (
    ensure_demo_signing_pair,
    ensure_oca_addons,
    ensure_odoo,
    odoo_base_args,
    odoo_cmd,
    require_odoo,
)


def run_check(name, cmd, tally):
    """A static check counts as one test: passed when the tool exits 0."""
    say(f"== {name}: {' '.join(cmd)}")
    rc = subprocess.run(cmd, cwd=ROOT, check=False).returncode
    say(f"== {name}: {'ok' if rc == 0 else f'FAILED (exit {rc})'}")
    tally.add(*((1, 0) if rc == 0 else (0, 1)))


def tool(module, binary):
    """`python -m module` with the Python running ./dawa when it imports the module, else with
    the environment the bootstrap made (it has requirements-dev.txt), else the binary on
    PATH."""
    for python in (sys.executable, str(bootstrap.VENV_PYTHON)):
        if Path(python).exists() and subprocess.run(
                [python, "-c", f"import {module}"], capture_output=True,
                check=False).returncode == 0:
            return [python, "-m", module]
    if shutil.which(binary):
        return [binary]
    return None


def test_static(tally):
    ruff = tool("ruff", "ruff")
    pylint = tool("pylint", "pylint")
    if not ruff or not pylint:
        say("ruff / pylint not installed: pip install -r requirements-dev.txt")
        tally.add(0, 1)
        return
    run_check("ruff", [*ruff, "check", "addons", "tests", "dawa", "dawa_cli"], tally)
    mods = [f"addons/{m}" for m in MODULES if (ROOT / "addons" / m).is_dir()]
    run_check("pylint-odoo (OCA mandatory)",
              [*pylint, "--rcfile=.pylintrc-mandatory", "--output-format=text", *mods], tally)


def run_pytest(label, args, junit_name, tally):
    """pytest on `args`, from the repository, its JUnit report in LOG_DIR/`junit_name`:
    (return code, tests, failures, skipped), a failed call counting one failure at least;
    None (and one failure in `tally`) when pytest is not installed."""
    runner = tool("pytest", "pytest")
    if not runner:
        say("pytest not installed: pip install -r requirements-dev.txt")
        tally.add(0, 1)
        return None
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    junit = LOG_DIR / junit_name
    junit.unlink(missing_ok=True)
    say(f"== {label}: {' '.join(runner)} {args[0]}")
    rc = subprocess.run([*runner, *args, f"--junitxml={junit}"], cwd=ROOT,
                        check=False).returncode
    tests, failures, skipped = junit_counts(junit) if junit.exists() else (0, 0, 0)
    if rc != 0 and failures == 0:
        failures = 1
    return rc, tests, failures, skipped


def test_pytest(tally):
    result = run_pytest("pytest", ["tests", "-q", f"--ignore={OPS_TESTS}"], "pytest.xml", tally)
    if result is None:
        return
    rc, tests, failures, skipped = result
    if rc == 5 or (rc == 0 and tests == 0):  # 5: pytest collected no test at all
        say("== pytest: FAILED: no test collected in tests/")
        failures = max(failures, 1)
    if skipped:
        say(f"== pytest: {skipped} skipped (see the 'short test summary' above)")
    tally.add(max(tests - failures - skipped, 0), failures, skipped)


# Operations tests (real clusters and servers, minutes): their own part of `./dawa test`.
OPS_TESTS = "tests/ops"


def test_ops(tally):
    """pytest on tests/ops: the multi-process server, backup and restore, the read replica."""
    problem = require_odoo()
    if problem:
        say(problem)
        tally.add(0, 1)
        return
    result = run_pytest("ops", [OPS_TESTS, "-q", "--tb=short"], "pytest-ops.xml", tally)
    if result:
        _rc, tests, failures, skipped = result
        tally.add(max(tests - failures - skipped, 0), failures, skipped)


def test_odoo(tally, tags, log_path, full_run=False):
    problem = require_odoo()
    if problem:
        say(problem)
        tally.add(0, 1)
        return
    ensure_oca_addons()
    ensure_demo_signing_pair()
    collected = collect_tests(MODULES)
    say(f"== odoo: {collected.total} tests in the test files of {', '.join(MODULES)}")
    base = Path(tempfile.mkdtemp(prefix="dawa-test-", dir="/tmp"))
    chown_pg(base)
    cluster = Cluster(base, free_port())
    db = "dawa_test"
    log = OdooLog()
    proc = None
    rc = None

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    old_term = signal.signal(signal.SIGTERM, on_signal)
    try:
        say(f"== odoo: throwaway cluster in {base}, database {db!r}, tags {tags}")
        cluster.init()
        cluster.start()
        cluster.ensure_role()
        data_dir = base / "odoo-data"
        data_dir.mkdir()
        cmd = [
            *odoo_cmd(), *odoo_base_args(cluster.sock, cluster.port, data_dir),
            "-d", db, "-i", ",".join(MODULES), "--without-demo=all",
            "--test-enable", "--test-tags", tags, "--stop-after-init", "--log-level=test",
            "--http-interface=127.0.0.1", f"--http-port={free_port()}", "--workers=0",
            "--max-cron-threads=0",
            # browser tests' screenshots: in this clone (Odoo's default, /tmp/odoo_tests/<db>,
            # would be shared by concurrent runs of every clone)
            "--screenshots", str(LOG_DIR / "screenshots"),
        ]
        say("== odoo: " + " ".join(cmd))
        with open(log_path, "w", encoding="utf-8") as logfile:
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True, errors="replace")
            for line in proc.stdout:
                logfile.write(line)
                log.feed(line)
            rc = proc.wait()
        # -i only warns about unknown/uninstallable modules: check their state ourselves
        if cluster.has_db(db):
            not_installed = cluster.psql(
                "SELECT string_agg(m.name || '=' || coalesce(i.state, 'missing'), ', ') "
                f"FROM unnest(ARRAY[{', '.join(repr(m) for m in MODULES)}]) AS m(name) "
                "LEFT JOIN ir_module_module i ON i.name = m.name "
                "WHERE i.state IS DISTINCT FROM 'installed'", db=db)
        else:
            not_installed = "database not created"
    finally:
        if proc and proc.poll() is None:
            proc.terminate()
            proc.wait()
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)
        signal.signal(signal.SIGTERM, old_term)

    failed, errors, run = log.summary or (0, 0, 0)
    passed, bad, skipped, problems = odoo_verdict(log.summary, log.skipped, collected, full_run)
    if log.summary is None:
        problems.append("no test summary in Odoo's log")
    if log.stray_errors:
        problems.append(f"{log.stray_errors} ERROR/CRITICAL log line(s) outside test results")
    if not_installed:
        problems.append(f"add-ons not installed: {not_installed}")
    if rc != 0 and not (bad or problems):  # a failing run is already counted otherwise
        problems.append(f"Odoo exited with code {rc}")
    skipped_note = f", {skipped} skipped" if skipped else ""
    say(f"== odoo: {run} tests run, {failed} failed, {errors} error(s){skipped_note}; "
        f"log: {rel(log_path)}")
    if full_run and run > collected.total:
        say(f"== odoo: note: {run} tests ran, more than the {collected.total} found in the "
            "test files (generated tests?)")
    for problem in problems:
        say(f"== odoo: FAILED: {problem}")
    if problems:
        bad += 1
    tally.add(passed, bad, skipped)


# The check of the Odoo bootstrap: not a test_*.py file, so that no run of `pytest tests`
# collects it (it takes many minutes); given by name, pytest runs it.
BOOTSTRAP_CHECK = "tests/bootstrap/check_odoo_bootstrap.py"


def test_bootstrap(tally):
    """pytest on BOOTSTRAP_CHECK: a copy of the repository brings Odoo itself and serves."""
    result = run_pytest("bootstrap", [BOOTSTRAP_CHECK, "-q", "-s", "--tb=short"],
                        "pytest-bootstrap.xml", tally)
    if result:
        _rc, tests, failures, skipped = result
        tally.add(max(tests - failures - skipped, 0), failures, skipped)


def cmd_test(args):
    os.chdir(ROOT)
    tally = Tally()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    only = args.only
    if only in (None, "odoo", "ops"):
        problem = ensure_odoo()  # python3's Odoo 18.0, else the bootstrap brings it
        if problem and only != "ops":
            # nothing else makes sense without Odoo: one clear line, no traceback
            say(problem)
            say("0 passed, 1 failed")
            return 1
    if only in (None, "static"):
        test_static(tally)
    if only in (None, "pytest"):
        test_pytest(tally)
    if only in (None, "ops"):
        test_ops(tally)
    if only in (None, "odoo"):
        tags = args.tags or ",".join([*(f"/{m}" for m in MODULES), "/hr:TestSelfAccessProfile"])
        log_path = LOG_DIR / "odoo-test.log"
        try:
            test_odoo(tally, tags, log_path, full_run=not args.tags)
        except (subprocess.CalledProcessError, OSError) as exc:
            say(f"== odoo: FAILED to run: {exc}")
            tally.add(0, 1)
    if only == "bootstrap":
        test_bootstrap(tally)
    say(closing_line(tally.passed, tally.failed, tally.skipped))
    return 1 if tally.failed else 0
