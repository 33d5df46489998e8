"""Load benchmark: the bureau's peak hour played by N concurrent JSON-RPC clients on loopback
against a running multi-process Odoo (``./dawa bench load`` starts one on a scratch database
seeded by benchmarks/ops_seed.py, then runs this with the standard library's python).

Each client is a window clerk (clerk_K) with the colleagues who take his cases further: one
reviewer and one approver for 5 clerks, one seal keeper and one leader for 10 (reviewer_{K//5},
..., as benchmarks/ops_seed.py creates them: a bureau has fewer of them than of clerks, and
an accepted case schedules an activity for every reviewer); it plays, in turn, pausing
between actions as a person does (think time drawn between 0.5 and 1.5 times --think):

    receive    the clerk records an application (create) and checks its materials
    accept     the clerk accepts it (受理)
    desk       the clerk reads the window desk (open cases, first page)
    review     the reviewer starts the review, writes the opinion and submits it
    decide     the approver approves (the decision is numbered, under the ledger's lock)
    seal       the seal keeper seals it (a seal ledger line, under the ledger's lock)
    dashboard  the leader opens the dashboard
    export     the leader exports the team's last cases to XLSX

A client starts a cycle only before the end of the pass and always finishes it (no decision
is left unsealed). Prints per operation p50/p95 latency, operations/s and errors for each
number of clients, then a pass without think time (saturation throughput), and writes a JSON
summary (--summary) for ./dawa, which checks the ledger and prints the closing line.
"""

import argparse
import json
import math
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jsonrpc import Client  # noqa: E402 (benchmarks/ is not a package)

PASSWORD = "Dawa-Ops-2026!"  # noqa: S105 (benchmarks/ops_seed.py, scratch database)
# clerks per user of each role (benchmarks/ops_seed.py has the same table)
ROLE_SHARE = {"clerk": 1, "reviewer": 5, "approver": 5, "sealkeeper": 10, "leader": 10}
OPERATIONS = ("login", "receive", "accept", "desk", "review", "decide", "seal", "dashboard",
              "export")
CASE = "dawa.approval.case"
DESK_FIELDS = {"name": {}, "applicant_name": {}, "state": {}, "promised_deadline": {},
               "deadline_state": {}}


class Team:
    """One client: a session per role, the cases it handled, its timings and errors."""

    def __init__(self, url, db, team, item_id, think, rng):
        self.sessions = {role: Client(url, db) for role in
                         ("clerk", "reviewer", "approver", "sealkeeper", "leader")}
        self.team = team
        self.item_id = item_id
        self.think = think
        self.rng = rng
        self.timings = {operation: [] for operation in OPERATIONS}
        self.errors = []
        self.case_ids = []

    def timed(self, operation, func):
        start = time.perf_counter()
        try:
            result = func()
        except Exception as error:  # noqa: BLE001 - counted and printed
            self.errors.append(f"{operation}: {error}")
            raise
        self.timings[operation].append(time.perf_counter() - start)
        return result

    def pause(self):
        if self.think:
            time.sleep(self.think * self.rng.uniform(0.5, 1.5))

    def login(self):
        for role, client in self.sessions.items():
            login = f"{role}_{self.team // ROLE_SHARE[role]}"
            self.timed("login", lambda c=client, name=login: c.login(name, PASSWORD))

    def cycle(self):
        clerk, reviewer = self.sessions["clerk"], self.sessions["reviewer"]
        approver, sealkeeper = self.sessions["approver"], self.sessions["sealkeeper"]
        leader = self.sessions["leader"]

        def receive():
            case_id = clerk.call(CASE, "create", [{
                "applicant_type": "organization",
                "applicant_name": f"Load applicant {self.team}-{len(self.case_ids)}",
                "applicant_id_number": "91211100MA0YJ1C45H",
                "line_ids": [[0, 0, {"item_id": self.item_id}]],
            }])[0]
            clerk.call(CASE, "action_provide_all_materials", [case_id])
            return case_id

        def review():
            reviewer.call(CASE, "action_start_review", [case_id])
            reviewer.call(CASE, "write", [case_id], {"review_opinion": "Complete and lawful."})
            reviewer.call(CASE, "action_submit", [case_id])

        case_id = self.timed("receive", receive)
        self.case_ids.append(case_id)
        steps = [
            ("accept", lambda: clerk.call(CASE, "action_accept", [case_id])),
            ("desk", lambda: clerk.call(
                CASE, "web_search_read", [["state", "in", ["received", "correction"]]],
                specification=DESK_FIELDS, limit=80)),
            ("review", review),
            ("decide", lambda: approver.call(CASE, "action_approve", [case_id])),
            ("seal", lambda: sealkeeper.call(CASE, "action_seal", [case_id])),
            ("dashboard", lambda: leader.call(CASE, "get_dashboard_data")),
            ("export", lambda: leader.get(
                "/dawa/approval/export/cases",
                domain=json.dumps([["id", "in", self.case_ids[-20:]]]))),
        ]
        for operation, func in steps:
            self.pause()
            self.timed(operation, func)
        self.pause()


