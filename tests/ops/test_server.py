"""The server stays up: silent clients past the real-time limit do not stop a fourth one from
logging in and reading the window desk, and a reload (SIGHUP, what Odoo does itself after a
limit) re-executes the server through bin/dawa-odoo and it answers again."""

import os
import signal
import socket
import threading
import time

from conftest import ROOT, record
from jsonrpc import Client

from dawa_cli.cluster import free_port
from dawa_cli.server import odoo_server, server_mode_args, wait_http

PASSWORD = "Dawa-Ops-2026!"  # noqa: S105 (benchmarks/ops_seed.py)
LIMIT = 15  # limit_time_real of the test server, seconds (a login under load takes a few)
DESK = {"name": {}, "applicant_name": {}, "state": {}, "promised_deadline": {}}


def read_desk(url, db):
    """A new client logs in as the clerk and reads the first page of the desk."""
    client = Client(url, db, timeout=30)
    client.login("clerk_0", PASSWORD)
    page = client.call("dawa.approval.case", "web_search_read", [], specification=DESK,
                       limit=80)
    return page["length"]


def wait_restarted(url, proc, log_path, mark):
    """Wait until the log shows a new start after `mark` and /web/health answers."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited instead of restarting"
        text = log_path.read_text(encoding="utf-8", errors="replace")[mark:]
        if "HTTP service (werkzeug) running" in text:
            wait_http(url + "/web/health", proc, timeout=120)
            return text
        time.sleep(0.5)
    raise AssertionError("the server did not restart")


def reload_and_check(url, proc, log_path, db, cases):
    mark = len(log_path.read_text(encoding="utf-8", errors="replace"))
    start = time.perf_counter()
    os.kill(proc.pid, signal.SIGHUP)
    restarted = wait_restarted(url, proc, log_path, mark)
    assert "ImportError" not in restarted, restarted[-3000:]
    assert read_desk(url, db) == cases
    record(f"server: SIGHUP -> re-executed and answering in {time.perf_counter() - start:.1f} s")


def test_multi_process_server_survives_silent_clients(primary, tmp_path):
    log_path = tmp_path / "odoo.log"
    gevent_port = free_port()
    mode = server_mode_args(None, gevent_port)
    with odoo_server(primary.args, log_path, mode,
                          extra=[f"--limit-time-real={LIMIT}"]) as (url, proc):
        # the gevent process of the live bus is up too (it serves the same application)
        wait_http(f"http://127.0.0.1:{gevent_port}/web/health", proc, timeout=120)
        cases = read_desk(url, primary.db)
        assert cases >= 3  # the seeded cases (the replica test may add one)
        port = int(url.rsplit(":", 1)[1])
        silent = [socket.create_connection(("127.0.0.1", port)) for _i in range(3)]
        silent[2].sendall(b"GET /web/login HTTP/1.1\r\n")  # a request that never ends
        answers, failures = [], []
        stop = threading.Event()

        def fourth_client():
            while not stop.is_set():
                start = time.perf_counter()
                try:
                    answers.append((read_desk(url, primary.db), time.perf_counter() - start))
                except Exception as error:  # noqa: BLE001 - asserted below
                    failures.append(repr(error))
                time.sleep(0.2)

        worker = threading.Thread(target=fourth_client)
        worker.start()
        time.sleep(2 * LIMIT + 2)  # the silent connections outlive the real-time limit
        stop.set()
        worker.join()
        for sock in silent:
            sock.close()
        assert not failures, failures
        assert len(answers) >= 5, answers
        assert all(count == cases for count, _seconds in answers)
        assert max(seconds for _count, seconds in answers) < 10, answers
        assert read_desk(url, primary.db) == cases  # afterwards
        record(f"server: {len(answers)} logins + desk reads while 3 silent connections were "
               f"held {2 * LIMIT + 2} s (limit_time_real {LIMIT} s), 0 failures, slowest "
               f"{max(seconds for _c, seconds in answers):.2f} s")
        reload_and_check(url, proc, log_path, primary.db, cases)
    assert "ImportError" not in log_path.read_text(encoding="utf-8", errors="replace")


def test_dev_server_reloads(primary, tmp_path):
    """`./dawa run --dev`: one threaded process, which also re-executes itself on reload."""
    log_path = tmp_path / "odoo.log"
    with odoo_server(primary.args, log_path, ["--workers=0"]) as (url, proc):
        cases = read_desk(url, primary.db)
        reload_and_check(url, proc, log_path, primary.db, cases)
    assert ROOT.joinpath("bin", "dawa-odoo").is_file()
