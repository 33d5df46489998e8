from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from odoo.addons.dawa_approval.tools import workdays


@tagged("post_install", "-at_install")
class TestHoliday(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Holiday = cls.env["dawa.holiday"]
        # The install seeded every known year; make sure 2026 is there whatever the data state.
        cls.Holiday._seed_year(2026)
        cls.employee = new_test_user(
            cls.env, login="test_holiday_employee", groups="base.group_user"
        )
        cls.catalog_admin = new_test_user(
            cls.env, login="test_holiday_admin", groups="dawa_approval.group_catalog_admin"
        )

    def test_seeded_2026(self):
        rows = self.Holiday.search([("year", "=", 2026)])
        by_date = {row.date: row for row in rows}
        for day in range(1, 8):
            if date(2026, 10, day).weekday() < 5:
                self.assertEqual(by_date[date(2026, 10, day)].kind, "holiday")
        self.assertEqual(by_date[date(2026, 10, 1)].name, "国庆节")
        self.assertEqual(by_date[date(2026, 10, 10)].kind, "workday")
        self.assertEqual(by_date[date(2026, 9, 20)].kind, "workday")
        self.assertEqual(by_date[date(2026, 2, 14)].kind, "workday")
        self.assertEqual(by_date[date(2026, 2, 28)].kind, "workday")
        self.assertEqual(set(rows.mapped("source")), {"calendar"})
        self.assertEqual(by_date[date(2026, 10, 10)].weekday, "5")

    def test_add_workdays(self):
        add = self.Holiday.add_workdays
        self.assertEqual(add("2026-09-30", 1), date(2026, 10, 8))
        self.assertEqual(add(date(2026, 9, 18), 1), date(2026, 9, 20))  # Friday -> worked Sunday
        self.assertEqual(add(date(2026, 10, 9), 1), date(2026, 10, 10))  # worked Saturday
        self.assertEqual(add(date(2026, 2, 13), 1), date(2026, 2, 14))  # worked Saturday
        self.assertEqual(add(date(2026, 2, 14), 1), date(2026, 2, 24))  # after Spring Festival
        self.assertEqual(add(date(2026, 2, 27), 1), date(2026, 2, 28))
        self.assertIsInstance(add("2026-09-30", 1), date)

    def test_add_workdays_zero_and_strings(self):
        add = self.Holiday.add_workdays
        self.assertEqual(add("2026-10-03", 0), date(2026, 10, 3))
        self.assertEqual(add(date(2026, 10, 1), 0), date(2026, 10, 1))
        self.assertEqual(add("2026-09-30 08:00:00", 1), date(2026, 10, 8))
        self.assertEqual(add("2026-10-01", 1), add(date(2026, 10, 1), 1))

    def test_add_workdays_bad_input(self):
        with self.assertRaises(ValidationError):
            self.Holiday.add_workdays("2026-10-01", -1)
        with self.assertRaises(ValidationError):
            self.Holiday.add_workdays("2026-10-01", 1.5)
        with self.assertRaises(ValidationError):
            self.Holiday.add_workdays("not a date", 1)
        with self.assertRaises(ValidationError):
            self.Holiday.count_workdays(False, "2026-10-01")

    def test_count_workdays(self):
        count = self.Holiday.count_workdays
        self.assertEqual(count("2026-09-30", "2026-10-08"), 1)
        self.assertEqual(count(date(2026, 9, 30), date(2026, 10, 10)), 3)  # 8, 9, 10 (Sat)
        self.assertEqual(count("2026-02-13", "2026-02-28"), 6)  # 14, 24, 25, 26, 27, 28
        self.assertEqual(count("2026-10-08", "2026-10-08"), 0)
        self.assertEqual(count("2026-10-08", "2026-10-01"), 0)
        # count and add agree.
        for n in (1, 5, 20, 250):
            self.assertEqual(count("2026-01-01", self.Holiday.add_workdays("2026-01-01", n)), n)

    def test_query_count(self):
        self.env.flush_all()
        for n in (5, 250):
            self.env.registry.clear_cache()
            with self.assertQueryCount(1):
                self.Holiday.add_workdays("2026-09-30", n)
            with self.assertQueryCount(0):
                self.Holiday.add_workdays("2026-09-30", n)
                self.Holiday.count_workdays("2026-01-01", "2026-12-31")
        # Every user hits the same cache.
        with self.assertQueryCount(0):
            self.Holiday.with_user(self.employee).add_workdays("2026-09-30", 250)

    def test_manual_row_changes_result_immediately(self):
        self.assertEqual(self.Holiday.add_workdays("2026-11-02", 1), date(2026, 11, 3))
        manual = self.Holiday.create({"date": "2026-11-03", "kind": "holiday", "name": "Test day"})
        self.assertEqual(manual.source, "manual")
        self.assertEqual(manual.year, 2026)
        self.assertEqual(self.Holiday.add_workdays("2026-11-02", 1), date(2026, 11, 4))
        manual.write({"date": "2026-11-04"})
        self.assertEqual(self.Holiday.add_workdays("2026-11-02", 1), date(2026, 11, 3))
        manual.unlink()
        self.assertEqual(self.Holiday.add_workdays("2026-11-03", 1), date(2026, 11, 4))

    def test_kind_must_match_weekday(self):
        with self.assertRaises(ValidationError):
            self.Holiday.create({"date": "2026-11-07", "kind": "holiday", "name": "Saturday"})
        with self.assertRaises(ValidationError):
            self.Holiday.create({"date": "2026-11-05", "kind": "workday", "name": "Thursday"})
        row = self.Holiday.create({"date": "2026-11-07", "kind": "workday", "name": "Saturday"})
        with self.assertRaises(ValidationError):
            row.date = "2026-11-06"

    @mute_logger("odoo.sql_db")
    def test_unique_date(self):
        with self.assertRaises(IntegrityError):
            self.Holiday.create({"date": "2026-10-01", "kind": "holiday", "name": "Again"})
            self.env.flush_all()

    def test_reseed_keeps_manual_rows_and_restores_calendar_rows(self):
        manual = self.Holiday.create({"date": "2026-11-03", "kind": "holiday", "name": "Test day"})
        national_day = self.Holiday.search([("date", "=", "2026-10-01")])
        national_day.unlink()
        renamed = self.Holiday.search([("date", "=", "2026-10-02")])
        renamed.name = "Wrong name"
        stale = self.Holiday.create({
            "date": "2026-11-04", "kind": "holiday", "name": "Stale", "source": "calendar",
        })
        self.assertEqual(self.Holiday.add_workdays("2026-09-30", 1), date(2026, 10, 1))

        rows = self.Holiday._seed_year(2026)

        self.assertTrue(manual.exists())
        self.assertIn(manual, rows)
        self.assertFalse(stale.exists())
        self.assertEqual(renamed.name, "国庆节")
        restored = self.Holiday.search([("date", "=", "2026-10-01")])
        self.assertEqual((restored.kind, restored.source), ("holiday", "calendar"))
        self.assertEqual(self.Holiday.add_workdays("2026-09-30", 1), date(2026, 10, 8))
        expected = {day for day, _kind, _name in workdays.exceptions_for_year(2026)}
        self.assertEqual(set(rows.filtered(lambda r: r.source == "calendar").mapped("date")),
                         expected)

    def test_seed_known_years(self):
        self.Holiday._seed_known_years()
        self.assertEqual(
            set(self.Holiday.search([]).mapped("year")) >= set(workdays.known_years()), True
        )
        with self.assertRaises(LookupError):
            self.Holiday._seed_year(2099)

    @freeze_time("2026-05-15")
    def test_wizard(self):
        wizard_form = Form(self.env["dawa.holiday.seed"].with_user(self.catalog_admin))
        self.assertEqual(wizard_form.year, 2026)
        wizard = wizard_form.save()
        self.assertIn(str(workdays.known_years()[-1]), wizard.known_years)
        self.Holiday.search([("date", "=", "2026-10-01")]).unlink()
        action = wizard.action_seed()
        self.assertEqual(action["res_model"], "dawa.holiday")
        self.assertEqual(action["domain"], [("year", "=", 2026)])
        self.assertTrue(self.Holiday.search([("date", "=", "2026-10-01")]))

    def test_wizard_unknown_year(self):
        wizard = self.env["dawa.holiday.seed"].with_user(self.catalog_admin).create({"year": 2099})
        with self.assertRaises(UserError):
            wizard.action_seed()

    def test_access(self):
        as_employee = self.Holiday.with_user(self.employee)
        self.env.registry.clear_cache()
        self.assertEqual(as_employee.add_workdays("2026-09-30", 1), date(2026, 10, 8))
        self.assertEqual(as_employee.count_workdays("2026-09-30", "2026-10-08"), 1)
        self.assertTrue(as_employee.search([("year", "=", 2026)]))
        with self.assertRaises(AccessError):
            as_employee.create({"date": "2026-11-03", "kind": "holiday", "name": "Test day"})
        with self.assertRaises(AccessError):
            self.env["dawa.holiday.seed"].with_user(self.employee).create({"year": 2026})
        as_admin = self.Holiday.with_user(self.catalog_admin)
        row = as_admin.create({"date": "2026-11-03", "kind": "holiday", "name": "Test day"})
        row.name = "Renamed"
        row.unlink()
        self.assertFalse(row.exists())


@tagged("post_install", "-at_install")
class TestHolidayYears(TransactionCase):
    """Which years are confirmed, and the yearly reminder to enter the next one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Holiday = cls.env["dawa.holiday"]
        cls.Year = cls.env["dawa.holiday.year"]
        cls.Holiday._seed_year(2026)
        # nothing confirmed after 2026, whatever a later package would know
        cls.Year.search([("year", ">", 2026)]).unlink()
        cls.Holiday.search([("year", ">", 2026)]).unlink()
        cls.catalog_admin = new_test_user(
            cls.env, login="test_year_admin", groups="dawa_approval.group_catalog_admin")
        cls.manager = new_test_user(
            cls.env, login="test_year_manager", groups="dawa_approval.group_manager")
        cls.clerk = new_test_user(
            cls.env, login="test_year_clerk", groups="dawa_approval.group_window_clerk")
        cls.activity_type = cls.env.ref("dawa_approval.mail_activity_type_holiday_year")

    def _reminders(self, year):
        return self.env["mail.activity"].search([
            ("res_model", "=", "dawa.holiday.year"),
            ("res_id", "=", self.Year.search([("year", "=", year)]).id),
            ("activity_type_id", "=", self.activity_type.id)])

    def test_seeded_years_are_confirmed(self):
        years = self.Year.search([])
        self.assertEqual(set(years.mapped("year")) >= set(workdays.known_years()), True)
        year_2026 = years.filtered(lambda y: y.year == 2026)
        self.assertEqual(year_2026.source, "calendar")
        self.assertEqual(year_2026.holiday_count, len([
            row for row in workdays.exceptions_for_year(2026) if row[1] == "holiday"]))
        self.assertEqual(self.Holiday._get_work_calendar().confirmed_through, 2026)
        self.assertTrue(self.Holiday.search([("date", "=", "2026-10-01")]).year_confirmed)
        row = self.Holiday.create({"date": "2027-01-01", "kind": "holiday", "name": "元旦"})
        self.assertFalse(row.year_confirmed)
        # the API counts weekends only in a year not confirmed
        self.assertEqual(self.Holiday.add_workdays("2026-12-31", 1), date(2027, 1, 1))

    def test_admin_confirms_a_year_entered_by_hand(self):
        Holiday = self.Holiday.with_user(self.catalog_admin)
        Holiday.create([
            {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
            {"date": "2027-02-06", "kind": "workday", "name": "春节调休上班"},
        ])
        wizard = Form(self.env["dawa.holiday.seed"].with_user(self.catalog_admin))
        wizard.year = 2027
        self.assertEqual(wizard.last_confirmed_year, 2026)
        self.assertEqual(wizard.year_row_count, 2)
        wizard.save().action_confirm_year()
        year = self.Year.search([("year", "=", 2027)])
        self.assertEqual((year.source, year.create_uid), ("manual", self.catalog_admin))
        self.assertEqual((year.holiday_count, year.workday_count), (1, 1))
        self.assertEqual(self.Holiday.add_workdays("2026-12-31", 1), date(2027, 1, 4))
        self.assertEqual(self.Holiday.add_workdays("2027-02-05", 1), date(2027, 2, 6))
        with self.assertRaises(AccessError):
            self.Year.with_user(self.clerk).create({"year": 2028})
        with self.assertRaises(AccessError):
            year.with_user(self.clerk).unlink()
        with self.assertRaises(AccessError):
            self.env["dawa.holiday.seed"].with_user(self.clerk).create({"year": 2027})

    def test_reminder_from_november_first_once(self):
        with freeze_time("2026-10-31 12:00:00"):
            self.Year._cron_remind_next_year()
        self.assertFalse(self._reminders(2026))
        # 16:30 UTC on 10-31 is already November 1st in Beijing
        with freeze_time("2026-10-31 16:30:00"):
            self.Year._cron_remind_next_year()
        reminders = self._reminders(2026)
        self.assertIn(self.catalog_admin, reminders.user_id)
        self.assertNotIn(self.manager, reminders.user_id, "the catalogue admins' job")
        self.assertNotIn(self.clerk, reminders.user_id)
        self.assertEqual(len(reminders), len(reminders.user_id), "one each")
        self.assertIn("2027", reminders[0].summary)
        self.assertEqual(reminders[0].date_deadline, date(2026, 12, 31))
        for day in ("2026-11-02", "2026-11-20", "2027-01-04"):
            with freeze_time(day):
                self.Year._cron_remind_next_year()
        self.assertEqual(self._reminders(2026), reminders, "not one a day")

        self.Holiday.create({"date": "2027-01-01", "kind": "holiday", "name": "元旦"})
        self.Year.with_user(self.catalog_admin).create({"year": 2027})
        self.assertFalse(reminders.exists(), "done once the year is confirmed")
        with freeze_time("2027-11-01"):
            self.Year._cron_remind_next_year()
        self.assertIn("2028", self._reminders(2027)[0].summary)

    def test_reminder_goes_to_the_managers_when_there_is_no_catalogue_admin(self):
        self.catalog_admin.groups_id -= self.env.ref("dawa_approval.group_catalog_admin")
        others = self.env.ref("dawa_approval.group_catalog_admin").users - self.env.ref(
            "dawa_approval.group_manager").users
        others.groups_id -= self.env.ref("dawa_approval.group_catalog_admin")
        with freeze_time("2026-11-01"):
            self.Year._cron_remind_next_year()
        users = self._reminders(2026).user_id
        self.assertIn(self.manager, users)
        self.assertNotIn(self.env.ref("base.user_root"), users)

    def test_bureau_day(self):
        self.env.company.dawa_tz = "Asia/Shanghai"
        with freeze_time("2026-12-31 16:30:00"):
            self.assertEqual(self.Holiday._bureau_today(), date(2027, 1, 1))
            self.assertEqual(
                self.Holiday.with_user(self.clerk).with_context(tz="UTC")._bureau_today(),
                date(2027, 1, 1))
            wizard = self.env["dawa.holiday.seed"].with_user(self.catalog_admin).create({})
            self.assertEqual(wizard.year, 2027)
        self.env.company.dawa_tz = "America/New_York"
        with freeze_time("2027-01-01 03:00:00"):
            self.assertEqual(self.Holiday._bureau_today(), date(2026, 12, 31))