def run_pass(url, db, clients, duration, think, item_id, seed, logins_at_once=5):
    """`clients` teams for `duration` seconds; returns (teams, wall seconds). The teams log in
    first, `logins_at_once` at a time as people arrive in the morning (timed, outside the
    pass: a login hashes the password, about half a second of CPU)."""
    teams = [Team(url, db, index, item_id, think, random.Random(seed + index))
             for index in range(clients)]
    logged_in = []
    arriving = threading.Semaphore(logins_at_once)

    def login(team):
        try:
            with arriving:
                team.login()
            logged_in.append(team)
        except Exception:  # noqa: BLE001 - already counted in team.errors
            return

    def play(team):
        try:
            # people do not all arrive at the same second
            time.sleep(team.rng.uniform(0, think))
            while time.monotonic() < end:
                team.cycle()
        except Exception:  # noqa: BLE001 - already counted in team.errors
            return

    in_parallel(login, teams)
    end = time.monotonic() + duration
    wall = time.perf_counter()
    in_parallel(play, logged_in)
    return teams, time.perf_counter() - wall


def in_parallel(func, teams):
    threads = [threading.Thread(target=func, args=(team,)) for team in teams]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def warm_up(url, db, item_id, clients):
    """Every worker loads the registry on its first request: one cycle of `clients` teams at
    full speed before anything is measured (its errors are printed, not counted: the first
    applications of a month create the month's numbering range at the same moment, and Odoo
    runs one of them again)."""
    teams, wall = run_pass(url, db, clients, 0.1, 0, item_id, seed=-100)
    errors = [error for team in teams for error in team.errors]
    print(f"warm-up: {clients} clients, one cycle each, {wall:.0f} s, {len(errors)} errors")
    for error in errors[:5]:
        print(f"  warm-up error: {error}")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def report(title, teams, wall):
    """Print the table of one pass; returns its figures."""
    timings = {operation: [t for team in teams for t in team.timings[operation]]
               for operation in OPERATIONS}
    errors = [error for team in teams for error in team.errors]
    every = [t for operation in OPERATIONS if operation != "login" for t in timings[operation]]
    done = sum(len(team.timings["seal"]) for team in teams)
    print(f"{title}: wall {wall:.0f} s, {len(every)} operations ({len(every) / wall:.1f}/s), "
          f"{done} cases sealed ({done / wall * 60:.0f}/min), {len(errors)} errors")
    print(f"  {'operation':<10} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for operation in OPERATIONS:
        values = timings[operation]
        if values:
            print(f"  {operation:<10} {len(values):>6} {statistics.median(values) * 1000:>8.0f} "
                  f"{percentile(values, 0.95) * 1000:>8.0f} {max(values) * 1000:>8.0f}")
    if every:
        print(f"  {'all':<10} {len(every):>6} {statistics.median(every) * 1000:>8.0f} "
              f"{percentile(every, 0.95) * 1000:>8.0f} {max(every) * 1000:>8.0f}")
    for error in errors[:5]:
        print(f"  error: {error}")
    return {"errors": len(errors), "p50": statistics.median(every) if every else None,
            "per_operation": {op: statistics.median(v) for op, v in timings.items() if v},
            "sealed": done, "operations": len(every), "wall": wall}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--think", type=float, default=5)
    parser.add_argument("--saturation-clients", type=int, default=10)
    parser.add_argument("--saturation-duration", type=float, default=30)
    parser.add_argument("--workers", type=int, default=5, help="HTTP workers of the server")
    parser.add_argument("--summary", required=True, help="JSON file written for ./dawa")
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",")]
    probe = Client(args.url, args.db)
    probe.login("clerk_0", PASSWORD)
    item_id = probe.call("dawa.approval.item", "search", [["code", "=", "OPS-001"]])[0]
    print(f"load: peak hour on {args.url}, {args.duration:.0f} s per pass, think time "
          f"{args.think:g} s (0.5-1.5x, random) between actions; each client = a clerk "
          "and his colleagues (1 reviewer and 1 approver per 5 clerks, 1 seal keeper and "
          "1 leader per 10)")
    warm_up(args.url, args.db, item_id, 2 * args.workers)
    results = {}
    for clients in levels:
        teams, wall = run_pass(args.url, args.db, clients, args.duration, args.think,
                               item_id, seed=clients)
        results[str(clients)] = report(f"{clients} client(s), think {args.think:g} s",
                                       teams, wall)
    saturation = None
    if args.saturation_duration > 0:
        teams, wall = run_pass(args.url, args.db, args.saturation_clients,
                               args.saturation_duration, 0, item_id, seed=999)
        saturation = report(f"saturation: {args.saturation_clients} client(s), no think time",
                            teams, wall)
    low, high = str(min(levels)), str(max(levels))
    ratio = (results[high]["p50"] / results[low]["p50"]
             if results[high]["p50"] and results[low]["p50"] else float("nan"))
    print(f"p50 of all operations: {results[low]['p50'] * 1000:.0f} ms with {low} client(s), "
          f"{results[high]['p50'] * 1000:.0f} ms with {high}: ratio {ratio:.2f}x (target <= 2x)")
    errors = sum(r["errors"] for r in results.values()) + (saturation or {}).get("errors", 0)
    Path(args.summary).write_text(json.dumps({
        "errors": errors, "ratio": ratio, "low": low, "high": high, "levels": results,
        "saturation": saturation}), encoding="utf-8")


if __name__ == "__main__":
    main()
