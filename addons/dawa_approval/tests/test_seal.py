from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DawaCommon

# action → states it may start from
SEAL_STEPS = {
    "action_file": {"draft"},
    "action_activate": {"filed"},
    "action_suspend": {"in_use"},
    "action_resume": {"suspended"},
    "action_retire": {"filed", "in_use", "suspended"},
    "action_destroy": {"retired"},
}
# how to reach each state from draft
SEAL_PATHS = {
    "draft": [],
    "filed": ["action_file"],
    "in_use": ["action_file", "action_activate"],
    "suspended": ["action_file", "action_activate", "action_suspend"],
    "retired": ["action_file", "action_retire"],
    "destroyed": ["action_file", "action_retire", "action_destroy"],
}


@tagged("post_install", "-at_install")
class TestSeal(DawaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an agency of our own: demo data already has the bureau's approval seal in use
        cls.town = cls.env["dawa.agency"].create({
            "name": "Test Town", "code": "test_town_seal", "kind": "town",
        })
        cls.other_town = cls.env["dawa.agency"].create({
            "name": "Other Test Town", "code": "test_other_town_seal", "kind": "town",
        })

    def _seal(self, code, user=None, **vals):
        values = {
            "name": f"Approval seal {code}",
            "code": code,
            "kind": "approval",
            "agency_id": self.town.id,
            "filing_ref": f"Filing {code}",
            "announcement_ref": f"Announcement {code}",
        }
        values.update(vals)
        return self.env["dawa.seal"].with_user(user or self.seal_keeper).create(values)

    def _seal_in(self, state, code, **vals):
        seal = self._seal(code, kind="agency", **vals)
        for step in SEAL_PATHS[state]:
            getattr(seal, step)()
        self.assertEqual(seal.state, state)
        return seal

    @freeze_time("2026-03-02 10:00:00")
    def test_lifecycle(self):
        seal = self._seal("T-LIFE", filing_ref=False, announcement_ref=False)
        self.assertEqual(seal.state, "draft")

        with self.assertRaisesText(ValidationError, "police filing reference"):
            seal.action_file()
        self.assertEqual(seal.state, "draft")
        seal.filing_ref = "Police filing 2026-7"
        seal.action_file()
        self.assertEqual(seal.state, "filed")
        self.assertEqual(seal.filing_date, date(2026, 3, 2))

        with self.assertRaisesText(ValidationError, "activation announcement reference"):
            seal.action_activate()
        self.assertEqual(seal.state, "filed")
        self.assertFalse(seal.announcement_date)
        seal.announcement_ref = "Announcement 2026-1"
        seal.action_activate()
        self.assertEqual(seal.state, "in_use")
        self.assertEqual(seal.announcement_date, date(2026, 3, 2))

        for _round in range(2):
            seal.action_suspend()
            self.assertEqual(seal.state, "suspended")
            seal.action_resume()
            self.assertEqual(seal.state, "in_use")

        seal.action_retire()
        self.assertEqual(seal.state, "retired")
        self.assertEqual(seal.retired_date, date(2026, 3, 2))
        seal.action_destroy()
        self.assertEqual(seal.state, "destroyed")
        self.assertEqual(seal.destroyed_date, date(2026, 3, 2))

    def test_activation_keeps_announcement_date(self):
        seal = self._seal("T-ANN", announcement_date="2026-01-05")
        seal.action_file()
        seal.action_activate()
        self.assertEqual(seal.announcement_date, date(2026, 1, 5))

    def test_wrong_state_refused(self):
        for index, state in enumerate(SEAL_PATHS):
            seal = self._seal_in(state, f"T-WRONG-{index}")
            for step, allowed in SEAL_STEPS.items():
                if state in allowed:
                    continue
                with self.subTest(state=state, step=step):
                    with self.assertRaisesText(UserError, "only possible when"):
                        getattr(seal, step)()
                    self.assertEqual(seal.state, state)

    def test_one_approval_seal_in_use_per_agency(self):
        first = self._seal("T-ONE-1")
        second = self._seal("T-ONE-2")
        (first | second).action_file()
        first.action_activate()
        with self.assertRaisesText(ValidationError, "already has an approval seal in use"):
            second.action_activate()
        self.assertEqual(second.state, "filed")

        # suspend the first one, the second one may take over; the first cannot come back
        first.action_suspend()
        second.action_activate()
        self.assertEqual(second.state, "in_use")
        with self.assertRaisesText(ValidationError, "already has an approval seal in use"):
            first.action_resume()
        self.assertEqual(first.state, "suspended")

        # created in use directly, or moved to the agency: refused as well
        with self.assertRaises(UserError):
            self._seal("T-ONE-3", state="in_use")
        other = self._seal("T-ONE-4", agency_id=self.other_town.id)
        other.action_file()
        other.action_activate()  # another agency: fine
        with self.assertRaises(ValidationError):
            other.agency_id = self.town

        # other kinds are not limited
        for index, kind in enumerate(("agency", "department", "electronic")):
            seal = self._seal(f"T-ONE-K{index}", kind=kind)
            seal.action_file()
            seal.action_activate()
            self.assertEqual(seal.state, "in_use")

    def test_seal_code_unique(self):
        self._seal("T-DUP")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._seal("T-DUP")
            self.env.flush_all()

    def test_seal_keeper_and_manager_may(self):
        for user in (self.seal_keeper, self.manager):
            with self.subTest(user=user.login):
                seal = self._seal(f"T-MAY-{user.id}", user=user, kind="agency")
                seal.write({"custodian_id": user.id})
                for step in ("action_file", "action_activate", "action_suspend",
                             "action_resume", "action_retire", "action_destroy"):
                    getattr(seal, step)()
                self.assertEqual(seal.state, "destroyed")

    def test_other_roles_may_not(self):
        seals = {state: self._seal_in(state, f"T-NOT-{state}") for state in SEAL_PATHS}
        for user in (self.catalog_admin, self.clerk, self.reviewer, self.approver):
            for step, allowed in SEAL_STEPS.items():
                state = sorted(allowed)[0]
                with self.subTest(user=user.login, step=step):
                    with self.assertRaisesText(UserError, "may do this"):
                        getattr(seals[state].with_user(user), step)()
                    self.assertEqual(seals[state].state, state)
            with self.subTest(user=user.login, op="read"):
                self.assertEqual(seals["draft"].with_user(user).read(["code"])[0]["code"],
                                 "T-NOT-draft")
            with self.subTest(user=user.login, op="write"), self.assertRaises(AccessError):
                seals["draft"].with_user(user).write({"name": "Renamed"})
            with self.subTest(user=user.login, op="create"), self.assertRaises(AccessError):
                self._seal(f"T-NOT-NEW-{user.id}", user=user)
        # a plain internal user does not even see the seal registry
        with self.assertRaises(AccessError):
            seals["draft"].with_user(self.employee).read(["code"])
        with self.assertRaises(AccessError):
            self.env["dawa.seal"].with_user(self.employee).search([])
