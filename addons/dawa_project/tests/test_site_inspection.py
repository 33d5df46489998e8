from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import APPLY_DAY, DawaProjectCommon


@tagged("post_install", "-at_install")
class TestSiteInspection(DawaProjectCommon):
    """联合踏勘: one visit by two or more staff (行政许可法 §34 ¶3) covers several cases of a
    stage and counts for each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage1_items[:2].site_inspection = True
        with freeze_time(APPLY_DAY):
            cls.project = cls._create_project(helper_user_id=cls.helper.id)
            cls.stage = cls._apply(cls.project)
            cls.other = cls._create_project(code="2026-211104-59-03-001099",
                                            helper_user_id=cls.helper2.id)
            cls.other_stage = cls._apply(cls.other, items=cls.stage1_items[2:3])
        cls.portal = new_test_user(cls.env, login="test_prj_portal", groups="base.group_portal")

    def _inspection(self, user=None, **values):
        vals = {
            "project_id": self.project.id,
            "stage_id": self.stage.id,
            "date": APPLY_DAY,
            "location": "Plot 3, logistics park",
            "inspector_ids": [Command.set((self.reviewer | self.approver).ids)],
            "agency_ids": [Command.set(self.water.ids)],
            "findings": "The site matches the plans; no building on the plot.",
            **values,
        }
        return self.env["dawa.site.inspection"].with_user(user or self.clerk).create(vals)

    def test_two_inspectors_at_least(self):
        Inspection = self.env["dawa.site.inspection"]
        for inspectors in (self.reviewer, self.reviewer | self.portal):
            with self.subTest(inspectors=inspectors.mapped("login")), self.assertRaisesText(
                    ValidationError, "two or more staff", "art. 34 para. 3"):
                self._inspection(inspector_ids=[Command.set(inspectors.ids)])
        inspection = self._inspection()
        with self.assertRaisesText(ValidationError, "two or more staff"):
            inspection.with_user(self.clerk).inspector_ids = [Command.unlink(self.approver.id)]
        self.assertEqual(inspection.inspector_ids, self.reviewer | self.approver)
        self.assertEqual(Inspection.search_count([("project_id", "=", self.project.id)]), 1)

    def test_inspectors_checked_again_when_recorded(self):
        inspection = self._inspection()
        # an inspector who is no longer staff (a portal account now)
        self.approver.write({"groups_id": [Command.set([self.env.ref("base.group_portal").id])]})
        with freeze_time(APPLY_DAY), self.assertRaisesText(ValidationError, "two or more staff"):
            inspection.with_user(self.clerk).action_done()
        self.assertEqual(inspection.state, "draft")

    def test_one_visit_counts_for_every_case_of_the_stage(self):
        first, second = self.stage.case_ids.sorted("id")
        with freeze_time(APPLY_DAY):
            self._approve_until_review(first | second)
            self.assertEqual(set((first | second).mapped("site_inspection_state")), {"to_do"})
            with self.assertRaisesText(UserError, first.name, "site inspection", "art. 34"):
                first.with_user(self.reviewer).action_submit()
            inspection = self._inspection()
            self.assertEqual(inspection.case_ids, first | second)
            inspection.with_user(self.clerk).finding_ids = [Command.create({
                "case_id": second.id, "findings": "The outlet lies outside the river's bank."})]
            inspection.with_user(self.clerk).action_done()
        self.assertEqual(inspection.state, "done")
        self.assertTrue(inspection.name.startswith("TK2026"), inspection.name)
        self.assertEqual(inspection.done_user_id, self.clerk)
        for case in (first, second):
            self.assertEqual(case.site_inspection_ids, inspection)
            self.assertEqual(case.site_inspection_state, "done")
            self.assertIn(inspection.name, case.message_ids[0].body)
        self.assertEqual(dict(inspection._get_case_findings()), {
            first: "The site matches the plans; no building on the plot.",
            second: "The outlet lies outside the river's bank."})
        with freeze_time(APPLY_DAY):
            for case in (first, second):
                self._submit(case)
        self.assertEqual(set((first | second).mapped("state")), {"to_decide"})

    def _approve_until_review(self, cases):
        for case in cases:
            self._provide_all(case)
        cases.with_user(self.clerk).action_accept()
        cases.with_user(self.reviewer).action_start_review()
        cases.with_user(self.reviewer).review_opinion = "Conditions met."

    def test_chosen_cases_of_the_project_only(self):
        first = self.stage.case_ids.sorted("id")[0]
        inspection = self._inspection(stage_id=False, case_ids=[Command.set(first.ids)])
        self.assertEqual(inspection.case_ids, first)
        with self.assertRaisesText(ValidationError, "is not a case of"):
            self._inspection(stage_id=False, case_ids=[Command.set(self.other_stage.case_ids.ids)])
        with self.assertRaisesText(ValidationError, "stage of another project"):
            self._inspection(stage_id=self.other_stage.id)
        with self.assertRaisesText(ValidationError, "not covered by this site inspection"):
            inspection.with_user(self.clerk).finding_ids = [Command.create({
                "case_id": self.stage.case_ids.sorted("id")[1].id, "findings": "x"})]

    def test_recording_needs_a_clerk_findings_and_the_day(self):
        inspection = self._inspection(findings=False, date="2026-11-04", location=False)
        for user in (self.helper, self.catalog_admin, self.seal_keeper):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                inspection.with_user(user).action_done()
        with freeze_time(APPLY_DAY), self.assertRaisesText(UserError, "planned on"):
            inspection.with_user(self.clerk).action_done()
        with freeze_time("2026-11-04"), self.assertRaisesText(UserError, "Write where"):
            inspection.with_user(self.clerk).action_done()
        inspection.with_user(self.clerk).location = "Plot 3"
        with freeze_time("2026-11-04"), self.assertRaisesText(UserError, "Write what the"):
            inspection.with_user(self.clerk).action_done()
        inspection.with_user(self.clerk).findings = "Plot levelled, fenced."
        with freeze_time("2026-11-04"):
            inspection.with_user(self.clerk).action_done()
        with self.assertRaisesText(UserError, "is Inspected"):
            inspection.with_user(self.clerk).action_done()
        with self.assertRaisesText(UserError, "can no longer be changed"):
            inspection.with_user(self.clerk).findings = "Rewritten afterwards"
        with self.assertRaisesText(UserError, "can no longer be changed"):
            inspection.with_user(self.clerk).finding_ids = [Command.create({
                "case_id": self.stage.case_ids[0].id, "findings": "x"})]
        with self.assertRaisesText(UserError, "was recorded"):
            self.env["dawa.site.inspection.finding"].with_user(self.clerk).create({
                "inspection_id": inspection.id, "case_id": self.stage.case_ids[0].id,
                "findings": "x"})
        with self.assertRaisesText(UserError, "can no longer be deleted"):
            inspection.with_user(self.clerk).unlink()

    def test_workflow_fields_refused_over_rpc(self):
        inspection = self._inspection()
        for user in (self.clerk, self.manager):
            for vals in ({"state": "done"}, {"name": "TK-FORGED"}, {"done_date": APPLY_DAY},
                         {"done_user_id": user.id}):
                with self.subTest(user=user.login, vals=vals), self.assertRaisesText(
                        UserError, "can only be changed with its buttons"):
                    inspection.with_user(user).write(vals)
        with self.assertRaisesText(UserError, "can only be changed with its buttons"):
            self._inspection(state="done")
        case = self.stage.case_ids[0]
        with self.assertRaisesText(UserError, "can only be changed with its buttons"):
            case.with_user(self.clerk).write({"site_inspection_ids": [Command.clear()]})
        self.assertEqual(case.site_inspection_ids, inspection)
        self.assertEqual(inspection.state, "draft")

    def test_access_per_role(self):
        mine = self._inspection()
        theirs = self._inspection(project_id=self.other.id, stage_id=self.other_stage.id)
        Inspection = self.env["dawa.site.inspection"]
        self.assertEqual(Inspection.with_user(self.helper).search([]), mine)
        self.assertEqual(Inspection.with_user(self.helper2).search([]), theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.helper).read(["findings"])
        with self.assertRaises(AccessError):
            mine.with_user(self.helper).write({"findings": "Helper's text"})
        for user in (self.helper, self.employee, self.catalog_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._inspection(user=user)
        with self.assertRaises(AccessError):
            Inspection.with_user(self.employee).search_read([], ["name"])

    def test_planned_visit_tells_the_helper(self):
        self._inspection(date="2026-11-05")
        activity = self.project.activity_ids.filtered(
            lambda a: "site inspection" in (a.summary or ""))
        self.assertEqual(activity.user_id, self.helper)
        self.assertEqual(str(activity.date_deadline), "2026-11-05")

    def test_record_prints(self):
        with freeze_time(APPLY_DAY):
            inspection = self._inspection()
            Report = self.env["ir.actions.report"].with_user(self.clerk)
            with self.assertRaisesText(UserError, "cannot be printed"):
                Report._render_qweb_html("dawa_project.action_report_site_inspection",
                                         inspection.ids)
            inspection.with_user(self.clerk).action_done()
        html, _type = Report._render_qweb_html(
            "dawa_project.action_report_site_inspection", inspection.ids)
        html = html.decode()
        for text in (inspection.name, "Site Inspection Record", self.project.code,
                     "Plot 3, logistics park", self.reviewer.name, self.approver.name,
                     "The site matches the plans", "dawa_doc", *self.stage.case_ids.mapped("name")):
            self.assertIn(text, html)
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.helper)._render_qweb_html(
                "dawa_project.action_report_site_inspection", inspection.ids)
