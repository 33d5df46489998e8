import io
import json
from datetime import date, datetime
from urllib.parse import parse_qs, urlparse

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..tools import xlsx_layout
from .common import DawaCaseCommon

MARCH = date(2025, 3, 1)


@tagged("post_install", "-at_install")
class TestCaseStatistics(DawaCaseCommon):
    """Figures of the statistics, the XLSX exports and the bureau dashboard on a small set
    of cases taken through the real steps on known (frozen) days of March and April 2025
    (no holiday in between: working days are the weekdays)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.water_item = cls._create_item(
            cls.water, name="Water intake permit", code="TEST-WATER-STAT", promised_days=5)
        cls.water_item.action_publish()
        cls.water_item.handling_agency_id = cls.bureau
        Case = cls.env["dawa.approval.case"]
        # name: (item, received = accepted, decision, decision day, rating)
        plan = {
            "A": (cls.item, "2025-03-03", "approve", "2025-03-04", "5"),  # 1 day, on time
            "B": (cls.item, "2025-03-03", "approve", "2025-03-11", "1"),  # 6 days, late
            "C": (cls.item, "2025-03-04", "deny", "2025-03-06", "2"),  # 2 days, on time
            "D": (cls.item, "2025-03-05", None, None, None),  # accepted, open
            "E": (cls.item, "2025-03-06", "receive", None, None),  # received only
            "F": (cls.water_item, "2025-03-06", "approve", "2025-03-07", "4"),  # delivered
            "G": (cls.item, "2025-04-01", "approve", "2025-04-01", None),  # 0 days, April
            "H": (cls.item, "2025-02-28", "approve", "2025-03-03", "1"),  # before the period
        }
        cls.cases = {}
        for key, (item, received, step, decided, rating) in plan.items():
            with freeze_time(received):
                case = cls._provide_all(cls._create_case(items=item, applicant_name=f"Co {key}"))
                if step != "receive":
                    case.with_user(cls.clerk).action_accept()
            if decided:
                with freeze_time(decided):
                    cls._submit(case)
                    if step == "deny":
                        case.decision_note = "Does not meet the conditions."
                        case.with_user(cls.approver).action_deny()
                    else:
                        case.with_user(cls.approver).action_approve()
            if rating:
                # sudo: the applicant rates on the public page; the test writes it directly
                case.sudo().write({"rating": rating, "rating_comment": "test"})
            cls.cases[key] = case.with_env(cls.env)
        with freeze_time("2025-03-10"):
            cls._set_delivery(cls.cases["F"])
            cls.cases["F"].with_user(cls.clerk).action_deliver()
        cls.all_cases = Case.union(*cls.cases.values())
        cls.period = [("received_date", ">=", "2025-03-01"), ("received_date", "<=", "2025-04-30")]

    # ------------------------------------------------------------------
    # figures
    # ------------------------------------------------------------------

    def test_statistics_per_item_and_month(self):
        Case = self.env["dawa.approval.case"].with_user(self.manager)
        stats = Case._get_case_statistics(self.period, ["received_date:month", "main_item_id"])
        self.assertEqual(self.cases["F"].state, "closed")
        march = stats[(MARCH, self.item)]
        self.assertEqual(
            {k: march[k] for k in ("received", "accepted", "approved", "denied", "decided",
                                   "on_time", "open", "rated", "bad")},
            {"received": 5, "accepted": 4, "approved": 2, "denied": 1, "decided": 3,
             "on_time": 2, "open": 2, "rated": 3, "bad": 2})
        self.assertAlmostEqual(march["on_time_rate"], 2 / 3)
        self.assertEqual(
            [self.cases[k].decision_workdays for k in "ABC"], [1, 6, 2],
            "working days from acceptance to decision")
        self.assertAlmostEqual(march["average_workdays"], 3.0)
        self.assertAlmostEqual(march["average_rating"], 8 / 3)

        water = stats[(MARCH, self.water_item)]
        self.assertEqual((water["received"], water["approved"], water["on_time_rate"],
                          water["average_workdays"], water["average_rating"], water["bad"]),
                         (1, 1, 1.0, 1.0, 4.0, 0),
                         "a delivered (closed) case still counts as approved")
        april = stats[(date(2025, 4, 1), self.item)]
        self.assertEqual((april["received"], april["approved"], april["average_workdays"],
                          april["rated"], april["average_rating"]), (1, 1, 0.0, 0, None))
        self.assertEqual(len(stats), 3, "case H was received before the period")

        by_agency = Case._get_case_statistics(self.period, ["agency_id"])
        self.assertEqual(by_agency[(self.housing,)]["received"], 6)
        self.assertEqual(by_agency[(self.water,)]["approved"], 1)

    def test_statistics_query_count(self):
        """One query per grouping, whatever the number of cases."""
        Case = self.env["dawa.approval.case"].with_user(self.manager)
        keys = ["received_date:month", "main_item_id"]
        Case._get_case_statistics([], keys)  # warm the access rights and rules caches
        for domain in ([("id", "in", self.all_cases[:3].ids)], self.period):
            self.env.invalidate_all()
            with self.assertQueryCount(1):
                Case._get_case_statistics(domain, keys)
        more = self.env["dawa.approval.case"].union(*(
            self._create_case(applicant_name=f"Extra {n}") for n in range(27)))
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            stats = Case._get_case_statistics([("id", "in", (self.all_cases | more).ids)], keys)
        self.assertEqual(sum(f["received"] for f in stats.values()), 35)

    def test_statistics_xlsx(self):
        output = io.BytesIO()
        self.env["dawa.approval.case"].with_user(self.manager)._write_statistics_xlsx(
            output, date(2025, 3, 1), date(2025, 4, 30))
        book = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
        self.assertEqual(book.sheetnames, ["By Item", "By Department"])
        rows = list(book["By Item"].iter_rows(values_only=True))
        self.assertEqual(rows[0][:4], ("Month Received", "Item Code", "Approval Item",
                                       "Original Department"))
        self.assertIn("Bad Ratings", rows[0])
        by_code = {(row[0], row[1]): row for row in rows[1:-1]}
        march = by_code[(datetime(2025, 3, 1), "TEST-HOUSING-001")]
        self.assertEqual(march[3:8], (self.housing.name, 5, 4, 2, 1))
        self.assertAlmostEqual(march[8], 2 / 3)
        self.assertEqual(march[9:11], (3, 3), "3 working days on average, 3 ratings")
        self.assertAlmostEqual(march[11], 8 / 3)
        self.assertEqual(march[12], 2, "2 bad ratings")
        self.assertEqual(rows[-1][1], "Total")
        self.assertEqual(rows[-1][4], 7, "7 cases received in the period")
        agencies = {row[1]: row for row in book["By Department"].iter_rows(
            min_row=2, values_only=True)}
        self.assertEqual(agencies[self.water.name][2:5], (1, 1, 1))

    # ------------------------------------------------------------------
    # list export
    # ------------------------------------------------------------------

    def _export(self, domain, user, batch_size=2000):
        output = io.BytesIO()
        count = self.env["dawa.approval.case"].with_user(user)._write_cases_xlsx(
            output, domain, batch_size=batch_size)
        sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue())).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows) - 1, count)
        return rows[0], rows[1:]

    def test_export_filtered_list(self):
        domain = [("id", "in", self.all_cases.ids), ("decision", "=", "approved")]
        header, rows = self._export(domain, self.clerk, batch_size=2)
        self.assertEqual(header[:3], ("Application Number", "Applicant Name", "Approval Items"))
        self.assertEqual(header[5], "Received Date")
        approved = self.all_cases.filtered(lambda c: c.decision == "approved")
        self.assertEqual(len(approved), 5)
        self.assertEqual([row[0] for row in rows], approved.sorted("id", reverse=True).mapped(
            "name"), "exactly the filtered cases, newest first, across batches of 2")
        row_a = next(row for row in rows if row[0] == self.cases["A"].name)
        self.assertEqual(row_a[1:5], ("Co A", self.item.display_name, self.housing.name,
                                      "Approved"))
        self.assertEqual(row_a[5:8], (datetime(2025, 3, 3), datetime(2025, 3, 3),
                                      datetime(2025, 3, 4)))
        self.assertEqual(row_a[8], datetime(2025, 3, 6), "promised deadline")
        self.assertEqual(row_a[11:], ("Yes", "Very Satisfied"))
        row_b = next(row for row in rows if row[0] == self.cases["B"].name)
        self.assertEqual(row_b[11:], ("No", "Very Dissatisfied"))

    def test_export_respects_record_rules(self):
        self.cases["D"].user_id = self.approver
        self.env["ir.rule"].create({
            "name": "test: clerks see their own cases",
            "model_id": self.env["ir.model"]._get_id("dawa.approval.case"),
            "groups": [self.env.ref("dawa_approval.group_window_clerk").id],
            "domain_force": "[('user_id', '=', user.id)]",
        })
        _header, rows = self._export([("id", "in", self.all_cases.ids)], self.clerk)
        self.assertEqual(len(rows), len(self.all_cases) - 1)
        self.assertNotIn(self.cases["D"].name, [row[0] for row in rows])
        with self.assertRaises(AccessError):
            self._export([], self.employee)

    def test_export_server_action(self):
        Case = self.env["dawa.approval.case"].with_user(self.clerk)
        ids = self.all_cases[:3].ids
        action = Case.with_context(
            active_ids=ids, active_domain=[("state", "=", "approved")]).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        url = urlparse(action["url"])
        self.assertEqual(url.path, "/dawa/approval/export/cases")
        self.assertEqual(json.loads(parse_qs(url.query)["domain"][0]), [["id", "in", ids]])
        # the whole search selected: the client sends only the first active_ids_limit ids
        self.env["ir.config_parameter"].set_param("web.active_ids_limit", "3")
        action = Case.with_context(
            active_ids=ids, active_domain=[["state", "=", "approved"]]).action_export_xlsx()
        domain = json.loads(parse_qs(urlparse(action["url"]).query)["domain"][0])
        self.assertEqual(domain, [["state", "=", "approved"]])
        bound = self.env.ref("dawa_approval.dawa_approval_case_action_export_xlsx")
        self.assertEqual(bound.binding_model_id.model, "dawa.approval.case")

    # ------------------------------------------------------------------
    # access
    # ------------------------------------------------------------------

    def test_access(self):
        Wizard = self.env["dawa.case.statistics.wizard"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.clerk).create({"date_from": "2025-03-01"})
        with self.assertRaises(AccessError):
            self.env["dawa.approval.case"].with_user(self.approver).get_dashboard_data()
        with self.assertRaises(AccessError):
            self.env["dawa.approval.case"].with_user(self.clerk)._write_statistics_xlsx(
                io.BytesIO(), date(2025, 3, 1), date(2025, 3, 31))

        wizard = Wizard.with_user(self.manager).create(
            {"date_from": "2025-03-01", "date_to": "2025-04-30"})
        action = wizard.action_export()
        self.assertEqual(
            action["url"],
            "/dawa/approval/export/statistics?date_from=2025-03-01&date_to=2025-04-30")
        self.assertTrue(
            self.env["dawa.approval.case"].with_user(self.manager).get_dashboard_data())

    # ------------------------------------------------------------------
    # dashboard
    # ------------------------------------------------------------------

    def test_dashboard_drill_down(self):
        """Every figure of the dashboard is the count of the cases its link opens."""
        Case = self.env["dawa.approval.case"].with_user(self.manager)
        data = Case.get_dashboard_data()
        total = data["total"]
        self.assertEqual(total["received"], Case.search_count([]))
        self.assertEqual(total["open"], Case.search_count(total["open_domain"]))
        self.assertEqual(total["decided"], Case.search_count(total["decided_domain"]))
        self.assertEqual(total["on_time"], Case.search_count(total["on_time_domain"]))
        self.assertEqual(total["bad"], Case.search_count(total["bad_domain"]))
        for entry in data["states"] + data["deadlines"] + data["ratings"]:
            self.assertEqual(entry["count"], Case.search_count(entry["domain"]), entry["key"])
        for row in data["agencies"] + data["items"]:
            self.assertEqual(row["received"], Case.search_count(row["domain"]), row["name"])
            self.assertEqual(row["open"], Case.search_count(row["open_domain"]), row["name"])
            self.assertEqual(row["overdue"], Case.search_count(row["overdue_domain"]))
        water = next(row for row in data["agencies"] if row["id"] == self.water.id)
        self.assertGreaterEqual(water["approved"], 1)
        self.assertEqual([entry["key"] for entry in data["ratings"]], ["5", "4", "3", "2", "1"])
        self.assertEqual(sum(entry["count"] for entry in data["states"]), total["received"])

    def test_dashboard_with_a_case_without_item(self):
        """A case received without its item yet ties with a department: the home screen of
        the leader still loads, the case counted under an undefined department."""
        self.env["dawa.approval.case"].search([]).action_archive()
        self._create_case(applicant_name="Only item")
        self._create_case(applicant_name="No item yet", line_ids=[])
        data = self.env["dawa.approval.case"].with_user(self.manager).get_dashboard_data()
        self.assertEqual([row["received"] for row in data["agencies"]], [1, 1])
        self.assertEqual([row["received"] for row in data["items"]], [1, 1])
        undefined = next(row for row in data["items"] if not row["id"])
        self.assertEqual(undefined["domain"], [("main_item_id", "=", False)])

    def test_dashboard_query_count(self):
        Case = self.env["dawa.approval.case"].with_user(self.manager)
        Case.get_dashboard_data()  # warm the group caches
        self.env.invalidate_all()
        with self.assertQueryCount(3):  # one grouped query, the departments' and items' names
            Case.get_dashboard_data()
        self.env["dawa.approval.case"].union(*(
            self._create_case(applicant_name=f"Extra {n}") for n in range(27)))
        self.env.invalidate_all()
        with self.assertQueryCount(3):  # one grouped query, the departments' and items' names
            Case.get_dashboard_data()


@tagged("post_install", "-at_install")
class TestCaseExportRoutes(DawaCaseCommon, HttpCase):
    """The download routes: a manager gets the workbook, a user without access gets none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._create_case(applicant_name="Route Test Co").with_env(cls.env)

    def test_cases_route(self):
        url = "/dawa/approval/export/cases?domain=" + json.dumps([["id", "=", self.case.id]])
        self.authenticate("test_manager", "test_manager")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], xlsx_layout.MIMETYPE)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual([row[:2] for row in rows], [(self.case.name, "Route Test Co")])

        self.authenticate("test_employee", "test_employee")
        response = self.url_open(url, allow_redirects=False)
        self.assertIn(response.status_code, (403, 303))
        self.assertNotIn(b"Route Test Co", response.content)
        self.assertNotEqual(response.headers.get("Content-Type"), xlsx_layout.MIMETYPE)

    def test_statistics_route(self):
        url = "/dawa/approval/export/statistics?date_from=2025-01-01&date_to=2030-12-31"
        self.authenticate("test_manager", "test_manager")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], xlsx_layout.MIMETYPE)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(len(book.sheetnames), 2)

        for login in ("test_clerk", "test_employee"):
            self.authenticate(login, login)
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (403, 303), login)
            self.assertNotEqual(response.headers.get("Content-Type"), xlsx_layout.MIMETYPE)
        self.authenticate(None, None)
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 303, "anonymous visitors go to the login page")
