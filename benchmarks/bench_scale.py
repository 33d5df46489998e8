"""Benchmark: a million cases.

Runs inside ``odoo shell`` on a scratch database with dawa_approval installed (``./dawa bench
scale`` makes one and drops it afterwards). Loads DAWA_SCALE_CASES cases (default 1,000,000:
ten years of a busy district, about 400 a working day) with their lines and material checks by
COPY, committed and analysed, then times, through the ORM as the web client calls it
(``web_search_read``, ``web_read_group``, ``read_progress_bar``, the dashboard's RPC), as the
window clerk or the bureau manager:

- the window desk's default view (kanban grouped by state, queue filter, progress bars);
- the open cases sorted by promised deadline (the list with the Open filter);
- search by applicant name (a substring), by ID number, by application number (the search
  box's default field: number or applicant name);
- the dashboard (``get_dashboard_data``);
- the monthly statistics of the last twelve months (the XLSX's grouped query and the analysis
  pivot by month);

each against hand-written SQL of the same query, timed in the same run. The lists and cards
are read with the specification the web client sends (its widgets add the activities'
computed fields). Figures: median of RUNS runs after one warm-up (ORM caches invalidated before
each run), and of them the time spent in the database (the ORM's own statements against the
hand-written ones: how well the queries scale, apart from the Python that turns rows into the
web client's values). Targets: every ratio ORM/SQL <= 3x and every ORM call under 1 s. Ends
with one line ``scale: N cases, worst ratio R.RRx, slowest call S.SSS s``.
"""

import io
import os
import random
import statistics
import time
from datetime import timedelta

from odoo import fields, sql_db
from odoo.fields import Command
from odoo.tools import SQL

from odoo.addons.dawa_approval.models.dawa_approval_case_deadline import OPEN_STATES

CASES = int(os.environ.get("DAWA_SCALE_CASES", 1_000_000))
CHUNK = 50_000  # cases per COPY round
RUNS = 5
random.seed(20261201)

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (odoo shell)
cr = env.cr
Case = env["dawa.approval.case"]
today = fields.Date.context_today(Case)  # the desk's context_today()
first_day = today - timedelta(days=3652)

# ---------------------------------------------------------------------------------- catalogue
agencies = env["dawa.agency"].search([])
items = env["dawa.approval.item"].create([{
    "name": f"规模测试事项 {index}",
    "code": f"SCALE-{index:03d}",
    "source_agency_id": agencies[index % len(agencies)].id,
    "legal_basis": "-",
    "statutory_days": 20,
    "promised_days": 3 + index % 10,
    "material_ids": [Command.create({"name": f"材料 {m}", "sequence": m}) for m in range(3)],
} for index in range(40)])
items.action_publish()
item_agency = {item.id: item.source_agency_id.id for item in items}  # case.agency_id
item_days = {item.id: (item.promised_days, item.statutory_days) for item in items}
item_materials = {item.id: [(m.id, m.sequence, m.name, m.required, m.tolerance_allowed)
                            for m in item.material_ids] for item in items}
clerk = env["res.users"].create({
    "name": "规模测试窗口", "login": "scale_clerk",
    "groups_id": [Command.set([env.ref("dawa_approval.group_window_clerk").id])],
})
manager = env["res.users"].create({
    "name": "规模测试局领导", "login": "scale_manager",
    "groups_id": [Command.set([env.ref("dawa_approval.group_manager").id])],
})
handlers = env["res.users"].create([{
    "name": f"规模测试经办人 {index}", "login": f"scale_handler_{index}",
    "groups_id": [Command.set([env.ref("dawa_approval.group_window_clerk").id])],
} for index in range(20)])
env.flush_all()

# ---------------------------------------------------------------------------------- data
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强晓雪海燕红梅春梅玉兰文博子涵浩然宇轩欣怡梓萱"  # noqa: E501
PLACES = ["盘锦", "大洼", "辽河", "田家", "荣兴", "榆树", "新立", "东风", "唐家", "清水", "西安",
          "新开", "平安", "赵圈河", "王家", "向海", "二界沟", "新兴", "石山", "鼎翔"]
