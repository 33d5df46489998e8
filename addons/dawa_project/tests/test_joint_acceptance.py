import shutil
import subprocess
import tempfile

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import APPLY_DAY, DawaProjectAcceptanceCommon


class JointAcceptanceCommon(DawaProjectAcceptanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(APPLY_DAY):
            cls.project = cls._create_project(
                helper_user_id=cls.helper.id, address="Plot 3, logistics park",
                floor_area=21000)
            cls.stage4 = cls._apply(cls.project, "4", cls.stage4_items)
            cls.acceptance = cls._acceptance(cls.project)
        cls.housing_opinion = cls.acceptance.opinion_ids.filtered(
            lambda opinion: opinion.agency_id == cls.housing)
        cls.water_opinion = cls.acceptance.opinion_ids - cls.housing_opinion

    def _request(self):
        with freeze_time(APPLY_DAY):
            self.acceptance.with_user(self.clerk).action_request()


@tagged("post_install", "-at_install")
class TestJointAcceptance(JointAcceptanceCommon):
    """联合验收: each department's opinion within the working-day limit, one numbered joint
    opinion, stage 4 closed when every department passed, sent back to rectify otherwise."""

    def test_every_department_passes_closes_stage_4(self):
        self._request()
        self.assertEqual(self.acceptance.state, "in_progress")
        self.assertEqual(set(self.acceptance.opinion_ids.mapped("state")), {"asked"})
        # 5 working days from Monday 2026-11-02
        self.assertEqual(set(map(str, self.acceptance.opinion_ids.mapped("deadline"))),
                         {"2026-11-09"})
        # each department's users are asked on its own opinion
        self.assertEqual(self.housing_opinion.activity_ids.user_id,
                         self.housing_user | self.housing_user2)
        self.assertEqual(self.water_opinion.activity_ids.user_id, self.water_user)
        with freeze_time("2026-11-04"):
            self._answer(self.housing_opinion, self.housing_user)
            self._answer(self.water_opinion, self.water_user)
        self.assertEqual(self.housing_opinion.answer_user_id, self.housing_user)
        self.assertEqual(str(self.housing_opinion.answer_date), "2026-11-04")
        self.assertTrue(self.housing_opinion.on_time)
        self.assertFalse(self.housing_opinion.activity_ids)
        self.assertEqual(self.stage4.state, "applied")
        with freeze_time("2026-11-05"):
            self.acceptance.with_user(self.clerk).action_conclude()
        self.assertEqual(self.acceptance.state, "passed")
        self.assertEqual(self.acceptance.name, "大洼审批联验字〔2026〕1号")
        self.assertEqual(str(self.acceptance.concluded_date), "2026-11-05")
        # the completion acceptance stage is closed, its cases still open
        self.assertEqual(self.stage4.state, "done")
        self.assertEqual(str(self.stage4.done_date), "2026-11-05")
        self.assertEqual(set(self.stage4.case_ids.mapped("state")), {"received"})
        self.assertIn(self.acceptance.name, self.stage4.case_ids[0].message_ids[0].body)
        with self.assertRaisesText(UserError, "is Passed"):
            self.acceptance.with_user(self.clerk).action_conclude()

    def test_opinion_limit_is_a_setting(self):
        self.env["ir.config_parameter"].set_param("dawa_project.acceptance_opinion_days", 3)
        self._request()
        self.assertEqual(str(self.housing_opinion.deadline), "2026-11-05")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.dawa_project_acceptance_opinion_days, 3)

    def test_conclude_waits_for_every_department(self):
        self._request()
        self._answer(self.housing_opinion, self.housing_user)
        with self.assertRaisesText(UserError, self.water.name, "has not given its opinion"):
            self.acceptance.with_user(self.clerk).action_conclude()
        for user in (self.helper, self.housing_user, self.catalog_admin):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.acceptance.with_user(user).action_conclude()
        self.assertEqual(self.acceptance.state, "in_progress")

    def test_rectify_sends_the_project_back_with_a_deadline(self):
        self._request()
        self._answer(self.water_opinion, self.water_user)
        with self.assertRaisesText(UserError, "Write what must be rectified"):
            self._answer(self.housing_opinion, self.housing_user, "rectify", "")
        self._answer(self.housing_opinion, self.housing_user, "rectify",
                     "Fire doors of the stairwell missing.")
        with freeze_time("2026-11-05"):
            self.acceptance.with_user(self.clerk).action_conclude()
        self.assertEqual(self.acceptance.state, "rectify")
        first_number = self.acceptance.name
        # 20 working days from 2026-11-05
        self.assertEqual(str(self.acceptance.rectify_deadline), "2026-12-03")
        self.assertEqual(self.stage4.state, "applied")
        activity = self.project.activity_ids.filtered(lambda a: first_number in (a.summary or ""))
        self.assertEqual(activity.user_id, self.helper)
        self.assertEqual(str(activity.date_deadline), "2026-12-03")
        with self.assertRaisesText(UserError, "Only"):
            self.acceptance.with_user(self.helper).action_resubmit()
        with freeze_time("2026-11-20"):
            self.acceptance.with_user(self.clerk).action_resubmit()
        self.assertEqual(self.acceptance.state, "in_progress")
        # only the department that asked for rectification is asked again
        self.assertEqual(self.housing_opinion.state, "asked")
        self.assertFalse(self.housing_opinion.result)
        self.assertEqual(str(self.housing_opinion.deadline), "2026-11-27")
        self.assertEqual(self.water_opinion.state, "answered")
        self.assertEqual(self.water_opinion.result, "pass")
        with freeze_time("2026-11-23"):
            self._answer(self.housing_opinion, self.housing_user)
            self.acceptance.with_user(self.clerk).action_conclude()
        self.assertEqual(self.acceptance.state, "passed")
        self.assertNotEqual(self.acceptance.name, first_number)
        self.assertEqual(self.acceptance.conclusion_count, 2)
        self.assertEqual(self.stage4.state, "done")

    def test_a_failed_opinion_fails_the_acceptance(self):
        self._request()
        self._answer(self.housing_opinion, self.housing_user, "fail", "Built beyond the permit.")
        self._answer(self.water_opinion, self.water_user)
        self.acceptance.with_user(self.clerk).action_conclude()
        self.assertEqual(self.acceptance.state, "failed")
        self.assertEqual(self.stage4.state, "applied")
        # a new joint acceptance of the stage may start
        self._acceptance(self.project)

    def test_one_open_acceptance_per_stage_4_application(self):
        with self.assertRaisesText(ValidationError, "already has a joint acceptance"):
            self._acceptance(self.project)
        with freeze_time(APPLY_DAY):
            stage1 = self._apply(self.project, "1", self.stage1_items[:1])
        with self.assertRaisesText(ValidationError, "completion acceptance stage"):
            self._acceptance(self.project, stage=stage1)

    def test_request_needs_departments_and_a_clerk(self):
        self.acceptance.opinion_ids.with_user(self.clerk).unlink()
        with self.assertRaisesText(UserError, "Name the departments"):
            self.acceptance.with_user(self.clerk).action_request()
        self.acceptance.with_user(self.clerk).opinion_ids = [
            Command.create({"agency_id": self.housing.id})]
        for user in (self.helper, self.housing_user):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.acceptance.with_user(user).action_request()
        self._request()
        with self.assertRaisesText(UserError, "can no longer be changed"):
            self.acceptance.with_user(self.clerk).opinion_ids = [
                Command.create({"agency_id": self.water.id})]
        with self.assertRaisesText(UserError, "can no longer be changed"):
            self.acceptance.opinion_ids.with_user(self.clerk).write({"scope": "Other"})

    def test_workflow_fields_refused(self):
        with self.assertRaisesText(UserError, "agency of a record is fixed"):
            self.housing_opinion.with_user(self.clerk).write({"agency_id": self.water.id})
        self._request()
        # the asked department cannot hand its opinion to another
        with self.assertRaisesText(UserError, "gives its opinion and remarks only"):
            self.housing_opinion.with_user(self.housing_user).write({"agency_id": self.water.id})
        for vals in ({"state": "passed"}, {"name": "FORGED"}, {"concluded_date": APPLY_DAY},
                     {"rectify_deadline": APPLY_DAY}, {"conclusion_count": 3}):
            with self.subTest(vals=vals), self.assertRaisesText(
                    UserError, "can only be changed with its buttons"):
                self.acceptance.with_user(self.manager).write(vals)
        for vals in ({"state": "answered"}, {"deadline": "2027-01-01"},
                     {"answer_user_id": self.housing_user.id}, {"on_time": True},
                     {"answer_date": APPLY_DAY}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.housing_opinion.with_user(self.housing_user).write(vals)
        self.assertEqual(self.housing_opinion.state, "asked")
        self.assertEqual(self.housing_opinion.agency_id, self.housing)

    def test_only_the_department_answers(self):
        self._request()
        with self.assertRaisesText(UserError, "Only", "gives its opinion"):
            self.housing_opinion.with_user(self.clerk).write({"result": "pass"})
        with self.assertRaisesText(UserError, "gives its opinion"):
            self.housing_opinion.with_user(self.manager).action_answer()
        with self.assertRaisesText(UserError, "the department's to give"):
            self.env["dawa.joint.acceptance.opinion"].with_user(self.clerk).create({
                "acceptance_id": self.acceptance.id,
                "agency_id": self.env.ref("dawa_approval.agency_emergency").id,
                "result": "pass"})
        with self.assertRaisesText(UserError, "the rest of the joint acceptance"):
            self.housing_opinion.with_user(self.housing_user).write({"scope": "Everything"})
        with self.assertRaisesText(UserError, "Choose the result"):
            self.housing_opinion.with_user(self.housing_user).action_answer()
        self._answer(self.housing_opinion, self.housing_user2)
        with self.assertRaisesText(UserError, "is not asked now"):
            self.housing_opinion.with_user(self.housing_user).write({"result": "fail"})
        self.assertEqual(self.housing_opinion.result, "pass")

    def test_department_sees_only_its_own_opinion(self):
        Opinion = self.env["dawa.joint.acceptance.opinion"]
        # nothing before the opinions are asked
        self.assertFalse(Opinion.with_user(self.water_user).search([]))
        self.assertFalse(self.env["dawa.joint.acceptance"].with_user(self.water_user).search([]))
        self._request()
        self.assertEqual(Opinion.with_user(self.water_user).search([]), self.water_opinion)
        self.assertEqual(Opinion.with_user(self.housing_user).search([]), self.housing_opinion)
        with self.assertRaises(AccessError):
            self.housing_opinion.with_user(self.water_user).read(["note"])
        with self.assertRaises(AccessError):
            self.housing_opinion.with_user(self.water_user).write({"result": "fail"})
        acceptance = self.acceptance.with_user(self.water_user)
        # the form reads its own agency's opinion only
        values = acceptance.web_read({"project_name": {}, "opinion_ids": {"fields": {}}})[0]
        self.assertEqual([row["id"] for row in values["opinion_ids"]], self.water_opinion.ids)
        self.assertEqual(values["project_name"], self.project.name)
        with self.assertRaises(AccessError):
            self.project.with_user(self.water_user).read(["name"])
        with self.assertRaises(AccessError):
            acceptance.write({"note": "Department's note"})

    def test_overdue_opinion_tells_the_helper(self):
        self._request()
        self._answer(self.housing_opinion, self.housing_user)
        with freeze_time("2026-11-10"):
            self.env["dawa.joint.acceptance.opinion"]._cron_refresh_deadline_states()
        self.assertEqual(self.water_opinion.deadline_state, "overdue")
        self.assertEqual(self.housing_opinion.deadline_state, "normal")
        activity = self.project.activity_ids.filtered(
            lambda a: self.water.name in (a.summary or ""))
        self.assertEqual(activity.user_id, self.helper)
        self.assertEqual(activity.activity_type_id,
                         self.env.ref("dawa_project.mail_activity_type_helper_service"))
        # told once, not every day
        with freeze_time("2026-11-11"):
            self.env["dawa.joint.acceptance.opinion"]._cron_refresh_deadline_states()
        self.assertEqual(len(self.project.activity_ids.filtered(
            lambda a: self.water.name in (a.summary or ""))), 1)

    def test_opinion_prints_with_every_department(self):
        self._request()
        self._answer(self.housing_opinion, self.housing_user, note="Fire acceptance passed.")
        self._answer(self.water_opinion, self.water_user, note="Soil conservation done.")
        Report = self.env["ir.actions.report"].with_user(self.clerk)
        with self.assertRaisesText(UserError, "cannot be printed"):
            Report._render_qweb_html("dawa_project.action_report_joint_acceptance",
                                     self.acceptance.ids)
        with freeze_time("2026-11-05"):
            self.acceptance.with_user(self.clerk).action_conclude()
        html, _type = Report._render_qweb_html(
            "dawa_project.action_report_joint_acceptance", self.acceptance.ids)
        html = html.decode()
        for text in (self.acceptance.name, self.project.code, self.project.name,
                     "Plot 3, logistics park", self.project.builder_name, "21,000.00",
                     self.housing.name, self.water.name, "Fire acceptance passed.",
                     "Soil conservation done.", "passes the joint acceptance", "dawa_doc_issuer"):
            self.assertIn(text, html)
        for user in (self.housing_user, self.helper):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                    "dawa_project.action_report_joint_acceptance", self.acceptance.ids)

