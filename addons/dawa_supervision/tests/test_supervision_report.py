import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dawa_approval.tools import xlsx_layout

from .common import DawaSupervisionCommon


class ReportCommon(DawaSupervisionCommon):
    """September: two approvals (one on commitment) pushed to housing and water; housing
    checks one on time and finds the commitment untrue (feedback answered on time); water
    verifies it. October: one more approval for water; housing finds a violation late on
    the other September approval (feedback answered late, in November). By 20 November,
    water's three checks are overdue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-09-14"):
            cls.case1 = cls._approved_case()
            cls.case2 = cls._approved_case(mode="commitment")
        with freeze_time("2026-09-16"):
            cls._done(cls._tasks(cls.case1, cls.housing), cls.housing_user)
            cls._done(cls._tasks(cls.case2, cls.housing, "verification"), cls.housing_user,
                      "violation", "No pre-treatment plant.")
            cls._done(cls._tasks(cls.case2, cls.water, "verification"), cls.water_user)
        with freeze_time("2026-10-26"):
            cls._done(cls._tasks(cls.case2, cls.housing), cls.housing_user, "violation",
                      "Discharge above the limits.")
        with freeze_time("2026-10-12"):
            cls.case3 = cls._approved_case(items=cls.water_item)
        feedback = cls.env["dawa.supervision.feedback"].search([], order="id")
        for answered, record in zip(("2026-09-18", "2026-11-20"), feedback, strict=True):
            with freeze_time(answered):
                record = record.with_user(cls.approver)
                record.action_handle()
                record.write({"disposition": "rectification", "answer": "Rectify."})
                record.action_close()
        with freeze_time("2026-11-20"):
            cls.env["dawa.supervision.task"]._cron_refresh_deadlines()


@tagged("post_install", "-at_install")
class TestSupervisionFigures(ReportCommon):

    def test_figures_per_agency_and_month(self):
        Report = self.env["dawa.supervision.report"].with_user(self.manager)
        figures = {
            (month, agency.code): values
            for month, agency, *values in Report._read_group(
                [("case_id", "in", (self.case1 | self.case2 | self.case3).ids)],
                ["date:month", "agency_id"],
                ["pushed_count:sum", "done_on_time_count:sum", "overdue_count:sum",
                 "violation_count:sum", "verified_count:sum", "untrue_count:sum",
                 "feedback_count:sum", "feedback_on_time_count:sum",
                 "feedback_overdue_count:sum"])
        }
        september, october = date(2026, 9, 1), date(2026, 10, 1)
        # housing in September: 2 pushed, 2 done on time (case1, the verification), case2's
        # push done late, 2 violations, 1 commitment untrue; the feedback on the commitment,
        # sent then, answered on time
        self.assertEqual(figures[(september, "housing")], [2, 2, 1, 2, 0, 1, 1, 1, 0])
        # water in September: 2 pushed (both overdue by November), 1 commitment verified
        self.assertEqual(figures[(september, "water")], [2, 1, 2, 0, 1, 0, 0, 0, 0])
        # October: the water-only approval, overdue by November
        self.assertEqual(figures[(october, "water")], [1, 0, 1, 0, 0, 0, 0, 0, 0])
        # housing in October: the feedback on the late violation, answered late
        self.assertEqual(figures[(october, "housing")], [0, 0, 0, 0, 0, 0, 1, 0, 1])
        self.assertEqual(len(figures), 4)

    def test_dashboard_panel(self):
        data = self.env["dawa.supervision.report"].with_user(self.manager).get_dashboard_data(
            "2026-09-01", "2026-11-30")
        totals = data["totals"]
        self.assertEqual(totals["pushed_count"], 5)
        self.assertEqual(totals["violation_count"], 2)
        self.assertEqual((totals["verified_count"], totals["untrue_count"]), (1, 1))
        self.assertEqual(totals["feedback_on_time_count"], 1)
        self.assertEqual(totals["on_time_rate"], 3 / 4)
        self.assertEqual(totals["answered_on_time_rate"], 1 / 2)
        self.assertEqual(data["labels"]["pushed_count"], "Results Pushed")
        self.assertEqual([row["name"] for row in data["agencies"]],
                         [self.water.name, self.housing.name])
        # every figure opens exactly the records it counts
        for row in [totals, *data["agencies"]]:
            for key, drill in row["drill"].items():
                with self.subTest(row=row.get("name"), figure=key):
                    Model = self.env[drill["model"]].with_user(self.manager)
                    self.assertEqual(Model.search_count(drill["domain"]), row[key])
        # restricted to a period
        october = self.env["dawa.supervision.report"].with_user(self.manager).get_dashboard_data(
            "2026-10-01", "2026-10-31")
        self.assertEqual(october["totals"]["pushed_count"], 1)

    def test_xlsx_export(self):
        output = io.BytesIO()
        self.env["dawa.supervision.report"].with_user(self.manager)._write_statistics_xlsx(
            output, date(2026, 9, 1), date(2026, 10, 31))
        book = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
        figures, tasks, feedback = book.worksheets
        rows = list(figures.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("Month", "Supervising Department", "Results Pushed"))
        first, second = sorted([self.housing, self.water], key=lambda agency: agency.name)
        pushed = {self.housing: (2, 0), self.water: (2, 1)}
        self.assertEqual([(row[0], row[1], row[2]) for row in rows[1:]], [
            (datetime(2026, 9, 1), first.name, pushed[first][0]),
            (datetime(2026, 9, 1), second.name, pushed[second][0]),
            (datetime(2026, 10, 1), first.name, pushed[first][1]),
            (datetime(2026, 10, 1), second.name, pushed[second][1]),
            (None, "Total", 5),
        ])
        self.assertEqual(tasks.max_row, 1 + 7)
        self.assertEqual(feedback.max_row, 1 + 2)
        holder = [cell.value for cell in tasks[2]][3]
        self.assertEqual(holder, "Panjin Jianye Construction Co., Ltd.")

    def test_xlsx_export_in_constant_memory(self):
        # the workbook streams rows to a temporary file as they are written
        self.assertTrue(xlsx_layout.WORKBOOK_OPTIONS["constant_memory"])
        output = io.BytesIO()
        Report = self.env["dawa.supervision.report"].with_user(self.manager)
        book = xlsx_layout.open_workbook(output)
        formats = xlsx_layout.make_formats(book)
        count = Report._write_records_sheet(
            book, formats, "Tasks", "dawa.supervision.task",
            [("date_pushed", "<=", "2026-11-30")], ("name", "holder_name"))
        book.close()
        self.assertEqual(count, 7)

    def test_statistics_wizard(self):
        wizard = self.env["dawa.supervision.statistics.wizard"].with_user(self.manager).create(
            {"date_from": "2026-09-01", "date_to": "2026-10-31"})
        action = wizard.action_export()
        self.assertEqual(action["url"], "/dawa/supervision/export/statistics?"
                                        "date_from=2026-09-01&date_to=2026-10-31")
        with self.assertRaises(ValidationError):
            self.env["dawa.supervision.statistics.wizard"].with_user(self.manager).create(
                {"date_from": "2026-10-31", "date_to": "2026-09-01"})
        with self.assertRaises(AccessError):
            self.env["dawa.supervision.statistics.wizard"].with_user(self.clerk).create({})

    def test_only_leaders(self):
        for user in (self.clerk, self.approver, self.housing_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["dawa.supervision.report"].with_user(user)._write_statistics_xlsx(
                    io.BytesIO(), date(2026, 9, 1), date(2026, 10, 31))


@tagged("post_install", "-at_install")
class TestSupervisionDownloads(ReportCommon, HttpCase):

    def test_statistics_download(self):
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open(
            "/dawa/supervision/export/statistics?date_from=2026-09-01&date_to=2026-10-31")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], xlsx_layout.MIMETYPE)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(len(book.worksheets), 3)
        self.authenticate(self.housing_user.login, self.housing_user.login)
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/dawa/supervision/export/statistics?date_from=2026-09-01&date_to=2026-10-31")
        self.assertNotEqual(response.status_code, 200)

    def test_catalogue_template(self):
        self.authenticate(self.catalog_admin.login, self.catalog_admin.login)
        response = self.url_open("/dawa/supervision/catalog/template.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers[:3], ["Implementation Code", "Item Name",
                                       "Supervising Department"])
