from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DawaCaseCommon


@tagged("post_install", "-at_install")
class TestCaseHandoffs(DawaCaseCommon):
    """The hand-off activities read in the language of whoever looks at them: one activity
    type per step, no summary frozen in the language of the user who took the last step."""

    def test_hand_off_activities_read_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        names = {
            "review": "审查办件",
            "decide": "作出决定",
            "seal": "决定用印",
            "deliver": "送达决定",
        }
        for step, name in names.items():
            self.env.ref(f"dawa_approval.mail_activity_type_case_{step}").with_context(
                lang="zh_CN").name = name
        self.electronic_seal.state = "suspended"  # the seal keeper's step
        self.clerk.lang = "en_US"  # the clerk who hands the case on works in English
        case = self._provide_all(self._create_case())
        seen = {}

        def look(step):
            seen[step] = [(activity.summary, activity.activity_type_id)
                          for activity in case.activity_ids]

        case.with_user(self.clerk).action_accept()
        look("review")
        self._submit(case)
        look("decide")
        case.with_user(self.approver).action_approve()
        look("seal")
        case.with_user(self.seal_keeper).action_seal()
        look("deliver")
        for step, activities in seen.items():
            with self.subTest(step=step):
                self.assertTrue(activities)
                expected = self.env.ref(f"dawa_approval.mail_activity_type_case_{step}")
                for summary, activity_type in activities:
                    # no summary: the activity shows its type's name, in the reader's language
                    self.assertFalse(summary)
                    self.assertEqual(activity_type, expected)
                    self.assertEqual(activity_type.with_context(lang="zh_CN").name, names[step])
                    self.assertNotEqual(
                        activity_type.with_context(lang="en_US").name, names[step])

    def test_seal_keeper_reads_the_case_he_seals(self):
        """The 待用印 form shows the items and materials: a seal keeper who holds no other
        role reads them (and may change nothing)."""
        self.electronic_seal.state = "suspended"
        case = self._provide_all(self._create_case())
        case.with_user(self.clerk).action_accept()
        self._submit(case)
        case.with_user(self.approver).action_approve()
        as_keeper = case.with_user(self.seal_keeper)
        self.assertEqual(as_keeper.line_ids.item_id.mapped("name"), [self.item.name])
        self.assertEqual(sorted(as_keeper.material_ids.mapped("name")),
                         sorted(case.material_ids.mapped("name")))
        with self.assertRaises(UserError):  # AccessError is one
            as_keeper.material_ids[:1].provided = False
        with self.assertRaises(UserError):  # AccessError is one
            as_keeper.line_ids.unlink()

    def test_assignees_are_not_made_followers(self):
        """A hand-off to a whole group does not make the group follow the case (each member
        would be told of every later message); the activity is how they learn of it."""
        case = self._provide_all(self._create_case())
        before = case.message_partner_ids
        case.with_user(self.clerk).action_accept()
        self.assertIn(self.reviewer, case.activity_ids.user_id)
        self.assertEqual(case.message_partner_ids, before)
        # following a case by hand still works
        case.with_user(self.reviewer).message_subscribe(partner_ids=self.reviewer.partner_id.ids)
        self.assertIn(self.reviewer.partner_id, case.message_partner_ids)


@tagged("post_install", "-at_install")
class TestWindowDeskColumns(DawaCaseCommon):
    """The window desk as the web client loads it: the clerk's four columns fit a 1440 px
    screen; the other steps show only when the search finds cases in them."""

    def _desk_columns(self, domain):
        groups = self.env["dawa.approval.case"].with_user(self.clerk).web_read_group(
            domain, ["state"], ["state"])["groups"]
        return [group["state"] for group in groups]

    def test_clerk_columns_first_other_steps_only_when_found(self):
        no_case = [("id", "=", 0)]
        self.assertEqual(self._desk_columns(no_case),
                         ["received", "correction", "approved", "denied"])
        case = self._provide_all(self._create_case())
        case.with_user(self.clerk).action_accept()
        self.assertEqual(self._desk_columns([("id", "=", case.id)]),
                         ["received", "correction", "accepted", "approved", "denied"])

    def test_review_and_decision_queues_receive_nothing(self):
        """待审查, 待决定 and 待用印 are queues of work handed on: none of their views has a
        创建 button (applications are received at the window desk)."""
        Case = self.env["dawa.approval.case"].with_user(self.clerk)
        self.assertTrue(Case.has_access("create"))
        for xmlid in ("dawa_approval.dawa_approval_case_action_to_review",
                      "dawa_approval.dawa_approval_case_action_to_decide",
                      "dawa_approval.dawa_approval_case_action_to_seal"):
            action = self.env.ref(xmlid)
            self.assertEqual(sorted(mode for _view, mode in action.views),
                             sorted(action.view_mode.split(",")))
            views = Case.get_views(action.views)["views"]
            for mode, view in views.items():
                if mode != "search":
                    with self.subTest(action=xmlid, view=mode):
                        self.assertIn('create="0"', view["arch"])

    def test_hand_off_goes_to_the_step_not_to_leaders_and_administrators(self):
        """An unassigned step is asked of the people whose job it is: a bureau leader and an
        administrator hold the reviewers' rights by inheritance, not their queue."""
        admin = self.env.ref("base.user_admin")
        reviewers = self.env.ref("dawa_approval.group_reviewer").users
        self.assertIn(self.manager, reviewers)
        self.assertIn(self.reviewer, reviewers)
        case = self._provide_all(self._create_case())
        case.with_user(self.clerk).action_accept()
        assignees = case.activity_ids.user_id
        self.assertIn(self.reviewer, assignees)
        self.assertNotIn(self.manager, assignees)
        self.assertNotIn(admin, assignees)
