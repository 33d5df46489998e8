from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import DawaCommon

# action → states it may start from
ITEM_STEPS = {
    "action_publish": {"draft"},
    "action_suspend": {"published"},
    "action_resume": {"suspended"},
    "action_abolish": {"draft", "published", "suspended"},
}
# how to reach each state from draft
ITEM_PATHS = {
    "draft": [],
    "published": ["action_publish"],
    "suspended": ["action_publish", "action_suspend"],
    "abolished": ["action_abolish"],
}


@tagged("post_install", "-at_install")
class TestApprovalItem(DawaCommon):
    def _item_in(self, state, **vals):
        item = self._create_item(self.water, **vals)
        for step in ITEM_PATHS[state]:
            getattr(item, step)()
        self.assertEqual(item.state, state)
        return item

    # ------------------------------------------------------------------
    # data checks
    # ------------------------------------------------------------------

    def test_promised_cannot_exceed_statutory(self):
        with self.assertRaisesText(ValidationError, "cannot exceed the statutory"):
            self._create_item(self.water, statutory_days=10, promised_days=11)
        with self.assertRaises(ValidationError):
            self.item.promised_days = self.item.statutory_days + 1
        with self.assertRaises(ValidationError):
            self.item.statutory_days = self.item.promised_days - 1
        # equal is allowed
        item = self._create_item(self.water, statutory_days=10, promised_days=10)
        self.assertEqual(item.promised_days, 10)

    def test_instant_item_has_no_time_limit(self):
        with self.assertRaisesText(ValidationError, "instant item"):
            self._create_item(self.water, case_kind="instant", statutory_days=5, promised_days=0)
        with self.assertRaisesText(ValidationError, "instant item"):
            self.item.case_kind = "instant"
        item = self._create_item(
            self.water, case_kind="instant", statutory_days=0, promised_days=0
        )
        self.assertEqual(item.case_kind, "instant")

    def test_instant_onchange_sets_days_to_zero(self):
        form = Form(self.env["dawa.approval.item"].with_user(self.catalog_admin))
        form.name = "Temporary road occupation"
        form.source_agency_id = self.water
        form.statutory_days = 20
        form.promised_days = 5
        form.case_kind = "instant"
        self.assertEqual(form.statutory_days, 0)
        self.assertEqual(form.promised_days, 0)
        item = form.save()
        self.assertEqual((item.statutory_days, item.promised_days), (0, 0))

    def test_instant_onchange_on_existing_item(self):
        item = self._create_item(self.water, statutory_days=20, promised_days=5)
        with Form(item.with_user(self.catalog_admin)) as form:
            form.case_kind = "instant"
            self.assertEqual((form.statutory_days, form.promised_days), (0, 0))
        self.assertEqual(item.case_kind, "instant")
        self.assertEqual((item.statutory_days, item.promised_days), (0, 0))

    def test_time_limits_from_0_to_365_working_days(self):
        Item = self.env["dawa.approval.item"].with_user(self.catalog_admin)
        for vals, label, days in (
            ({"statutory_days": 5, "promised_days": -1}, "Promised Time Limit", -1),
            ({"statutory_days": -1, "promised_days": -2}, "Statutory Time Limit", -1),
            ({"statutory_days": 366, "promised_days": 5}, "Statutory Time Limit", 366),
            ({"statutory_days": 365, "promised_days": 366}, "Promised Time Limit", 366),
            ({"statutory_days": 10**9, "promised_days": 0}, "Statutory Time Limit", 10**9),
        ):
            with self.subTest(**vals), self.assertRaisesText(
                ValidationError, "Out of range",
                f"Out of range: the {label} must be from 0 to 365 working days, not {days}.",
            ):
                Item.create({"name": "Out of range", "source_agency_id": self.water.id, **vals})
        item = Item.create({"name": "Longest", "source_agency_id": self.water.id,
                            "statutory_days": 365, "promised_days": 365})
        self.env.flush_all()
        self.assertEqual((item.statutory_days, item.promised_days), (365, 365))
        # a write is checked the same way, also by a manager over RPC
        for user in (self.catalog_admin, self.manager):
            for vals in ({"statutory_days": 366}, {"promised_days": -5},
                         {"statutory_days": -1, "promised_days": -1}):
                with self.subTest(user=user.login, **vals), self.assertRaisesText(
                        ValidationError, self.item.name, "from 0 to 365 working days"):
                    self.item.with_user(user).write(vals)
        self.assertEqual((self.item.statutory_days, self.item.promised_days), (15, 3))

    def test_time_limit_help_gives_the_range(self):
        Item = self.env["dawa.approval.item"]
        for field_name in ("statutory_days", "promised_days"):
            self.assertIn("in working days: from 0 to 365", Item._fields[field_name].help)
        self.assertIn("in working days: from 0 to 365",
                      self.env["dawa.approval.item.procedure"]._fields["max_days"].help)

    def test_special_procedure_from_0_to_365_working_days(self):
        Item = self.env["dawa.approval.item"].with_user(self.catalog_admin)
        for days in (-1, 366):
            with self.subTest(days=days), self.assertRaisesText(
                ValidationError,
                f"Slow item: the Maximum Working Days of the special procedure “Expert review” "
                f"must be from 0 to 365 working days, not {days}.",
            ):
                Item.create({
                    "name": "Slow item", "source_agency_id": self.water.id,
                    "special_procedure_ids": [Command.create({
                        "kind": "expert_review", "name": "Expert review", "max_days": days})],
                })
        item = Item.create({
            "name": "Slow item", "source_agency_id": self.water.id,
            "special_procedure_ids": [Command.create({"name": "Hearing", "max_days": 365}),
                                      Command.create({"name": "Notice", "max_days": 0})],
        })
        self.assertEqual(item.special_procedure_ids.mapped("max_days"), [365, 0])
        procedure = item.special_procedure_ids[0]
        with self.assertRaisesText(ValidationError, "Slow item", "“Hearing”", "not 400"):
            procedure.write({"max_days": 400})
        with self.assertRaisesText(ValidationError, "Slow item", "“Hearing”", "not -2"):
            item.write({"special_procedure_ids": [Command.update(procedure.id,
                                                                 {"max_days": -2})]})
        self.assertEqual(procedure.max_days, 365)

    def test_item_cannot_be_created_published(self):
        """Only action_publish() publishes an item, after its checks: a create with
        state='published' is refused for every user who may create items (the guard of
        dawa.workflow.mixin on workflow fields)."""
        Item = self.env["dawa.approval.item"]
        admin = self.env.ref("base.user_admin")
        for user in (self.catalog_admin, self.manager, admin):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError) as caught:  # or its ValidationError
                    Item.with_user(user).create({
                        "name": "Published at birth", "source_agency_id": self.water.id,
                        "state": "published",
                    })
                # refused for what it writes, not for lack of rights (AccessError is a UserError)
                self.assertNotIsInstance(caught.exception, AccessError)
                self.assertFalse(Item.search([("name", "=", "Published at birth")]))
        # nor through a default in the caller's context, which any RPC call may send
        for user in (self.catalog_admin, self.manager):
            with self.subTest(user=user.login, path="default_state"):
                try:
                    item = Item.with_user(user).with_context(default_state="published").create(
                        {"name": "Published by default", "source_agency_id": self.water.id})
                except (UserError, ValidationError):
                    continue
                self.assertEqual(item.state, "draft")

    def test_visits_between_zero_and_two(self):
        for visits in (0, 1, 2):
            item = self._create_item(self.water, visits_required=visits)
            self.env.flush_all()
            self.assertEqual(item.visits_required, visits)
        for visits in (-1, 3):
            with self.subTest(visits=visits), mute_logger("odoo.sql_db"), \
                    self.assertRaises(IntegrityError):
                self._create_item(self.water, visits_required=visits)
                self.env.flush_all()

    def test_code_unique(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._create_item(self.water, code=self.item.code)
            self.env.flush_all()

    def test_code_from_sequence(self):
        first = self._create_item(self.water)
        second = self._create_item(self.water)
        self.assertTrue(first.code.startswith("211104SP"), first.code)
        self.assertNotEqual(first.code, second.code)

    def test_default_agencies_are_source(self):
        item = self._create_item(self.water)
        self.assertEqual(item.handling_agency_id, self.water)
        self.assertEqual(item.supervising_agency_id, self.water)
        item = self._create_item(self.water, supervising_agency_id=self.housing.id)
        self.assertEqual(item.handling_agency_id, self.water)
        self.assertEqual(item.supervising_agency_id, self.housing)

    def test_default_agencies_in_form(self):
        form = Form(self.env["dawa.approval.item"].with_user(self.catalog_admin))
        form.name = "Water intake permit"
        form.source_agency_id = self.water
        self.assertEqual(form.handling_agency_id, self.water)
        self.assertEqual(form.supervising_agency_id, self.water)
        # a supervising department already chosen is kept
        form.supervising_agency_id = self.housing
        form.source_agency_id = self.housing
        self.assertEqual(form.supervising_agency_id, self.housing)
        self.assertEqual(form.handling_agency_id, self.water)

    # ------------------------------------------------------------------
    # publication gaps
    # ------------------------------------------------------------------

    def test_publish_needs_handling_agency(self):
        item = self._create_item(self.water, handling_agency_id=False)
        with self.assertRaisesText(ValidationError, "implementing agency") as caught:
            item.action_publish()
        self.assertNotIn("legal basis", str(caught.exception))
        self.assertEqual(item.state, "draft")

    def test_publish_needs_legal_basis(self):
        item = self._create_item(self.water, legal_basis="  \n ")
        with self.assertRaisesText(ValidationError, "legal basis") as caught:
            item.action_publish()
        self.assertNotIn("material", str(caught.exception))
        self.assertEqual(item.state, "draft")

    def test_publish_needs_material(self):
        item = self._create_item(self.water, material_ids=[])
        with self.assertRaisesText(ValidationError, "at least one application material"):
            item.action_publish()
        self.assertEqual(item.state, "draft")
        item.material_ids = [Command.create({"name": "Application form"})]
        item.action_publish()
        self.assertEqual(item.state, "published")

    def test_publish_filing_without_material(self):
        item = self._create_item(self.water, item_type="filing", material_ids=[])
        item.action_publish()
        self.assertEqual(item.state, "published")

    def test_publish_lists_every_gap(self):
        item = self._create_item(
            self.water, handling_agency_id=False, legal_basis=False, material_ids=[]
        )
        with self.assertRaises(ValidationError) as caught:
            item.action_publish()
        message = str(caught.exception)
        for gap in ("implementing agency", "legal basis", "application material"):
            self.assertIn(gap, message)
        self.assertIn(item.name, message)

    # ------------------------------------------------------------------
    # transitions
    # ------------------------------------------------------------------

    def test_lifecycle(self):
        item = self._item_in("draft")
        item.action_publish()
        self.assertEqual(item.state, "published")
        item.action_suspend()
        self.assertEqual(item.state, "suspended")
        item.action_resume()
        self.assertEqual(item.state, "published")
        item.action_suspend()
        item.action_abolish()
        self.assertEqual(item.state, "abolished")

    def test_abolish_from_every_live_state(self):
        for state in ("draft", "published", "suspended"):
            with self.subTest(state=state):
                item = self._item_in(state)
                item.action_abolish()
                self.assertEqual(item.state, "abolished")

    def test_wrong_state_refused(self):
        for state in ITEM_PATHS:
            item = self._item_in(state)
            for step, allowed in ITEM_STEPS.items():
                if state in allowed:
                    continue
                with self.subTest(state=state, step=step):
                    with self.assertRaisesText(UserError, "only possible when"):
                        getattr(item, step)()
                    self.assertEqual(item.state, state)

    def test_abolished_is_final(self):
        item = self._item_in("abolished")
        for step in ITEM_STEPS:
            with self.subTest(step=step), self.assertRaises(UserError):
                getattr(item.with_user(self.manager), step)()
        self.assertEqual(item.state, "abolished")

    # ------------------------------------------------------------------
    # roles
    # ------------------------------------------------------------------

    def test_catalog_admin_and_manager_may(self):
        for user in (self.catalog_admin, self.manager):
            with self.subTest(user=user.login):
                Item = self.env["dawa.approval.item"].with_user(user)
                item = Item.create({
                    "name": f"Item by {user.login}",
                    "source_agency_id": self.water.id,
                    "legal_basis": "Water Law, art. 48",
                    "statutory_days": 20,
                    "promised_days": 10,
                    "material_ids": [Command.create({"name": "Application form"})],
                })
                item.write({"promised_days": 8})
                item.action_publish()
                self.assertEqual(item.state, "published")
                item.action_suspend()
                self.assertEqual(item.state, "suspended")
                item.action_resume()
                self.assertEqual(item.state, "published")
                item.action_abolish()
                self.assertEqual(item.state, "abolished")

    def test_other_roles_may_not(self):
        items = {state: self._item_in(state) for state in ("draft", "published", "suspended")}
        start = {
            "action_publish": "draft",
            "action_suspend": "published",
            "action_resume": "suspended",
            "action_abolish": "published",
        }
        for user in (self.clerk, self.reviewer, self.approver, self.seal_keeper, self.employee):
            for step, state in start.items():
                with self.subTest(user=user.login, step=step):
                    with self.assertRaisesText(UserError, "may do this"):
                        getattr(items[state].with_user(user), step)()
                    self.assertEqual(items[state].state, state)
            with self.subTest(user=user.login, op="write"), self.assertRaises(AccessError):
                items["draft"].with_user(user).write({"name": "Renamed"})
            with self.subTest(user=user.login, op="create"), self.assertRaises(AccessError):
                self.env["dawa.approval.item"].with_user(user).create({
                    "name": "Not allowed", "source_agency_id": self.water.id,
                })

    def test_bureau_roles_read_items(self):
        for user in (self.clerk, self.reviewer, self.approver, self.seal_keeper):
            with self.subTest(user=user.login):
                self.assertEqual(self.item.with_user(user).read(["code"])[0]["code"],
                                 "TEST-HOUSING-001")
        with self.assertRaises(AccessError):
            self.item.with_user(self.employee).read(["code"])
