"""`./dawa bench NAME`: benchmarks/bench_NAME.py in `odoo shell` on a scratch database, and
`./dawa bench load`, the peak hour against the multi-process server."""

import json
import os
import subprocess
import sys

from .cluster import free_port
from .common import LOG_DIR, ROOT, die, rel, say
from .odoo_env import odoo_cmd, require_odoo
from .server import (
    default_workers,
    odoo_server,
    odoo_shell_script,
    scratch_database,
    server_mode_args,
)

# Add-ons a benchmark needs installed, when more than dawa_approval.
BENCH_MODULES = {"staff": ["dawa_staff"]}


def cmd_bench(args):
    """Run benchmarks/bench_<name>.py in `odoo shell` on a scratch database of a throwaway
    cluster (dawa_approval installed, or the add-ons of BENCH_MODULES; no demo data)."""
    problem = require_odoo()
    if problem:
        die(problem)
    if args.name == "load":
        return bench_load(args)
    script = ROOT / "benchmarks" / f"bench_{args.name}.py"
    if not script.exists():
        die(f"no benchmark {script.relative_to(ROOT)}")
    with scratch_database("bench", BENCH_MODULES.get(args.name, ["dawa_approval"])) as odoo_args:
        say(f"== bench: {script.relative_to(ROOT)}")
        with open(script, encoding="utf-8") as code:
            # threads of one process, each with its cursor and its decision's own one
            result = subprocess.run([*odoo_cmd(), "shell", *odoo_args, "--log-level=warn",
                                     "--db_maxconn=128"], cwd=ROOT, stdin=code, check=False)
        return result.returncode



def bench_load(args):
    """`./dawa bench load`: the peak hour of benchmarks/bench_load.py against the
    multi-process server on a scratch database; ends with the line
    `load: N errors, p50 ratio R.RRx (50 vs 1 clients)` (a failed ledger check counts as
    one error)."""
    levels = [int(n) for n in args.clients.split(",")]
    workers = args.workers or default_workers()
    with scratch_database("load", ["dawa_approval"]) as odoo_args:
        teams = max(levels + [args.saturation_clients, 2 * workers])  # 2 x workers: warm-up
        seeded = odoo_shell_script(odoo_args, ROOT / "benchmarks" / "ops_seed.py",
                                   {"DAWA_OPS_TEAMS": str(teams)})
        if seeded.returncode:
            die("seeding the scratch database failed")
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log_path = LOG_DIR / "odoo-load.log"
        mode = server_mode_args(workers, free_port())
        with odoo_server(odoo_args, log_path, mode) as (url, _proc):
            say(f"== load: Odoo on {url}, {workers} HTTP workers ({os.cpu_count()} CPU cores), "
                f"log {rel(log_path)}")
            summary_path = LOG_DIR / "load-summary.json"
            summary_path.unlink(missing_ok=True)
            driver = subprocess.run([
                sys.executable, str(ROOT / "benchmarks" / "bench_load.py"), "--url", url,
                "--db", "dawa_scratch", "--clients", args.clients,
                "--duration", str(args.duration), "--think", str(args.think),
                "--saturation-clients", str(args.saturation_clients),
                "--saturation-duration", str(args.saturation_duration),
                "--workers", str(workers), "--summary", str(summary_path)],
                cwd=ROOT, check=False)
        if driver.returncode or not summary_path.exists():
            die("the load driver failed")
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        check = odoo_shell_script(odoo_args, ROOT / "benchmarks" / "load_check.py",
                                  capture=True)
        say(check.stdout.strip() or check.stderr.strip())
    errors = summary["errors"] + (0 if check.stdout.rstrip().endswith(": ok") else 1)
    say(f"load: {errors} errors, p50 ratio {summary['ratio']:.2f}x "
        f"({summary['high']} vs {summary['low']} clients)")
    return 1 if errors else 0