TRADES = ["建业", "宏达", "鑫源", "恒通", "利民", "兴隆", "华盛", "金泰", "福源", "永安", "瑞丰",
          "天成", "广厦", "润禾", "海川", "锦程", "蓝湾", "稻香", "苇海", "红滩"]
KINDS = ["建筑工程", "商贸", "农业科技", "餐饮管理", "物流", "水产养殖", "石油技术服务",
         "房地产开发", "医药连锁", "文化传媒"]
RATINGS = ["5"] * 60 + ["4"] * 25 + ["3"] * 10 + ["2"] * 3 + ["1"] * 2


def applicant(index):
    """(type, name, ID number) of case ``index``: two in five natural persons."""
    if index % 5 < 2:
        name = random.choice(SURNAMES) + "".join(random.choices(GIVEN, k=random.choice((1, 2))))
        return "person", name, f"2111{random.randrange(10**13, 10**14)}"
    name = (f"{random.choice(PLACES)}市{random.choice(TRADES)}{random.choice(KINDS)}"
            f"有限公司{'' if index % 7 else '分公司'}")
    return "organization", name, f"91211100MA{random.randrange(10**7, 10**8)}"


def case_state(received, index):
    """State, decision, dates and deadline state of a case received on ``received``."""
    age = (today - received).days
    rnd = random.random()
    accepted = received + timedelta(days=random.choice((0, 0, 0, 1)))
    decided = accepted + timedelta(days=random.randrange(1, 9))
    if age <= 1 and rnd < 0.5:
        return "received", None, None, None
    if age <= 6 and rnd < 0.1:
        return "correction", None, None, None
    if age <= 3:
        return random.choice(("accepted", "review")), None, accepted, None
    if age <= 8 and decided >= today:
        return random.choice(("review", "to_decide", "to_decide")), None, accepted, None
    if age <= 40 and rnd < 0.02:
        return "suspended", None, accepted, None
    if age <= 12 and rnd < 0.3:  # decided and sealed, waiting for delivery at the window
        return random.choice(("approved",) * 19 + ("denied",)), None, accepted, decided
    if rnd < 0.03:
        return "withdrawn", None, accepted, None
    if rnd < 0.06:
        return "not_accepted", "not_accepted", None, received + timedelta(days=1)
    return "closed", None, accepted, decided


