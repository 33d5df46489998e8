from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import workdays


class DawaHolidaySeed(models.TransientModel):
    _name = "dawa.holiday.seed"
    _description = "Re-seed a Year of the Holiday Calendar"

    def _default_year(self):
        return self.env["dawa.holiday"]._bureau_today().year

    year = fields.Integer(required=True, default=_default_year)
    known_years = fields.Char(
        string="Years in the Package",
        compute="_compute_known_years",
        help="Years the installed chinese-calendar package has holiday data for.",
    )
    last_confirmed_year = fields.Integer(
        compute="_compute_last_confirmed_year",
        help="Deadlines count the holidays up to this year; later dates count weekends only.")
    year_row_count = fields.Integer(
        string="Rows Entered for the Year", compute="_compute_year_row_count")

    def _compute_known_years(self):
        years = workdays.known_years()
        for wizard in self:
            wizard.known_years = f"{years[0]}–{years[-1]}"

    @api.depends("year")
    def _compute_last_confirmed_year(self):
        last = self.env["dawa.holiday"]._get_work_calendar().confirmed_through
        for wizard in self:
            wizard.last_confirmed_year = last or 0

    @api.depends("year")
    def _compute_year_row_count(self):
        counts = dict(self.env["dawa.holiday"]._read_group(
            [("year", "in", self.mapped("year"))], ["year"], ["__count"]))
        for wizard in self:
            wizard.year_row_count = counts.get(wizard.year, 0)

    def action_seed(self):
        self.ensure_one()
        try:
            self.env["dawa.holiday"]._seed_year(self.year)
        except LookupError:
            raise UserError(
                self.env._(
                    "The chinese-calendar package has no holiday data for %(year)s yet "
                    "(it knows the years up to %(last)s). Enter the holidays and make-up "
                    "workdays of %(year)s by hand from the State Council notice, or update "
                    "the package.",
                    year=self.year,
                    last=workdays.known_years()[-1],
                )
            ) from None
        return self._action_view_year()

    def action_confirm_year(self):
        """Confirm the year entered by hand: deadlines count its rows from now on."""
        self.ensure_one()
        if self.env["dawa.holiday.year"].search_count([("year", "=", self.year)]):
            raise UserError(self.env._("%(year)s is already confirmed.", year=self.year))
        self.env["dawa.holiday.year"]._confirm_years([self.year])
        return self._action_view_year()

    def _action_view_year(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("dawa_approval.dawa_holiday_action")
        action.update({
            "name": self.env._("Holiday Calendar %(year)s", year=self.year),
            "domain": [("year", "=", self.year)],
            "context": {"default_source": "manual"},
            "target": "current",
        })
        return action
