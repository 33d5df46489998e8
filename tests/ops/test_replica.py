"""Reports on a read replica: with `db_replica_host` pointing at a streaming replica
(pg_basebackup -R), the dashboard and the XLSX exports query the replica, while a case the
clerk creates is written on the primary. Both clusters log every statement; the test reads
what each one received while the reports ran and while the clerk wrote."""

import json
import shutil
import subprocess
import time
from pathlib import Path

from conftest import record
from jsonrpc import Client

from dawa_cli.cluster import Cluster, as_pg_owner, chown_pg, free_port
from dawa_cli.common import PG_SUPERUSER
from dawa_cli.server import odoo_server

PASSWORD = "Dawa-Ops-2026!"  # noqa: S105 (benchmarks/ops_seed.py)


def start_replica(primary_cluster):
    """A hot standby of `primary_cluster` streaming from it, in its own throwaway cluster."""
    primary_cluster.psql("ALTER SYSTEM SET log_statement = 'all'")
    primary_cluster.psql("SELECT pg_reload_conf()")
    base = Path(primary_cluster.base.parent / (primary_cluster.base.name + "-replica"))
    base.mkdir()
    chown_pg(base)
    replica = Cluster(base, free_port())
    replica.sock.mkdir()
    chown_pg(replica.sock)  # pg_basebackup makes the data directory itself (mode 0700)
    try:
        subprocess.run(as_pg_owner([
            str(replica.bindir / "pg_basebackup"), "-h", str(primary_cluster.sock), "-p",
            str(primary_cluster.port), "-U", PG_SUPERUSER, "-D", str(replica.data),
            "-R", "-X", "stream", "--checkpoint=fast"]), check=True)
        with open(replica.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"\nunix_socket_directories = '{replica.sock}'\nport = {replica.port}\n")
        replica.start()
    except Exception:
        replica.stop()
        shutil.rmtree(base, ignore_errors=True)
        raise
    assert replica.psql("SELECT pg_is_in_recovery()") == "t"
    return replica


class Log:
    """The statements a cluster logged since the last mark."""

    def __init__(self, cluster):
        self.path = cluster.sock / "postgres.log"
        self.offset = 0

    def mark(self):
        self.offset = self.path.stat().st_size

    def since(self):
        with open(self.path, encoding="utf-8", errors="replace") as log:
            log.seek(self.offset)
            return [line for line in log.read().splitlines() if "statement: " in line]


def on_cases(statements, verb):
    return [s for s in statements if verb in s and "dawa_approval_case" in s]


def test_reports_run_on_the_replica(primary, tmp_path):
    replica = start_replica(primary.cluster)
    try:
        extra = ["--db_replica_host", str(replica.sock), "--db_replica_port", str(replica.port)]
        with odoo_server(primary.args, tmp_path / "odoo.log", extra=extra) as (url, _p):
            leader = Client(url, primary.db)
            leader.login("leader_0", PASSWORD)
            clerk = Client(url, primary.db)
            clerk.login("clerk_0", PASSWORD)
            leader.call("dawa.approval.case", "get_dashboard_data")  # warm the workers
            primary_log, replica_log = Log(primary.cluster), Log(replica)
            primary_log.mark()
            replica_log.mark()
            dashboard = leader.call("dawa.approval.case", "get_dashboard_data")
            workbook = leader.get("/dawa/approval/export/cases", domain=json.dumps([]))
            statistics = leader.get("/dawa/approval/export/statistics",
                                    date_from="2020-01-01", date_to="2040-12-31")
            time.sleep(1)  # the logger's flush
            report_primary, report_replica = primary_log.since(), replica_log.since()

            primary_log.mark()
            replica_log.mark()
            case_id = clerk.call("dawa.approval.case", "create", [{
                "applicant_type": "organization", "applicant_name": "Replica Test Co",
                "applicant_id_number": "91211100MA0YJ1C45H",
                "line_ids": [[0, 0, {"item_id": clerk.call(
                    "dawa.approval.item", "search", [["code", "=", "OPS-001"]])[0]}]]}])[0]
            time.sleep(1)
            write_primary, write_replica = primary_log.since(), replica_log.since()
        assert sum(state["count"] for state in dashboard["states"]) == 3
        assert workbook[:2] == b"PK" and statistics[:2] == b"PK"  # XLSX (zip) files
        # the reports' queries on the cases ran on the replica, none on the primary
        assert len(on_cases(report_replica, "SELECT")) >= 3, report_replica
        assert not on_cases(report_primary, "SELECT"), report_primary
        # the clerk's new case was written on the primary, and reached the replica by WAL
        assert on_cases(write_primary, "INSERT INTO"), write_primary
        record(f"replica: during dashboard + 2 exports, {len(on_cases(report_replica, 'SELECT'))}"
               f" SELECTs on the cases on the replica ({len(report_replica)} statements), "
               f"{len(on_cases(report_primary, 'SELECT'))} on the primary "
               f"({len(report_primary)} statements: sessions, routing); the new case: "
               f"{len(on_cases(write_primary, 'INSERT INTO'))} INSERT on the primary, "
               f"{len(on_cases(write_replica, 'INSERT INTO'))} on the replica")
        assert not on_cases(write_replica, "INSERT INTO")
        deadline = time.monotonic() + 30
        while replica.psql(f"SELECT count(*) FROM dawa_approval_case WHERE id = {case_id}",
                           db=primary.db) != "1":
            assert time.monotonic() < deadline, "the replica did not replay the new case"
            time.sleep(0.5)
    finally:
        replica.stop()
        shutil.rmtree(replica.base, ignore_errors=True)
        primary.cluster.psql("ALTER SYSTEM RESET log_statement")
        primary.cluster.psql("SELECT pg_reload_conf()")
