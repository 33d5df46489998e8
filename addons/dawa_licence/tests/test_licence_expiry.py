from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DawaLicenceCommon


@tagged("post_install", "-at_install")
class TestLicenceExpiry(DawaLicenceCommon):
    """The daily job on the bureau's clock: expiry, the expiring figure, the reminders 60 and
    30 days before the last day, the notice hook."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-05-11"):
            cls.case = cls._approved_case(licence_valid_until="2026-09-30")
        cls.licence = cls.case.licence_ids
        cls.Licence = cls.env["dawa.licence"]

    def _reminders(self):
        return self.licence.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.env.ref(
                "dawa_licence.mail_activity_type_licence_expiring"))

    def test_expires_the_day_after_the_last_day_on_the_bureau_clock(self):
        # 2026-09-30 23:30 in Beijing is still the last day (15:30 UTC)
        with freeze_time("2026-09-30 15:30:00"):
            self.Licence._cron_expire()
        self.assertEqual(self.licence.state, "valid")
        # 2026-10-01 00:30 in Beijing (16:30 UTC the day before): expired
        with freeze_time("2026-09-30 16:30:00"):
            self.Licence._cron_expire()
        self.assertEqual(self.licence.state, "expired")
        self.assertEqual(self.licence.state_date, date(2026, 10, 1))
        self.assertEqual(self.licence.expiry_status, "expired")

    def test_reminders_at_60_and_30_days_once_each_with_the_hook(self):
        calls = []
        Licence = type(self.Licence)
        self.patch(Licence, "_on_licence_expiring",
                   lambda records, days: calls.append((records.ids, days)))
        with freeze_time("2026-07-31"):  # 61 days left
            self.Licence._cron_expire()
        self.assertFalse(self._reminders())
        self.assertEqual(self.licence.expiry_status, "expiring")
        with freeze_time("2026-08-01"):  # 60 days left
            self.Licence._cron_expire()
            self.Licence._cron_expire()  # run twice: one reminder
        reminders = self._reminders()
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.user_id, self.case.user_id)
        self.assertEqual(reminders.date_deadline, date(2026, 8, 31), "§50: 30 days before")
        self.assertEqual(calls, [(self.licence.ids, 60)])
        reminders.action_feedback()
        with freeze_time("2026-08-31"):  # 30 days left
            self.Licence._cron_expire()
        self.assertEqual(len(self._reminders()), 1)
        self.assertEqual(calls[-1], (self.licence.ids, 30))
        self.assertEqual(self.licence.expiry_notice_days, 30)

    def test_expiring_filter_and_figures(self):
        with freeze_time("2026-05-11"):
            far = self._approved_case().licence_ids  # 36 months
        with freeze_time("2026-07-05"):  # 87 days left
            self.Licence._cron_expire()
            domain = [("state", "=", "valid"), ("valid_to", "!=", False),
                      ("valid_to", "<=", "2026-10-03")]
            self.assertIn(self.licence, self.Licence.search(domain))
            self.assertNotIn(far, self.Licence.search(domain))
        groups = dict(self.Licence._read_group(
            [("id", "in", (self.licence | far).ids)], ["expiry_status"], ["__count"]))
        self.assertEqual(groups, {"expiring": 1, "valid": 1})

    def test_revoked_licence_neither_expires_nor_is_reminded(self):
        self.licence._revoke("大洼审批撤字〔2026〕9号", day=date(2026, 6, 1))
        with freeze_time("2026-10-05"):
            self.Licence._cron_expire()
        self.assertEqual(self.licence.state, "revoked")
        self.assertFalse(self._reminders())
