"""Operations tests: they start real PostgreSQL clusters and real Odoo servers (run by
`./dawa test` as its `ops` part, not by the quick `pytest tests` part).

The session fixture `primary` makes one throwaway cluster with a database `ops` where
dawa_approval is installed without demo data and seeded by benchmarks/ops_seed.py (one team of
users, an item, the approval seal, three cases decided and sealed with their decision PDF
attached). Each test starts what else it needs (servers, a replica, a second cluster) and
stops it.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from dawa_cli import common, odoo_env, server
from dawa_cli.cluster import Cluster, chown_pg, free_port

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
SEEDED_CASES = 3


def new_cluster(prefix):
    """A started throwaway cluster (with the role odoo) and its base directory."""
    base = Path(tempfile.mkdtemp(prefix=f"dawa-{prefix}-", dir="/tmp"))
    chown_pg(base)
    cluster = Cluster(base, free_port())
    cluster.init()
    cluster.start()
    cluster.ensure_role()
    return cluster


def odoo_args(cluster, data_dir, db):
    return [*odoo_env.odoo_base_args(cluster.sock, cluster.port, data_dir), "-d", db,
            "--no-http", "--workers=0", "--max-cron-threads=0"]


def record(line):
    """Append a figure of a test to .local/test-logs/ops-figures.txt (read for the notes)."""
    common.LOG_DIR.mkdir(parents=True, exist_ok=True)
    with open(common.LOG_DIR / "ops-figures.txt", "a", encoding="utf-8") as figures:
        figures.write(line + "\n")


def shell(args, code):
    """Run Python `code` in `odoo shell` on the database of `args`; returns its stdout."""
    result = subprocess.run([*odoo_env.odoo_cmd(), "shell", *args, "--log-level=warn"], cwd=ROOT,
                            input=code, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture(scope="session")
def primary():
    problem = odoo_env.require_odoo()
    if problem:
        pytest.skip(problem)
    cluster = new_cluster("ops")
    try:
        data_dir = cluster.base / "odoo-data"
        data_dir.mkdir()
        args = odoo_args(cluster, data_dir, "ops")
        subprocess.run([*odoo_env.odoo_cmd(), *args, "-i", "dawa_approval", "--without-demo=all",
                        "--stop-after-init", "--log-level=warn"], cwd=ROOT, check=True)
        seeded = server.odoo_shell_script(args, ROOT / "benchmarks" / "ops_seed.py",
                                        {"DAWA_OPS_CASES": str(SEEDED_CASES)})
        assert seeded.returncode == 0
        yield SimpleNamespace(cluster=cluster, data_dir=data_dir, args=args, db="ops")
    finally:
        cluster.stop()
        shutil.rmtree(cluster.base, ignore_errors=True)
