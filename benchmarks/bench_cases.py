"""Benchmark: bulk case creation, the deadline computation and simultaneous
approvals.

Runs inside ``odoo shell`` on a scratch database with dawa_approval installed (``./dawa bench
cases`` makes one). Prints rows/s, queries per batch, latencies and the ratios against baselines
measured in the same run:

- case creation through the ORM vs. a plain multi-row INSERT of the same rows
  (cases, their lines and their material checks); target ≤ 20×;
- the deadline computation over the cases vs. the same pure-Python functions the refresh
  calls per case (deadlines, provisional flag, deadline state) on the same (start, days)
  pairs, without the database; target ≤ 2× with one query per batch;
- 50 approvals released at the same moment by 10 approvers, each in its own thread and cursor,
  wrapped in Odoo's ``retrying`` as an RPC call is (tracking on): errors (target 0), retries,
  p50/p95 latency and the chain and numbers checked, against one approval alone (median of
  five, same path) measured just before.

The deadline figures are the best of five runs; those two parts are rolled back at the end. The
approvals are committed (each in its own transaction, as in production): the scratch database is
dropped afterwards.
"""

import logging
import math
import random
import re
import statistics
import threading
import time
from datetime import date, datetime, timedelta

from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.service.model import retrying
from odoo.tools import SQL

from odoo.addons.dawa_approval.models.dawa_approval_case_deadline import running_deadline
from odoo.addons.dawa_approval.models.dawa_seal_usage import rpc_env
from odoo.addons.dawa_approval.tools.deadlines import case_deadline_values, deadline_state

CASES = 10_000
BATCH = 500
random.seed(20261127)

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (odoo shell)
cr = env.cr
bureau = env.ref("dawa_approval.agency_bureau")
env["dawa.seal"].create({
    "name": "Benchmark approval seal", "code": "BENCH-SEAL", "kind": "approval",
    "agency_id": bureau.id, "state": "in_use",
})
items = env["dawa.approval.item"].create([{
    "name": f"Benchmark item {index}",
    "code": f"BENCH-{index:03d}",
    "source_agency_id": bureau.id,
    "legal_basis": "-",
    "statutory_days": 20,
    "promised_days": 1 + index % 15,
    "material_ids": [Command.create({"name": f"Material {m}"}) for m in range(4)],
} for index in range(20)])
items.action_publish()
materials_by_item = {item.id: item.material_ids.ids for item in items}
env.flush_all()


def case_rows(count):
    """(applicant, items) of ``count`` cases, one item in four cases out of five, else two."""
    rows = []
    for index in range(count):
        picked = random.sample(items.ids, 1 if index % 5 else 2)
        rows.append((f"Applicant {index}", picked))
    return rows


def timed(func, repeat=1, keep=True):
    """Best time of ``repeat`` runs (each rolled back but the last, unless ``keep`` is
    false), queries of one run and the last run's result."""
    best = None
    for run in range(repeat):
        rollback = run < repeat - 1 or not keep
        if rollback:
            cr.execute("SAVEPOINT bench")
        count0 = cr.sql_log_count
        start = time.perf_counter()
        result = func()
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries = cr.sql_log_count - count0
        best = elapsed if best is None else min(best, elapsed)
        if rollback:
            cr.execute("ROLLBACK TO SAVEPOINT bench")
            env.invalidate_all()
    return best, queries, result


def orm_create(rows):
    cases = env["dawa.approval.case"]
    for offset in range(0, len(rows), BATCH):
        cases |= env["dawa.approval.case"].create([{
            "applicant_name": applicant,
            "line_ids": [Command.create({"item_id": item_id, "sequence": seq})
                         for seq, item_id in enumerate(item_ids)],
        } for applicant, item_ids in rows[offset:offset + BATCH]])
    return cases


