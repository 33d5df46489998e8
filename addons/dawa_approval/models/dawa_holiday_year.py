from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import workdays

# The State Council publishes the next year's arrangement around the end of October: from
# this day of the last confirmed year the catalogue admins are asked to enter it.
REMINDER_MONTH, REMINDER_DAY = 11, 1


class DawaHolidayYear(models.Model):
    """A year whose holidays and make-up workdays are confirmed (the State Council's notice
    is entered, by the chinese-calendar package or by hand).

    Deadlines count the exception rows up to the last confirmed year; in a later year they
    count weekends only and the cases show them as provisional (``deadline_provisional``).
    Confirming a year, or withdrawing the confirmation, recomputes those deadlines.
    """

    _name = "dawa.holiday.year"
    _description = "Confirmed Year of the Holiday Calendar"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc"
    _rec_name = "year"

    year = fields.Integer(required=True, readonly=True, index=True)
    source = fields.Selection(
        [("calendar", "Chinese Calendar Package"), ("manual", "Entered by Hand")],
        required=True, default="manual", readonly=True,
    )
    holiday_count = fields.Integer(string="Holidays", compute="_compute_counts")
    workday_count = fields.Integer(string="Make-up Workdays", compute="_compute_counts")
    reminder_date = fields.Date(
        string="Next Year Reminder Sent", readonly=True, copy=False,
        help="The day the catalogue administrators were asked to enter the next year's "
        "arrangement.",
    )

    _sql_constraints = [
        ("year_unique", "unique(year)", "This year is already confirmed."),
    ]

    def _compute_counts(self):
        counts = {
            (year, kind): count
            for year, kind, count in self.env["dawa.holiday"]._read_group(
                [("year", "in", self.mapped("year"))], ["year", "kind"], ["__count"])
        }
        for record in self:
            record.holiday_count = counts.get((record.year, workdays.HOLIDAY), 0)
            record.workday_count = counts.get((record.year, workdays.WORKDAY), 0)

    @api.constrains("year")
    def _check_year(self):
        confirmed = set(self.search([]).mapped("year"))
        for record in self:
            if record.year - 1 not in confirmed and any(
                    year < record.year for year in confirmed):
                raise ValidationError(self.env._(
                    "Confirm %(previous)s before %(year)s: deadlines count every year up to "
                    "the last confirmed one.", previous=record.year - 1, year=record.year))
            if not record.holiday_count:
                raise ValidationError(self.env._(
                    "No holiday of %(year)s is entered yet. Enter the holidays and make-up "
                    "workdays of the State Council's notice for %(year)s first, then confirm "
                    "the year.", year=record.year))

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._on_coverage_changed()
        # sudo: the admin who confirms the year closes the reminders of every admin
        self.sudo().search([("year", "in", [year - 1 for year in records.mapped("year")])]) \
            .activity_feedback(
                ["dawa_approval.mail_activity_type_holiday_year"],
                feedback=self.env._("The next year's arrangement is confirmed."))
        return records

    def unlink(self):
        years = self.mapped("year")
        result = super().unlink()
        if years:
            self.env["dawa.holiday.year"]._on_coverage_changed(min(years))
        return result

    @api.model
    def _confirm_years(self, years, source="manual"):
        """Confirm ``years`` (those not confirmed yet); returns the new records."""
        known = set(self.search([("year", "in", list(years))]).mapped("year"))
        return self.create([
            {"year": year, "source": source}
            for year in sorted(set(years) - known)
        ])

    def _on_coverage_changed(self, first_year=None):
        """Rebuild the cached calendar and recompute the deadlines it changes: the
        provisional ones, and those falling in or after ``first_year`` (default: the first
        year of ``self``)."""
        self.env.registry.clear_cache()
        first_year = first_year or min(self.mapped("year"), default=None)
        if first_year is None:
            return
        # sudo: a catalogue admin confirms the calendar; the cases' deadlines follow it even
        # though he may not read the cases
        self.env["dawa.approval.case"].sudo()._refresh_calendar_deadlines(date(first_year, 1, 1))

    @api.model
    def _cron_remind_next_year(self):
        """From November 1st of the last confirmed year, ask the catalogue admins once (one
        activity each, not one a day) to enter the next year's arrangement."""
        last = self.search([], order="year desc", limit=1)
        today = self.env["dawa.holiday"]._bureau_today()
        if not last or last.reminder_date or today < date(last.year, REMINDER_MONTH, REMINDER_DAY):
            return
        activity_type = self.env.ref("dawa_approval.mail_activity_type_holiday_year")
        model_id = self.env["ir.model"]._get_id(self._name)
        next_year = last.year + 1
        vals_list = []
        for user in self._get_reminder_users():
            # the summary is read by the assignee: in his language, not the cron's
            env = self.with_context(lang=user.lang).env
            vals_list.append({
                "res_model_id": model_id,
                "res_id": last.id,
                "activity_type_id": activity_type.id,
                "summary": env._("Enter the %(year)s holiday arrangement", year=next_year),
                "note": env._(
                    "Enter the holidays and make-up workdays of %(year)s from the State "
                    "Council's notice in the holiday calendar, then confirm the year. Until "
                    "then, deadlines in %(year)s count weekends only and are shown as "
                    "provisional.", year=next_year),
                "date_deadline": max(today, date(last.year, 12, 31)),
                "user_id": user.id,
                "automated": True,
            })
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        last.reminder_date = today

    @api.model
    def _get_reminder_users(self):
        """The catalogue admins; the bureau managers when there is none."""
        catalog = self.env.ref("dawa_approval.group_catalog_admin").users
        managers = self.env.ref("dawa_approval.group_manager").users
        users = (catalog - managers) or managers
        return users.filtered(
            lambda user: user.active and not user.share and not user._is_superuser())