def tsv(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def load():
    """COPY CASES cases, their lines and material checks; returns the seconds it took."""
    start = time.perf_counter()
    cr.execute(SQL("SELECT coalesce(max(id), 0) FROM dawa_approval_case"))
    case_id = cr.fetchone()[0]
    cr.execute(SQL("SELECT coalesce(max(id), 0) FROM dawa_approval_case_line"))
    line_id = cr.fetchone()[0]
    numbers = {}
    uid, now = env.uid, fields.Datetime.now()
    handler = handlers.ids  # case.user_id
    case_cols = ("id, name, applicant_type, applicant_name, applicant_id_number_raw, "
                 "applicant_phone_raw, channel, state, active, user_id, received_date, "
                 "accepted_date, clock_start_date, decision, decision_date, decision_user_id, "
                 "on_time, on_time_rate, decision_workdays, sealed, sealed_date, closed_date, "
                 "delivery_date, deadline_state, promised_days, statutory_days, "
                 "promised_deadline, statutory_deadline, main_item_id, agency_id, is_joint, "
                 "rating, create_uid, create_date, write_uid, write_date")
    # bulk load as a DBA does it: the foreign keys' per-row triggers and the secondary indexes
    # off during COPY, rebuilt in one pass each afterwards (same definitions, checked again)
    tables = ("dawa_approval_case", "dawa_approval_case_line", "dawa_approval_case_material")
    cr.execute(SQL(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text IN %s", tables))
    foreign_keys = cr.fetchall()
    cr.execute(SQL(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN %s "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        tables))
    indexes = cr.fetchall()
    for table, name, _definition in foreign_keys:
        cr.execute(SQL("ALTER TABLE %s DROP CONSTRAINT %s", SQL.identifier(table),
                       SQL.identifier(name)))
    for name, _definition in indexes:
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    for offset in range(0, CASES, CHUNK):
        cases, lines, materials = io.StringIO(), io.StringIO(), io.StringIO()
        for index in range(offset, min(offset + CHUNK, CASES)):
            received = first_day + timedelta(days=index * 3652 // CASES)
            if received.weekday() >= 5:  # the windows receive on working days
                received -= timedelta(days=received.weekday() - 4)
            state, decision, accepted, decided = case_state(received, index)
            if decided and not decision:
                decision = "denied" if random.random() < 0.04 else "approved"
            picked = random.sample(list(item_days), 2 if index % 10 == 0 else 1)
            promised = max(item_days[i][0] for i in picked)
            statutory = 45 if len(picked) > 1 else item_days[picked[0]][1]
            start_day = accepted or received
            promised_deadline = start_day + timedelta(days=promised * 7 // 5)
            statutory_deadline = start_day + timedelta(days=statutory * 7 // 5)
            deadline_state = "normal"
            if state in OPEN_STATES:
                left = (promised_deadline - today).days
                deadline_state = "overdue" if left < 0 else "warning" if left <= 2 else "normal"
            on_time = bool(decided and decided <= promised_deadline)
            month = received.strftime("%Y%m")
            numbers[month] = numbers.get(month, 0) + 1
            case_id += 1
            kind, name, id_number = applicant(index)
            rated = decision in ("approved", "denied") and random.random() < 0.3
            cases.write("\t".join(tsv(v) for v in (
                case_id, f"DW{month}{numbers[month]:06d}", kind, name, id_number,
                f"13{random.randrange(10**8, 10**9)}", "window", state, True,
                handler[index % len(handler)], received,
                accepted, accepted, decision, decided, uid if decided else None,
                on_time if decided else None, 100.0 if on_time else 0.0,
                (decided - start_day).days * 5 // 7 if decided else 0,
                bool(decided), decided, decided if state == "closed" else None,
                decided if state == "closed" else None, deadline_state, promised, statutory,
                promised_deadline, statutory_deadline, picked[0], item_agency[picked[0]],
                len(picked) > 1, random.choice(RATINGS) if rated else None,
                uid, now, uid, now)) + "\n")
            for sequence, item_id in enumerate(picked):
                line_id += 1
                lines.write(f"{line_id}\t{case_id}\t{sequence}\t{item_id}\t{uid}\t{now}\t"
                            f"{uid}\t{now}\n")
                for material_id, seq, mname, required, tolerance in item_materials[item_id]:
                    provided = state not in ("received", "correction") or random.random() < 0.5
                    materials.write("\t".join(tsv(v) for v in (
                        case_id, material_id, item_id, seq, mname, required, tolerance,
                        provided, False, uid, now, uid, now)) + "\n")
        for table, columns, buffer in (
            ("dawa_approval_case", case_cols, cases),
            ("dawa_approval_case_line", "id, case_id, sequence, item_id, create_uid, "
             "create_date, write_uid, write_date", lines),
            ("dawa_approval_case_material", "case_id, item_material_id, item_id, sequence, "
             "name, required, tolerance_allowed, provided, tolerated, create_uid, create_date, "
             "write_uid, write_date", materials),
        ):
            buffer.seek(0)
            # COPY has no SQL() wrapper: psycopg2's copy_expert on Odoo's cursor
            cr._obj.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
    copied = time.perf_counter()
    print(f"  COPY {copied - start:.0f} s")
    for _name, definition in indexes:
        cr.execute(SQL(definition))
    indexed = time.perf_counter()
    print(f"  {len(indexes)} indexes rebuilt in {indexed - copied:.0f} s")
    for table, name, definition in foreign_keys:
        cr.execute(SQL("ALTER TABLE %s ADD CONSTRAINT %s " + definition.replace("%", "%%"),
                       SQL.identifier(table), SQL.identifier(name)))
    print(f"  {len(foreign_keys)} foreign keys checked in {time.perf_counter() - indexed:.0f} s")
    for table in ("dawa_approval_case", "dawa_approval_case_line"):
        cr.execute(SQL("SELECT setval(%s, (SELECT max(id) FROM %s))",
                       f"{table}_id_seq", SQL.identifier(table)))
    env.cr.commit()  # the data must be visible to VACUUM's own connection
    for table in ("dawa_approval_case", "dawa_approval_case_line",
                  "dawa_approval_case_material"):
        with env.registry.cursor() as vcr:
            vcr._cnx.autocommit = True  # VACUUM runs outside a transaction
            vcr.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(table)))
            vcr._cnx.autocommit = False
    env.invalidate_all()
    return time.perf_counter() - start


load_time = load()
cr.execute(SQL("SELECT (SELECT count(*) FROM dawa_approval_case), "
               "(SELECT count(*) FROM dawa_approval_case_line), "
               "(SELECT count(*) FROM dawa_approval_case_material), "
               "pg_size_pretty(pg_total_relation_size('dawa_approval_case'))"))
n_cases, n_lines, n_materials, size = cr.fetchone()
print(f"scale: {n_cases} cases, {n_lines} lines, {n_materials} material checks loaded by COPY "
      f"in {load_time:.0f} s ({first_day} to {today}); cases table {size}")


# ---------------------------------------------------------------------------------- timing
class DatabaseClock:
    """Seconds the statements of a block spend in the database (``Cursor.execute``: the
    round trip to PostgreSQL; the rows are fetched and turned into values afterwards)."""

    def __enter__(self):
        self.seconds = 0.0
        self.original = original = sql_db.Cursor.execute

        def execute(cursor, query, params=None, log_exceptions=True):
            start = time.perf_counter()
            try:
                return original(cursor, query, params, log_exceptions)
            finally:
                self.seconds += time.perf_counter() - start

        sql_db.Cursor.execute = execute
        return self

    def __exit__(self, *exc_info):
        sql_db.Cursor.execute = self.original


def timed(func):
    """Median seconds of RUNS runs after a warm-up, of them in the database, and the last
    result."""
    func()
    times, in_database = [], []
    result = None
    for _run in range(RUNS):
        env.invalidate_all()
        with DatabaseClock() as clock:
            start = time.perf_counter()
            result = func()
            times.append(time.perf_counter() - start)
        in_database.append(clock.seconds)
    return statistics.median(times), statistics.median(in_database), result


def sql(query):
    cr.execute(query)
    return cr.fetchall()


def page(where, order, limit):
    """A page of the list or kanban by hand: its rows (with the item's and handler's names),
    the count when the page is full (as web_search_read) and the rows' activities."""
    where = SQL("c.active AND %s", where)  # the ORM's active_test
    rows = sql(SQL("SELECT %s FROM dawa_approval_case c %s WHERE %s ORDER BY %s LIMIT %s",
                   LIST_SQL_COLUMNS, LIST_SQL_JOINS, where, SQL(order), limit))
    if len(rows) == limit:
        sql(SQL("SELECT count(*) FROM (SELECT 1 FROM dawa_approval_case c WHERE %s "
                "LIMIT 10001) t", where))
    if rows:
        sql(SQL("SELECT id, res_id, activity_type_id, summary, date_deadline FROM mail_activity "
                "WHERE res_model = 'dawa.approval.case' AND res_id IN %s",
                tuple(row[0] for row in rows)))
    return rows


results = []


def compare(label, orm, hand):
    queries = cr.sql_log_count
    orm()
    queries = cr.sql_log_count - queries
    orm_time, orm_database, orm_result = timed(orm)
    sql_time, sql_database, _sql_result = timed(hand)
    results.append((label, orm_time, sql_time, orm_database / sql_database))
    print(f"  {label:<34} ORM {orm_time * 1000:8.1f} ms   SQL {sql_time * 1000:8.1f} ms   "
          f"ratio {orm_time / sql_time:5.2f}x   ({queries} queries)")
    print(f"    in the database: ORM {orm_database * 1000:.1f} ms, SQL "
          f"{sql_database * 1000:.1f} ms, ratio {orm_database / sql_database:.2f}x")
    return orm_result


as_clerk = Case.with_user(clerk).with_context(lang="en_US", tz="Asia/Shanghai")
# every search by ID number is counted and refused past the bureau's limit: the lookups
# below are timed many times over, so the limit is lifted (each search still writes its
# record for the audit, which the figure includes)
env["ir.config_parameter"].set_param("dawa_approval.personal_search_limit", 10**9)
as_manager = Case.with_user(manager).with_context(lang="en_US", tz="Asia/Shanghai")
queue = ["|", "|", ("received_date", "=", today), ("state", "in", ("received", "correction")),
         "&", ("state", "in", ("approved", "denied")), ("sealed", "=", True)]
queue_sql = SQL("(c.received_date = %s OR c.state IN ('received', 'correction') "
                "OR (c.state IN ('approved', 'denied') AND c.sealed))", today)
open_states = tuple(OPEN_STATES)
# the specifications the web client sends for the desk's cards and the list (read in
# Chromium's network log): the activity widgets add the activities' computed fields
ACTIVITY_SPEC = {"activity_ids": {"fields": {}}, "activity_exception_decoration": {},
                 "activity_exception_icon": {}, "activity_state": {}, "activity_summary": {},
                 "activity_type_icon": {}, "activity_type_id": {"fields": {"display_name": {}}}}
KANBAN = {"deadline_state": {}, "deadline_provisional": {}, "name": {}, "applicant_name": {},
          "main_item_id": {"fields": {"display_name": {}}}, "deadline_provisional_label": {},
          "promised_deadline": {}, **ACTIVITY_SPEC, "user_id": {"fields": {"display_name": {}}}}
LIST = {"name": {}, "applicant_name": {}, "main_item_id": {"fields": {"display_name": {}}},
        "is_joint": {}, "channel": {}, "user_id": {"fields": {"display_name": {}}},
        "received_date": {}, "accepted_date": {}, "promised_deadline": {},
        "statutory_deadline": {}, "delivery_deadline": {}, "deadline_state": {},
        "deadline_provisional": {}, "deadline_provisional_label": {}, "state": {}, "rating": {},
        **ACTIVITY_SPEC}
LIST_SQL_COLUMNS = SQL(
    "c.id, c.name, c.applicant_name, c.main_item_id, i.name, c.is_joint, c.channel, "
    "c.user_id, p.name, c.received_date, c.accepted_date, c.promised_deadline, "
    "c.statutory_deadline, c.delivery_deadline, c.deadline_state, c.deadline_provisional, "
    "c.state, c.rating")
LIST_SQL_JOINS = SQL(
    "LEFT JOIN dawa_approval_item i ON i.id = c.main_item_id "
    "LEFT JOIN res_users u ON u.id = c.user_id LEFT JOIN res_partner p ON p.id = u.partner_id")

print(f"timings (median of {RUNS} after a warm-up; ORM = what the web client calls):")


def desk_orm():
    groups = as_clerk.web_read_group(queue, ["state"], ["state"], lazy=True)
    as_clerk.read_progress_bar(queue, "state", {
        "field": "deadline_state", "colors": {"normal": "success", "warning": "warning",
                                              "overdue": "danger"}})
    for group in groups["groups"]:
        if group["state_count"]:
            as_clerk.web_search_read(group["__domain"], KANBAN, limit=40, count_limit=10001)
    return groups


def desk_sql():
    rows = sql(SQL("SELECT c.state, count(*) FROM dawa_approval_case c WHERE c.active AND %s "
                   "GROUP BY c.state", queue_sql))
    sql(SQL("SELECT c.state, c.deadline_state, count(*) FROM dawa_approval_case c "
            "WHERE c.active AND %s GROUP BY c.state, c.deadline_state", queue_sql))
    for state, _count in rows:
        page(SQL("%s AND c.state = %s", queue_sql, state), "c.id DESC", 40)
    return rows


desk = compare("window desk (kanban, queue)", desk_orm, desk_sql)
print(f"    {sum(g['state_count'] for g in desk['groups'])} cases in the queue, "
      f"{len(desk['groups'])} columns")

opened = compare(
    "open cases by promised deadline",
    lambda: as_clerk.web_search_read([("state", "in", open_states)], LIST, limit=80,
                                     order="promised_deadline ASC, id DESC",
                                     count_limit=10001),
    lambda: page(SQL("c.state IN %s", open_states), "c.promised_deadline, c.id DESC", 80))
print(f"    {opened['length']} open cases")

cr.execute(SQL("SELECT name, applicant_name, applicant_id_number_raw FROM dawa_approval_case "
               "WHERE applicant_type = 'organization' ORDER BY id LIMIT 1 OFFSET %s",
               CASES // 3))
some_number, some_name, some_id = cr.fetchone()
substring = some_name[2:6]  # e.g. 建业建筑 out of 盘锦市建业建筑工程有限公司


def search_sql(where):
    return lambda: page(where, "c.id DESC", 80)


found = compare(
    f"applicant name contains {substring}",
    lambda: as_clerk.web_search_read([("applicant_name", "ilike", substring)], LIST, limit=80,
                                     count_limit=10001),
    search_sql(SQL("c.applicant_name ILIKE %s", f"%{substring}%")))
print(f"    {found['length']} cases")
found = compare(
    "ID number (whole)",
    lambda: as_clerk.web_search_read([("applicant_id_number", "=", some_id)], LIST, limit=80,
                                     count_limit=10001),
    search_sql(SQL("c.applicant_id_number_raw = %s", some_id)))
print(f"    {found['length']} cases")
found = compare(
    "application number (search box)",
    lambda: as_clerk.web_search_read(["|", ("name", "ilike", some_number),
                                      ("applicant_name", "ilike", some_number)], LIST,
                                     limit=80, count_limit=10001),
    search_sql(SQL("(c.name ILIKE %s OR c.applicant_name ILIKE %s)",
                   f"%{some_number}%", f"%{some_number}%")))
print(f"    {found['length']} cases")


def dashboard_sql():
    """The dashboard's one grouped query, by department and item (the rest are its sums)."""
    return sql(SQL("SELECT agency_id, main_item_id, state, decision, deadline_state, on_time, "
                   "rating, count(*), count(accepted_date), sum(decision_workdays) "
                   "FROM dawa_approval_case WHERE active GROUP BY 1, 2, 3, 4, 5, 6, 7"))


compare("dashboard", as_manager.get_dashboard_data, dashboard_sql)

year_start = (today - timedelta(days=365)).replace(day=1)
period = [("received_date", ">=", year_start), ("received_date", "<=", today)]
compare(
    "monthly statistics (12 months, XLSX)",
    lambda: as_manager._get_case_statistics(period, ["received_date:month", "agency_id"]),
    lambda: sql(SQL(
        "SELECT date_trunc('month', received_date), agency_id, state, decision, "
        "deadline_state, on_time, rating, count(*), count(accepted_date), "
        "sum(decision_workdays) FROM dawa_approval_case WHERE active "
        "AND received_date BETWEEN %s AND %s GROUP BY 1, 2, 3, 4, 5, 6, 7", year_start, today)))
decided = [*period, ("decision", "!=", False)]
compare(
    "monthly analysis pivot (12 months)",
    lambda: as_manager.web_read_group(
        decided, ["on_time_rate:avg", "decision_workdays:avg"], ["received_date:month"],
        lazy=False),
    lambda: sql(SQL(
        "SELECT date_trunc('month', received_date), count(*), avg(on_time_rate), "
        "avg(decision_workdays) FROM dawa_approval_case WHERE active "
        "AND received_date BETWEEN %s AND %s AND decision IS NOT NULL GROUP BY 1 ORDER BY 1",
        year_start, today)))

worst = max(orm / hand for _label, orm, hand, _database in results)
slowest = max(orm for _label, orm, _hand, _database in results)
worst_database = max(database for _label, _orm, _hand, database in results)
print(f"  targets: ratio <= 3x ({'ok' if worst <= 3 else 'MISSED'}), every call < 1 s "
      f"({'ok' if slowest < 1 else 'MISSED'})")
print(f"  the ORM's statements against the hand-written SQL, in the database: worst ratio "
      f"{worst_database:.2f}x")
print(f"scale: {n_cases} cases, worst ratio {worst:.2f}x, slowest call {slowest:.3f} s")
