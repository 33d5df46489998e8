from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DawaStaffCommon


@tagged("post_install", "-at_install")
class TestSecondment(DawaStaffCommon):
    def _secondment(self, **values):
        employee = self.env["hr.employee"].create({"name": values.pop("name", "Newcomer")})
        return self.env["dawa.staff.secondment"].with_user(self.hr_officer).create({
            "employee_id": employee.id, "origin_agency_id": self.water.id,
            "date_start": "2026-02-01", **values,
        })

    def test_start_records_the_home_unit_and_end_closes(self):
        secondment = self._secondment()
        employee = secondment.employee_id
        self.assertFalse(employee.is_seconded)
        with freeze_time("2026-02-01"):
            secondment.action_start()
        self.assertEqual(secondment.state, "active")
        self.assertEqual(secondment.started_date, date(2026, 2, 1))
        self.assertTrue(employee.is_seconded)
        self.assertEqual(employee.origin_agency_id, self.water)
        with freeze_time("2026-06-30"):
            secondment.action_end()
        self.assertEqual(secondment.state, "ended")
        self.assertEqual(secondment.date_end, date(2026, 6, 30))
        self.assertFalse(employee.is_seconded)
        # an ended secondment is frozen
        with self.assertRaisesText(UserError, "Ended"):
            secondment.position = "Something else"

    def test_seconded_flag_follows_the_secondments_only(self):
        employee = self._secondment().employee_id
        with self.assertRaisesText(UserError, "follows from the secondments"):
            employee.with_user(self.hr_officer).write({"is_seconded": True})
        with self.assertRaisesText(UserError, "follows from the secondments"):
            self.env["hr.employee"].with_user(self.hr_officer).create(
                {"name": "Forged Secondee", "is_seconded": True})
        self.assertFalse(employee.is_seconded)
        # the value it has may be sent back (the form saves it)
        employee.with_user(self.hr_officer).write({"is_seconded": False, "job_title": "Clerk"})

    def test_steps_are_hr_officers_and_state_is_theirs_only(self):
        secondment = self._secondment()
        with self.assertRaisesText(UserError, "HR Officer"):
            secondment.with_user(self.manager).action_start()
        with self.assertRaises(UserError):
            secondment.with_user(self.hr_officer).write({"state": "active"})
        with self.assertRaises(UserError):
            self.env["dawa.staff.secondment"].with_user(self.hr_officer).create({
                "employee_id": secondment.employee_id.id, "origin_agency_id": self.water.id,
                "date_start": "2027-01-01", "state": "ended",
            })
        secondment.with_user(self.hr_officer).action_start()
        with self.assertRaisesText(UserError, "In Progress"):
            secondment.with_user(self.hr_officer).action_start()

    def test_dates_and_overlap(self):
        with self.assertRaisesText(ValidationError, "cannot end"):
            self._secondment(date_end="2026-01-15")
        secondment = self._secondment(date_end="2026-12-31")
        with self.assertRaisesText(ValidationError, "already has a secondment"):
            self.env["dawa.staff.secondment"].create({
                "employee_id": secondment.employee_id.id, "origin_agency_id": self.housing.id,
                "date_start": "2026-06-01",
            })
        # after it, no overlap
        self.env["dawa.staff.secondment"].create({
            "employee_id": secondment.employee_id.id, "origin_agency_id": self.housing.id,
            "date_start": "2027-01-01",
        })

    def test_filters_ending_this_quarter_and_not_evaluated_this_year(self):
        Secondment = self.env["dawa.staff.secondment"].with_user(self.hr_officer)
        ending = self._secondment(name="Leaving", date_end="2026-11-30")
        later = self._secondment(name="Staying", date_end="2027-02-28")
        (ending | later).action_start()
        with freeze_time("2026-10-15"):
            found = Secondment.search([("ends_this_quarter", "=", True)])
            self.assertIn(ending, found)
            self.assertNotIn(later, found)
            self.assertIn(later, Secondment.search([("ends_this_quarter", "=", False)]))
            self.assertTrue(ending.ends_this_quarter)
        with freeze_time("2027-01-10"):
            self.assertIn(later, Secondment.search([("ends_this_quarter", "=", True)]))
        with freeze_time("2026-10-15"):
            not_evaluated = Secondment.search([("evaluated_this_year", "=", False)])
            self.assertIn(self.clerk_secondment, not_evaluated)
            self._open_period(kind="quarter", name="2026 Q3", date_from="2026-07-01",
                              date_to="2026-09-30")
            Secondment.invalidate_model()
            not_evaluated = Secondment.search([("evaluated_this_year", "=", False)])
            self.assertNotIn(self.clerk_secondment, not_evaluated)
            self.assertIn(self.clerk_secondment,
                          Secondment.search([("evaluated_this_year", "=", True)]))
            self.assertTrue(self.clerk_secondment.evaluated_this_year)
        with freeze_time("2027-01-10"):
            Secondment.invalidate_model()
            self.assertIn(self.clerk_secondment,
                          Secondment.search([("evaluated_this_year", "=", False)]))
        # seconded from the housing bureau
        from_housing = Secondment.search([("origin_agency_id", "=", self.housing.id)])
        self.assertEqual(from_housing, self.clerk_secondment | self.manager_secondment)

    def test_transfer_agreement_lists_its_staff(self):
        agreement = self.env["dawa.transfer.agreement"].create({"agency_id": self.housing.id})
        self.clerk_secondment.transfer_agreement_id = agreement
        as_hr = agreement.with_user(self.hr_officer)
        self.assertEqual(as_hr.secondment_ids, self.clerk_secondment)
        self.assertEqual(as_hr.secondment_count, 1)
        # the catalogue administrator manages the agreement, not the staff
        with self.assertRaises(AccessError):
            agreement.with_user(self.catalog_admin).read(["secondment_ids"])