def sql_insert(rows):
    """The same rows, with the same columns, into the same tables (and their indexes), with
    plain multi-row INSERTs: one statement per table and batch."""
    uid, today, now = env.uid, date.today(), datetime.now()
    item_limits = {item.id: (item.promised_days, item.statutory_days) for item in items}
    material_values = {material.id: (material.item_id.id, material.sequence, material.name,
                                     material.required, material.tolerance_allowed)
                       for material in items.material_ids}
    audit = (uid, now, uid, now)
    for offset in range(0, len(rows), BATCH):
        batch = rows[offset:offset + BATCH]
        cr.execute(SQL(
            """INSERT INTO dawa_approval_case (name, applicant_name, applicant_type, channel,
                   state, active, user_id, received_date, deadline_state, promised_days,
                   statutory_days, main_item_id, is_joint, create_uid, create_date, write_uid,
                   write_date)
               VALUES %s RETURNING id""",
            SQL(", ").join(
                SQL("(%s, %s, 'organization', 'window', 'received', true, %s, %s, 'normal', "
                    "%s, %s, %s, %s, %s, %s, %s, %s)",
                    f"SQL{offset + index}", applicant, uid, today,
                    max(item_limits[i][0] for i in item_ids),
                    45 if len(item_ids) > 1 else item_limits[item_ids[0]][1],
                    item_ids[0], len(item_ids) > 1, *audit)
                for index, (applicant, item_ids) in enumerate(batch))))
        case_ids = [row[0] for row in cr.fetchall()]
        lines = [(case_id, seq, item_id)
                 for case_id, (_a, item_ids) in zip(case_ids, batch, strict=True)
                 for seq, item_id in enumerate(item_ids)]
        cr.execute(SQL(
            """INSERT INTO dawa_approval_case_line (case_id, sequence, item_id, create_uid,
                   create_date, write_uid, write_date) VALUES %s""",
            SQL(", ").join(SQL("(%s, %s, %s, %s, %s, %s, %s)", *line, *audit)
                           for line in lines)))
        checks = [(case_id, material_id, *material_values[material_id])
                  for case_id, _seq, item_id in lines
                  for material_id in materials_by_item[item_id]]
        cr.execute(SQL(
            """INSERT INTO dawa_approval_case_material (case_id, item_material_id, item_id,
                   sequence, name, required, tolerance_allowed, provided, tolerated,
                   create_uid, create_date, write_uid, write_date) VALUES %s""",
            SQL(", ").join(SQL("(%s, %s, %s, %s, %s, %s, %s, false, false, %s, %s, %s, %s)",
                               *check, *audit) for check in checks)))


rows = case_rows(CASES)
batches = len(rows) // BATCH
# One run each (rows rolled back within a transaction stay in the indexes until VACUUM, so
# repeating these bulk loads would measure bloat): the INSERTs first, rolled back, then the ORM.
sql_time, sql_queries, _ = timed(lambda: sql_insert(rows), keep=False)
orm_time, orm_queries, cases = timed(lambda: orm_create(rows))
lines = sum(len(item_ids) for _a, item_ids in rows)
print(f"cases: {CASES} cases, {lines} lines, {len(cases.material_ids)} material checks, "
      f"batches of {BATCH}")
print(f"  ORM create      {orm_time:8.2f} s  {CASES / orm_time:9.0f} cases/s  "
      f"{orm_queries / batches:7.1f} queries/batch")
print(f"  SQL INSERT      {sql_time:8.2f} s  {CASES / sql_time:9.0f} cases/s  "
      f"{sql_queries / batches:7.1f} queries/batch")
print(f"  ratio ORM/INSERT: {orm_time / sql_time:.1f}x (target <= 20x)")

# Deadlines: put every case under review with a clock started on a random day of 2026, then
# time the daily refresh (deadlines and deadline state, one query per batch) against the same
# working-day arithmetic in pure Python on the same values.
starts = [date(2026, 1, 1) + timedelta(days=random.randrange(365)) for _i in range(CASES)]
cr.execute(SQL(
    "UPDATE dawa_approval_case SET state = 'review', clock_start_date = data.day "
    "FROM (VALUES %s) AS data(id, day) WHERE dawa_approval_case.id = data.id",
    SQL(", ").join(SQL("(%s, %s::date)", case_id, day)
                   for case_id, day in zip(cases.ids, starts, strict=False))))
cr.execute("ANALYZE dawa_approval_case")  # as autovacuum would after a bulk load
env.invalidate_all()
Case = env["dawa.approval.case"]
calendar = env["dawa.holiday"]._get_work_calendar()
today, threshold = date(2026, 7, 1), 3
limits = {row["id"]: (row["promised_days"], row["statutory_days"])
          for row in cases.read(["promised_days", "statutory_days"])}
inputs = [(start, *limits[case_id]) for case_id, start in zip(cases.ids, starts, strict=False)]
env.invalidate_all()
DEADLINE_BATCH = 1000
deadline_batches = CASES // DEADLINE_BATCH


def pure():
    """The refresh's own arithmetic (the functions it calls per case), without the database."""
    for start, promised_days, statutory_days in inputs:
        new = case_deadline_values(calendar, start, promised_days, statutory_days, 0, 0, None)
        running = running_deadline("review", False, new["promised_deadline"],
                                   new["delivery_deadline"])
        deadline_state(calendar, today, running, threshold)


def refresh():
    return list(Case._iter_deadline_changes(calendar, today, threshold,
                                            batch_size=DEADLINE_BATCH))


pure_time, _q, _ = timed(pure, repeat=5)
orm_time, orm_queries, changes = timed(refresh, repeat=5)
print(f"deadline refresh: {CASES} open cases ({len(changes)} with new values), "
      f"batches of {DEADLINE_BATCH}")
print(f"  refresh pass    {orm_time:8.3f} s  {CASES / orm_time:9.0f} cases/s  "
      f"{orm_queries / deadline_batches:7.1f} queries/batch")
print(f"  pure Python     {pure_time:8.3f} s  {CASES / pure_time:9.0f} cases/s")
print(f"  ratio refresh/pure: {orm_time / pure_time:.2f}x (target <= 2x, 1 query per batch)")
cr.rollback()

