"""Benchmark: the XLSX export of a case list.

Runs inside ``odoo shell`` on a scratch database with dawa_approval installed (``./dawa bench
export`` makes one). 100,000 cases are inserted with one plain SQL statement (the fixture is not
what is measured), then the same cases are written to XLSX twice:

- the ORM-backed export of the add-on (``_write_cases_xlsx``: ``_search`` with access rights
  and record rules, 2,000 cases per query, names of items and agencies through the ORM, each
  row written at once);
- plain xlsxwriter (constant_memory) writing the same rows from a prepared Python list.

Prints time (best of three runs), peak traced memory (tracemalloc, a separate run) at 20,000 and
100,000 rows, the ratios, and the process' peak RSS. Targets: time ≤ 1.5× plain xlsxwriter;
flat memory (the peak at 100,000 rows about the peak at 20,000). Everything is rolled back.
"""

import resource
import tempfile
import time
import tracemalloc

import xlsxwriter

from odoo.fields import Command
from odoo.tools import SQL

from odoo.addons.dawa_approval.tools import xlsx_layout

CASES = 100_000
SMALL = 20_000
ITEMS = 40
REPEAT = 3  # timed runs of each export; the best one counts

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (odoo shell)
cr = env.cr
Case = env["dawa.approval.case"]
agencies = env["dawa.agency"].search([("code", "!=", False)])
items = env["dawa.approval.item"].create([{
    "name": f"基准测试事项 {index}",
    "code": f"BENCH-{index:03d}",
    "source_agency_id": agencies[index % len(agencies)].id,
    "legal_basis": "-",
    "statutory_days": 20,
    "promised_days": 1 + index % 15,
    "material_ids": [Command.create({"name": "申请表"})],
} for index in range(ITEMS)])
env.flush_all()

# The fixture: one INSERT ... SELECT over generate_series (cases in every state, dates spread
# over 2026), then one line per case.
start = time.perf_counter()
cr.execute(SQL(
    """INSERT INTO dawa_approval_case (
           name, applicant_name, applicant_type, channel, state, active, user_id,
           received_date, accepted_date, decision_date, promised_deadline, statutory_deadline,
           deadline_state, on_time, rating, decision, main_item_id, agency_id, is_joint,
           promised_days, statutory_days, decision_workdays,
           create_uid, create_date, write_uid, write_date)
       SELECT 'BENCH' || lpad(i::text, 7, '0'), '盘锦测试企业' || i || '有限公司', 'organization',
              'window', st, true, %(uid)s,
              day, day + 1, CASE WHEN st IN ('approved', 'denied', 'closed') THEN day + 6 END,
              day + 8, day + 21,
              (ARRAY['normal', 'warning', 'overdue'])[1 + mod(i, 3)],
              st IN ('approved', 'denied', 'closed') AND mod(i, 4) > 0,
              CASE WHEN st IN ('approved', 'closed') AND mod(i, 2) = 0
                   THEN (1 + mod(i, 5))::varchar END,
              CASE WHEN st IN ('approved', 'closed') THEN 'approved'
                   WHEN st = 'denied' THEN 'denied' END,
              (%(items)s::int[])[1 + mod(i, %(n_items)s)],
              (%(agencies)s::int[])[1 + mod(i, %(n_items)s)],
              false, 5, 20, 4, %(uid)s, now(), %(uid)s, now()
         FROM generate_series(1, %(cases)s) AS i,
              LATERAL (SELECT (ARRAY['received', 'accepted', 'review', 'approved', 'denied',
                                     'closed'])[1 + mod(i, 6)] AS st,
                              DATE '2026-01-01' + (mod(i, 300)) AS day) AS v""",
    uid=env.uid, items=items.ids, agencies=[item.source_agency_id.id for item in items],
    n_items=ITEMS, cases=CASES))
cr.execute(SQL(
    """INSERT INTO dawa_approval_case_line (case_id, sequence, item_id, create_uid, create_date,
           write_uid, write_date)
       SELECT id, 0, main_item_id, create_uid, create_date, write_uid, write_date
         FROM dawa_approval_case WHERE name LIKE %s""", "BENCH%"))
