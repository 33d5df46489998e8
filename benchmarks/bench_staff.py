"""Benchmark: the case figures of the evaluations, one pass per period.

Runs inside ``odoo shell`` on a scratch database with dawa_staff installed (``./dawa bench
staff`` makes one). 500 seconded people each decide cases in 2026 (some late, some rated
dissatisfied, some rectified); two periods are opened, one with 50 of them and one with all
500, and the figures of their evaluations are refreshed. Prints the queries and the time of
one refresh per period, and their ratio: the query count must not grow with the people.
Everything is rolled back at the end.
"""

import random
import time
from datetime import date, timedelta

from odoo.tools import SQL

PEOPLE = 500
CASES_PER_PERSON = 4
SIZES = (50, 500)
REPEAT = 5
random.seed(20261201)

env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,  # noqa: F821
                       no_reset_password=True, mail_notrack=True))
cr = env.cr
water = env.ref("dawa_approval.agency_water")

started = time.perf_counter()
users = env["res.users"].create([{
    "name": f"Bench staff {index}", "login": f"bench_staff_{index}",
} for index in range(PEOPLE)])
employees = env["hr.employee"].create([{
    "name": user.name, "user_id": user.id, "origin_agency_id": water.id,
    "establishment_type": "civil_servant" if index % 2 else "public_institution",
} for index, user in enumerate(users)])
secondments = env["dawa.staff.secondment"].create([{
    "employee_id": employee.id, "origin_agency_id": water.id, "date_start": "2025-01-01",
} for employee in employees])
secondments.action_start()

# decided cases, written directly as superuser (the workflow guard trusts it): received by
# one person, reviewed and approved by two others
case_vals = []
for index, user in enumerate(users):
    for number in range(CASES_PER_PERSON):
        start = date(2026, 1, 5) + timedelta(days=random.randrange(300))
        decided = start + timedelta(days=random.choice((0, 1, 2, 3, 8)))
        case_vals.append({
            "applicant_name": f"Applicant {index}-{number}",
            "user_id": user.id,
            "reviewer_id": users[(index + 1) % PEOPLE].id,
            "approver_id": users[(index + 2) % PEOPLE].id,
            "state": "approved", "decision": "approved",
            "received_date": start, "accepted_date": start, "clock_start_date": start,
            "decision_date": decided,
            "rating": random.choice(("5", "5", "4", "3", "1")),
        })
cases = env["dawa.approval.case"].create(case_vals)
bad = cases.filtered(lambda case: case.rating == "1")
env["dawa.approval.rectification"].create([{
    "case_id": case.id, "rating": case.rating, "deadline": case.decision_date,
} for case in bad[: len(bad) // 2]])
env.flush_all()
# the planner's statistics as autovacuum keeps them on a live database (the rows above are
# not committed: autovacuum cannot see them)
for table in ("dawa_approval_case", "dawa_approval_rectification", "hr_employee",
              "res_users", "dawa_staff_evaluation"):
    cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
print(f"setup: {PEOPLE} people, {len(cases)} cases, {len(bad)} dissatisfied ratings "
      f"({time.perf_counter() - started:.1f} s)")

Period = env["dawa.staff.evaluation.period"]
results = {}
for size in SIZES:
    period = Period.create({"name": f"Bench {size}", "kind": "year",
                            "date_from": "2026-01-01", "date_to": "2026-12-31"})
    evaluations = env["dawa.staff.evaluation"].create([{
        "period_id": period.id, "employee_id": employee.id,
    } for employee in employees[:size]])
    env.flush_all()
    best, queries = None, []
    for _run in range(REPEAT):
        env.invalidate_all()
        evaluations = evaluations.browse(evaluations.ids)
        count0 = cr.sql_log_count
        start = time.perf_counter()
        evaluations._refresh_metrics()
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries.append(cr.sql_log_count - count0)
        best = elapsed if best is None else min(best, elapsed)
    # the first run writes every figure; the next ones find them unchanged
    queries = queries[0]
    results[size] = (queries, best)
    # the figures are those of the cases
    sample = evaluations[7]
    user = sample.employee_id.user_id
    mine = cases.filtered(lambda case, user=user: user in (
        case.user_id | case.reviewer_id | case.approver_id))
    assert sample.metric_case_count == len(mine), (sample.metric_case_count, len(mine))
    assert sample.metric_on_time_count == len(mine.filtered("on_time"))
    assert sample.metric_bad_rating_count == len(mine.filtered(lambda case: case.rating == "1"))
    print(f"refresh of the figures, {size} people: {queries} queries (first run, every "
          f"figure written), {best * 1000:.0f} ms "
          f"(best of {REPEAT}), {best * 1000 / size:.2f} ms per person")

small, large = (results[size] for size in SIZES)
print(f"queries per period: {small[0]} for {SIZES[0]} people, {large[0]} for {SIZES[1]} people "
      f"(ratio {large[0] / small[0]:.2f}); time ratio {large[1] / small[1]:.1f} for "
      f"{SIZES[1] // SIZES[0]}x the people")
cr.rollback()