# Simultaneous approvals: committed fixtures (a seal, an item, approvers, accepted cases), then
# one approval alone five times (the baseline), then 50 released together behind a barrier.
SIMULTANEOUS = 50
APPROVERS = 10
ALONE = 5
registry = env.registry
logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)  # the refused locks, retried
logging.getLogger("odoo.service.model").setLevel(logging.WARNING)  # "try again in ..."
env["dawa.seal"].create({
    "name": "Benchmark approval seal", "code": "BENCH-SEAL", "kind": "approval",
    "agency_id": bureau.id, "state": "in_use",
})
race_item = env["dawa.approval.item"].create({
    "name": "Benchmark race item", "code": "BENCH-RACE", "source_agency_id": bureau.id,
    "legal_basis": "-", "statutory_days": 0, "promised_days": 0,
    "case_kind": "instant",  # decided straight after acceptance, without the review step
    "material_ids": [Command.create({"name": f"Material {m}"}) for m in range(4)],
})
race_item.action_publish()
approver_ids = env["res.users"].create([{
    "name": f"Benchmark approver {index}",
    "login": f"bench_approver_{index}",
    "groups_id": [Command.set(env.ref("dawa_approval.group_approver").ids)],
    "dawa_agency_id": bureau.id,
} for index in range(APPROVERS)]).ids
race_cases = env["dawa.approval.case"].create([{
    "applicant_type": "organization",
    "applicant_name": f"Race applicant {index}",
    "applicant_id_number": "91211100MA0YJ1C45H",
    "line_ids": [Command.create({"item_id": race_item.id})],
} for index in range(ALONE + SIMULTANEOUS)])
race_cases.material_ids.write({"provided": True})
race_cases.action_accept()
cr.commit()


def approve(case_id, uid, barrier=None):
    """Approve one case as the web client's button does: own cursor, ``retrying``, the call
    in its own turn of the seal ledger (``rpc_env``, as controllers/dataset.py runs it),
    commit. Returns (seconds, tries, error)."""
    tries = []
    with registry.cursor() as thread_cr:
        thread_env = api.Environment(thread_cr, uid, {})

        def call():
            tries.append(1)
            with rpc_env(thread_env, "dawa.approval.case", "action_approve") as call_env:
                call_env["dawa.approval.case"].browse(case_id).action_approve()

        if barrier:
            barrier.wait()
        start = time.perf_counter()
        try:
            retrying(call, thread_env)
            error = None
        except Exception as exc:  # noqa: BLE001 - counted and printed
            error = repr(exc)
        return time.perf_counter() - start, len(tries), error


alone = [approve(case_id, approver_ids[0]) for case_id in race_cases.ids[:ALONE]]
baseline = statistics.median(seconds for seconds, _tries, _error in alone)
results = [None] * SIMULTANEOUS
barrier = threading.Barrier(SIMULTANEOUS)


def run(index, case_id):
    results[index] = approve(case_id, approver_ids[index % APPROVERS], barrier)


threads = [threading.Thread(target=run, args=(index, case_id))
           for index, case_id in enumerate(race_cases.ids[ALONE:])]
wall = time.perf_counter()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
wall = time.perf_counter() - wall
latencies = sorted(seconds for seconds, _tries, _error in results)
errors = [error for _seconds, _tries, error in results if error]
attempts = [tries for _seconds, tries, _error in results]
retried = sum(attempts) - len(attempts)
p50 = statistics.median(latencies)
p95 = latencies[math.ceil(0.95 * len(latencies)) - 1]  # nearest rank
with registry.cursor() as check_cr:
    check_env = api.Environment(check_cr, SUPERUSER_ID, {})
    chain = check_env["dawa.seal.usage"].verify_chain()
    refs = check_env["dawa.approval.case"].browse(race_cases.ids).mapped("decision_ref")
numbers = sorted(int(re.search(r"〕(\d+)号$", ref)[1]) for ref in refs if ref)
consecutive = numbers == list(range(1, len(race_cases) + 1))
print(f"simultaneous approvals: {SIMULTANEOUS} cases by {APPROVERS} approvers at once, "
      f"threads with their own cursor, retried as RPC calls")
print(f"  one alone       {baseline * 1000:8.1f} ms  (median of {ALONE})")
print(f"  together p50    {p50 * 1000:8.1f} ms  p95 {p95 * 1000:8.1f} ms  "
      f"max {latencies[-1] * 1000:8.1f} ms  wall {wall:6.2f} s")
print(f"  ratio p50/alone: {p50 / baseline:.1f}x  p95/alone: {p95 / baseline:.1f}x")
print(f"  errors: {len(errors)} (target 0)  retries: {retried}  "
      f"chain ok: {chain['ok']} ({chain['checked']} lines)  "
      f"numbers 1..{len(race_cases)} without gap: {consecutive}")
print("  approvals per number of tries (of 5 at most): " + ", ".join(
    f"{number}: {attempts.count(number)}" for number in range(1, 6)))
for error in errors[:5]:
    print(f"  error: {error}")
