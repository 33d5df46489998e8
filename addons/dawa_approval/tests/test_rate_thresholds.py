from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import DawaCaseCommon


@tagged("post_install", "-at_install")
class TestRateThresholds(DawaCaseCommon):
    """The colours of the rates on the dashboards: thresholds the leader sets, read by the
    dashboard with its figures."""

    def _thresholds(self):
        return self.env["dawa.approval.case"].with_user(self.manager).get_dashboard_data()[
            "thresholds"]

    def test_defaults(self):
        self.assertEqual(self._thresholds(), {
            "on_time": {"good": 95.0, "fair": 85.0},
            "satisfaction": {"good": 95.0, "fair": 90.0},
        })

    def test_leader_sets_the_thresholds(self):
        form = Form(self.env["dawa.rate.thresholds"].with_user(self.manager))
        self.assertEqual((form.on_time_good, form.on_time_fair), (95, 85))
        form.on_time_good, form.on_time_fair = 90, 80
        form.save().action_save()
        self.assertEqual(self._thresholds()["on_time"], {"good": 90.0, "fair": 80.0})
        self.assertEqual(self._thresholds()["satisfaction"], {"good": 95.0, "fair": 90.0})

    def test_inconsistent_thresholds_are_refused(self):
        wizard = self.env["dawa.rate.thresholds"].with_user(self.manager).create({
            "on_time_good": 80, "on_time_fair": 90,
            "satisfaction_good": 95, "satisfaction_fair": 90})
        with self.assertRaises(ValidationError):
            wizard.action_save()
        wizard.write({"on_time_good": 101, "on_time_fair": 90})
        with self.assertRaises(ValidationError):
            wizard.action_save()
        self.assertEqual(self._thresholds()["on_time"], {"good": 95.0, "fair": 85.0})

    def test_only_leaders_set_the_thresholds(self):
        for user in (self.clerk, self.approver, self.employee):
            with self.assertRaises(AccessError):
                self.env["dawa.rate.thresholds"].with_user(user).create({
                    "on_time_good": 10, "on_time_fair": 0,
                    "satisfaction_good": 10, "satisfaction_fair": 0})
        wizard = self.env["dawa.rate.thresholds"].with_user(self.manager).create({
            "on_time_good": 10, "on_time_fair": 0,
            "satisfaction_good": 10, "satisfaction_fair": 0})
        with self.assertRaises(AccessError):
            wizard.with_user(self.approver).action_save()
        self.assertEqual(self._thresholds()["on_time"], {"good": 95.0, "fair": 85.0})

    def test_settings_refuse_inconsistent_thresholds(self):
        settings = self.env["res.config.settings"].create({
            "dawa_on_time_rate_good": 80, "dawa_on_time_rate_fair": 90})
        with self.assertRaises(ValidationError):
            settings.execute()
        settings = self.env["res.config.settings"].create({
            "dawa_satisfaction_rate_good": 98, "dawa_satisfaction_rate_fair": 92})
        settings.execute()
        self.assertEqual(self._thresholds()["satisfaction"], {"good": 98.0, "fair": 92.0})


@tagged("post_install", "-at_install")
class TestRateColoursTour(DawaCaseCommon, HttpCase):
    """The dashboard colours the on-time and satisfaction rates by the thresholds: one case
    decided on time out of two is 50 %, red by default, amber once the leader lowers the
    amber threshold to 50 %."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # accepted on Monday 3 March 2025, promised in 3 working days: one decided the next
        # day, the other a week later (late)
        for decided in ("2025-03-04", "2025-03-11"):
            with freeze_time("2025-03-03"):
                case = cls._provide_all(cls._create_case())
                case.with_user(cls.clerk).action_accept()
            with freeze_time(decided):
                cls._submit(case)
                case.with_user(cls.approver).action_approve()

    def test_colours(self):
        self.start_tour("/odoo/action-dawa_approval.dawa_approval_dashboard_action",
                        "dawa_rate_colours_red", login="test_manager")
        self.env["ir.config_parameter"].set_param("dawa_approval.on_time_rate_fair", "50")
        self.start_tour("/odoo/action-dawa_approval.dawa_approval_dashboard_action",
                        "dawa_rate_colours_amber", login="test_manager")