@tagged("post_install", "-at_install")
class TestJointAcceptanceOverJsonRpc(JointAcceptanceCommon, HttpCase):
    """The water department, logged in to the web client, reaches for the housing
    department's opinion and answers it: refused; its own it reads and answers."""

    def _call(self, model, method, args, kwargs=None):
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": model, "method": method, "args": args,
                "kwargs": {"context": {"lang": "en_US"}, **(kwargs or {})},
            })

    def test_wrong_agency_refused(self):
        self._request()
        self.authenticate(self.water_user.login, self.water_user.login)
        model = "dawa.joint.acceptance.opinion"
        rows = self._call(model, "search_read", [[], ["agency_id", "result"]])
        self.assertEqual([row["id"] for row in rows], self.water_opinion.ids)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call(model, "read", [self.housing_opinion.ids, ["note"]])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call(model, "web_save", [self.housing_opinion.ids, {"result": "fail"}],
                       {"specification": {}})
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call(model, "action_answer", [self.housing_opinion.ids])
        # the joint acceptance shows its own agency's opinion only
        acceptance = self._call("dawa.joint.acceptance", "web_read", [self.acceptance.ids], {
            "specification": {"project_name": {}, "opinion_ids": {"fields": {"note": {}}}}})
        self.assertEqual([row["id"] for row in acceptance[0]["opinion_ids"]],
                         self.water_opinion.ids)
        # its own: the state is the button's, the answer its own
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._call(model, "write", [self.water_opinion.ids, {"state": "answered"}])
        self.assertEqual(self.water_opinion.state, "asked")
        self._call(model, "web_save", [self.water_opinion.ids,
                                       {"result": "pass", "note": "Checked."}],
                   {"specification": {}})
        self._call(model, "action_answer", [self.water_opinion.ids])
        self.assertEqual(self.water_opinion.state, "answered")
        self.assertEqual(self.water_opinion.answer_user_id, self.water_user)
        self.assertEqual(self.housing_opinion.state, "asked")
        self.assertFalse(self.housing_opinion.result)

    def test_opinion_pdf_in_chinese(self):
        """wkhtmltopdf and pdftotext: the numbered 意见书 in Chinese."""
        self.assertTrue(shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dawa_project"], ["zh_CN"],
                                                        overwrite=True)
        self._request()
        self._answer(self.housing_opinion, self.housing_user, note="消防验收合格。")
        self._answer(self.water_opinion, self.water_user, note="水土保持设施验收合格。")
        with freeze_time("2026-11-05"):
            self.acceptance.with_user(self.clerk).action_conclude()
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        pdf, _type = self.env["ir.actions.report"].with_user(self.clerk).with_context(
            force_report_rendering=True, lang="zh_CN")._render_qweb_pdf(
                "dawa_project.action_report_joint_acceptance", self.acceptance.ids)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True,
                                  check=True, text=True).stdout
        text = "".join(text.split())
        for expected in ("联合验收意见书", "大洼审批联验字〔2026〕1号", self.project.code,
                         "消防验收合格", "水土保持设施验收合格", "通过"):
            self.assertIn(expected, text)