cr.execute("ANALYZE dawa_approval_case")
cr.execute("ANALYZE dawa_approval_case_line")
cr.execute(SQL("SELECT min(id) FROM dawa_approval_case WHERE name LIKE %s", "BENCH%"))
first_id = cr.fetchone()[0]
print(f"fixture: {CASES} cases and lines inserted in {time.perf_counter() - start:.1f} s")

DOMAINS = {
    SMALL: [("id", ">=", first_id), ("id", "<", first_id + SMALL)],
    CASES: [("id", ">=", first_id)],
}
COLUMNS_KINDS = ["text"] * 5 + ["date"] * 5 + ["text"] * 3


def orm_export(domain):
    env.invalidate_all()
    with tempfile.TemporaryFile() as handle:
        count = Case._write_cases_xlsx(handle, domain)
        return count, handle.tell()


def plain_export(rows):
    """The same rows with plain xlsxwriter calls: header, widths, formats, one cell at a time."""
    with tempfile.TemporaryFile() as handle:
        book = xlsxwriter.Workbook(handle, {"constant_memory": True})
        sheet = book.add_worksheet("Cases")
        text = book.add_format({"font_name": xlsx_layout.FONT, "font_size": 10})
        day = book.add_format({"font_name": xlsx_layout.FONT, "font_size": 10,
                               "num_format": "yyyy-mm-dd"})
        bold = book.add_format({"bold": True})
        for col, kind in enumerate(COLUMNS_KINDS):
            sheet.set_column(col, col, 12, day if kind == "date" else text)
            sheet.write_string(0, col, f"Column {col}", bold)
        for row_index, values in enumerate(rows, 1):
            for col, value in enumerate(values):
                if value is None or value is False or value == "":
                    continue
                if COLUMNS_KINDS[col] == "date":
                    sheet.write_datetime(row_index, col, value, day)
                else:
                    sheet.write_string(row_index, col, value, text)
        book.close()
        return row_index, handle.tell()


def best_time(func, *args, repeat=REPEAT):
    best = None
    for _run in range(repeat):
        start = time.perf_counter()
        result = func(*args)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def traced_peak(func, *args):
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        func(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


results = {}
for size, domain in DOMAINS.items():
    env.invalidate_all()
    rows = list(Case._iter_export_rows(domain))  # the same rows, prepared in memory
    assert len(rows) == size, len(rows)
    env.invalidate_all()
    queries0 = cr.sql_log_count
    orm_time, (count, orm_bytes) = best_time(orm_export, domain)
    queries = (cr.sql_log_count - queries0) / REPEAT
    plain_time, (_count, plain_bytes) = best_time(plain_export, rows)
    orm_peak = traced_peak(orm_export, domain)
    plain_peak = traced_peak(plain_export, rows)
    results[size] = (orm_time, plain_time, orm_peak, plain_peak)
    del rows
    print(f"export of {size} cases ({queries:.0f} queries per export, "
          f"{orm_bytes / 1e6:.1f} MB file; plain {plain_bytes / 1e6:.1f} MB)")
    print(f"  ORM export      {orm_time:7.2f} s  {size / orm_time:8.0f} rows/s  "
          f"peak {orm_peak / 1e6:6.1f} MB (tracemalloc)")
    print(f"  plain xlsxwriter{plain_time:7.2f} s  {size / plain_time:8.0f} rows/s  "
          f"peak {plain_peak / 1e6:6.1f} MB (tracemalloc, rows list prepared beforehand)")
    print(f"  ratio time ORM/plain: {orm_time / plain_time:.2f}x (target <= 1.5x)")

small, large = results[SMALL], results[CASES]
print(f"memory: ORM export peak {small[2] / 1e6:.1f} MB at {SMALL} rows, "
      f"{large[2] / 1e6:.1f} MB at {CASES} rows (ratio {large[2] / small[2]:.2f}, "
      f"rows x{CASES // SMALL}; flat = about 1)")
print(f"memory: plain xlsxwriter peak {small[3] / 1e6:.1f} MB / {large[3] / 1e6:.1f} MB")
print(f"process peak RSS {rss_mb():.0f} MB (includes the prepared row lists)")
cr.rollback()
