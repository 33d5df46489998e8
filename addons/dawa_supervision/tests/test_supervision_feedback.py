from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PUSH_DAY, DawaSupervisionCommon


@tagged("post_install", "-at_install")
class TestSupervisionFeedback(DawaSupervisionCommon):
    """书面告知: the department writes, the bureau answers within the limit or the leaders
    hear of it; a revocation is the bureau's own decision under the agency seal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(PUSH_DAY):
            cls.case = cls._approved_case()
        cls.task = cls._tasks(cls.case, cls.housing)
        cls.water_task = cls._tasks(cls.case, cls.water)
        cls.Feedback = cls.env["dawa.supervision.feedback"]

    def _send(self, user=None, task=None, **values):
        user = user or self.housing_user
        task = task or self.task
        return self.Feedback.with_user(user).create({
            "task_id": task.id, "description": "Building used as a warehouse.", **values})

    def _answer(self, feedback, disposition="rectification", answer="Ordered to rectify."):
        feedback = feedback.with_user(self.approver)
        feedback.action_handle()
        feedback.write({"disposition": disposition, "answer": answer})
        feedback.action_close()
        return feedback

    def test_department_sends_feedback_on_its_task(self):
        with freeze_time("2026-10-09"):
            feedback = self._send()
        self.assertEqual(feedback.state, "sent")
        self.assertEqual(feedback.agency_id, self.housing)
        self.assertEqual(feedback.sudo().case_id, self.case)
        self.assertEqual(feedback.holder_name, "Panjin Jianye Construction Co., Ltd.")
        self.assertEqual(feedback.date_sent, date(2026, 10, 9))
        # 10 working days (the default), Saturday 10 October worked
        self.assertEqual(feedback.answer_deadline, date(2026, 10, 22))
        self.assertTrue(feedback.name.startswith("JGGZ2026"))
        # the approver of the case is asked to answer; the case's history shows it
        self.assertEqual(feedback.activity_ids.user_id, self.approver)
        self.assertIn(feedback.name, self.case.message_ids[:1].body)

    def test_answer_limit_is_a_setting(self):
        self.env["ir.config_parameter"].set_param("dawa_supervision.feedback_days", "5")
        with freeze_time("2026-10-09"):
            feedback = self._send()
        self.assertEqual(feedback.answer_deadline, date(2026, 10, 15))  # Saturday 10 worked

    def test_only_on_its_own_pushed_licences(self):
        # another department's task
        with self.assertRaises(ValidationError):
            self._send(task=self.water_task)
        # claiming to be another department
        with self.assertRaises(UserError):  # the record rule or the constraint
            self._send(agency_id=self.water.id)
        # a case never pushed to the department
        other = self._approved_case(items=self.water_item)
        for Feedback in (self.Feedback.with_user(self.housing_user), self.Feedback):
            with self.assertRaisesText(ValidationError, "was not pushed to"):
                Feedback.create({"case_id": other.id, "agency_id": self.housing.id,
                                 "description": "Hearsay."})
        # directly on a case pushed to it: accepted
        direct = self.Feedback.with_user(self.housing_user).create({
            "case_id": self.case.id, "description": "Seen while passing by."})
        self.assertEqual(direct.sudo().case_id, self.case)
        self.assertFalse(direct.task_id)
        # nothing to attach it to
        with self.assertRaises(ValidationError):
            self.Feedback.with_user(self.housing_user).create({"description": "Nothing."})
        self.assertEqual(self.Feedback.search([]), direct)

    def test_what_it_is_about_never_changes(self):
        feedback = self._send()
        other = self._approved_case()
        for vals in ({"case_id": other.id}, {"task_id": self._tasks(other, self.housing).id},
                     {"agency_id": self.water.id}, {"user_id": self.housing_user2.id}):
            for user in (self.housing_user, self.approver):
                with self.subTest(vals=vals, user=user.login), self.assertRaises(UserError):
                    feedback.with_user(user).write(vals)
        self.assertEqual(feedback.sudo().case_id, self.case)

    def test_who_writes_what(self):
        feedback = self._send()
        # the bureau does not rewrite the department's report, nor answers before taking it
        with self.assertRaisesText(UserError, "sending department"):
            feedback.with_user(self.approver).write({"description": "Rewritten"})
        with self.assertRaisesText(UserError, "Take the feedback in hand"):
            feedback.with_user(self.approver).write({"answer": "Too early"})
        # the department fixes its report until the bureau takes it, never answers
        feedback.with_user(self.housing_user).write({"description": "Used as a warehouse."})
        with self.assertRaises(UserError):
            feedback.with_user(self.housing_user).write({"disposition": "no_action"})
        with self.assertRaises(AccessError):  # a clerk only reads
            feedback.with_user(self.clerk).write({"answer": "Clerk's answer"})
        feedback.with_user(self.approver).action_handle()
        self.assertEqual((feedback.state, feedback.handler_id), ("handling", self.approver))
        with self.assertRaisesText(UserError, "already handling"):
            feedback.with_user(self.housing_user).write({"description": "Later facts"})
        # workflow fields move only with the buttons
        for vals in ({"state": "closed"}, {"answer_deadline": "2030-01-01"},
                     {"answered_on_time": True}, {"date_closed": "2026-10-01"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                feedback.with_user(self.approver).write(vals)

    def test_steps_and_their_roles(self):
        feedback = self._send()
        for user in (self.housing_user, self.clerk, self.reviewer):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                feedback.with_user(user).action_handle()
        with self.assertRaises(UserError):
            feedback.with_user(self.approver).action_close()
        feedback.with_user(self.approver).action_handle()
        with self.assertRaisesText(UserError, "record the disposition"):
            feedback.with_user(self.approver).action_close()
        with self.assertRaises(UserError):
            feedback.unlink()

    def test_answer_read_by_the_sending_department(self):
        with freeze_time("2026-10-12"):
            feedback = self._answer(self._send())
        self.assertEqual(feedback.state, "closed")
        self.assertEqual(feedback.closed_user_id, self.approver)
        self.assertTrue(feedback.answered_on_time)
        self.assertFalse(feedback.activity_ids)
        values = feedback.with_user(self.housing_user).read(["answer", "disposition", "state"])
        self.assertEqual(values[0]["answer"], "Ordered to rectify.")
        self.assertEqual(values[0]["disposition"], "rectification")
        self.assertIn(self.housing_user.partner_id, feedback.message_ids[:1].partner_ids)
        # closed: frozen for everybody
        with self.assertRaises(UserError):
            feedback.with_user(self.approver).write({"answer": "Changed my mind"})

    def test_overdue_answer_escalated_to_the_leaders_once(self):
        with freeze_time("2026-10-09"):
            feedback = self._send()
        Feedback = self.env["dawa.supervision.feedback"]
        with freeze_time("2026-10-20"):  # 2 working days left
            Feedback._cron_refresh_deadlines()
        self.assertEqual(feedback.deadline_state, "warning")
        self.assertFalse(feedback.escalated_date)
        with freeze_time("2026-10-23"):
            Feedback._cron_refresh_deadlines()
            Feedback._cron_refresh_deadlines()
        self.assertEqual(feedback.deadline_state, "overdue")
        self.assertEqual(feedback.escalated_date, date(2026, 10, 23))
        escalation = self.env.ref("dawa_supervision.mail_activity_type_supervision_escalation")
        activities = feedback.activity_ids.filtered(
            lambda activity: activity.activity_type_id == escalation)
        # the leaders, not the administrators who hold a leader's rights by inheritance
        leaders = self.env["res.users"].search([
            ("groups_id", "in", self.env.ref("dawa_approval.group_manager").id),
            ("groups_id", "not in", self.env.ref("base.group_system").id)])
        self.assertIn(self.manager, activities.user_id)
        self.assertNotIn(self.env.ref("base.user_admin"), activities.user_id)
        self.assertEqual(activities.user_id, leaders)
        self.assertEqual(len(activities), len(leaders), "once per leader")
        with freeze_time("2026-10-26"):
            feedback = self._answer(feedback)
        self.assertFalse(feedback.answered_on_time)
        self.assertFalse(feedback.activity_ids)

    def test_revocation_under_the_agency_seal(self):
        feedback = self._send(proposed_disposition="revocation")
        with freeze_time("2026-10-12"):
            self._answer(feedback, "revocation", "The licence is revoked.")
        case = self.case
        # the licence in the register is revoked, by the decision's number and date
        self.assertEqual(case.licence_id.state, "revoked")
        self.assertEqual(case.licence_id.state_date, date(2026, 10, 12))
        self.assertEqual(case.licence_id.state_reason, "大洼审批撤字〔2026〕1号")
        # 双公示: the published approval is marked revoked
        self.assertTrue(case._get_publicity_records()[0]["revoked"])
        self.assertEqual(case.revocation_date, date(2026, 10, 12))
        self.assertEqual(case.revocation_ref, "大洼审批撤字〔2026〕1号")
        self.assertEqual(case.revocation_user_id, self.approver)
        line = self.env["dawa.seal.usage"].search(
            [("case_id", "=", case.id), ("document_ref", "=", case.revocation_ref)])
        self.assertEqual(len(line), 1)
        self.assertEqual(line.seal_id, self.agency_seal)
        self.assertEqual(line.seal_id.kind, "agency")
        self.assertEqual(line.document_type_id,
                         self.env.ref("dawa_approval.document_type_licence_revocation"))
        self.assertEqual(line.approver_id, self.approver)
        self.assertTrue(self.env["dawa.seal.usage"].verify_chain()["ok"])
        # pushed back to every department that supervises the licence
        notices = self._tasks(case, kind="notice")
        self.assertEqual(notices.agency_id, self.housing | self.water)
        self.assertIn(case.revocation_ref, notices[0].notice)
        notice = notices.filtered(lambda task: task.agency_id == self.housing)
        self.assertEqual(notice.with_user(self.housing_user).licence_status, "revoked")
        self.assertEqual(notice.activity_ids.user_id, self.housing_user | self.housing_user2)
        # acknowledged without a result
        notice = notice.with_user(self.housing_user)
        notice.action_start()
        notice.action_done()
        self.assertEqual(notice.state, "done")
        # a licence is revoked once
        with self.assertRaisesText(UserError, "no valid licence"):
            case.with_user(self.approver)._issue_revocation()

    def test_revocation_never_under_the_approval_seal(self):
        self.agency_seal.state = "suspended"
        feedback = self._send()
        feedback.with_user(self.approver).action_handle()
        feedback.with_user(self.approver).write(
            {"disposition": "revocation", "answer": "Revoked."})
        # the approval seal is in use, but a revocation needs the agency seal
        self.assertEqual(self.approval_seal.state, "in_use")
        with self.assertRaisesText(UserError, "agency seal"):
            feedback.with_user(self.approver).action_close()
        self.assertEqual(self.case.licence_id.state, "valid")
        self.assertEqual(feedback.state, "handling")
        self.assertFalse(self._tasks(self.case, kind="notice"))
        self.assertFalse(self.env["dawa.seal.usage"].search(
            [("document_type_id", "=",
              self.env.ref("dawa_approval.document_type_licence_revocation").id)]))
        # and the registry says so too: the approval seal refuses the document
        with self.assertRaises(UserError):
            self.env["dawa.seal"]._get_approval_seal(
                self.env.ref("dawa_approval.document_type_licence_revocation"))

    def test_revocation_only_of_a_sealed_approval(self):
        # the electronic seal suspended: the approval waits for the seal keeper (待用印)
        self.electronic_seal.state = "suspended"
        case = self._approved_case()
        self.assertFalse(case.sealed)
        with self.assertRaisesText(UserError, "not sealed yet"):
            case.with_user(self.approver)._issue_revocation()
        # no licence before the sealing (the register issues it then), nothing revoked
        self.assertEqual((case.licence_ids, case.revocation_ref), (self.env["dawa.licence"], False))
        case.with_user(self.seal_keeper).action_seal()
        self.assertEqual(case.licence_id.state, "valid")
        case.with_user(self.approver)._issue_revocation()
        self.assertEqual(case.licence_id.state, "revoked")
        self.assertGreaterEqual(case.revocation_date, case.sealed_date)

    def test_only_approvers_revoke(self):
        for user in (self.clerk, self.reviewer, self.housing_user):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.case.with_user(user)._issue_revocation()
        self.assertEqual(self.case.licence_id.state, "valid")
        for name, value in (("revocation_ref", "forged"), ("commitment_state", "verified")):
            for user in (self.approver, self.manager):
                with self.subTest(field=name, user=user.login), self.assertRaises(UserError):
                    self.case.with_user(user).write({name: value})

    def test_revocation_decision_prints(self):
        self._answer(self._send(description="Forged fire certificate."), "revocation",
                     "Revoked.")
        report = self.env.ref("dawa_supervision.action_report_case_revocation")
        html = report.with_user(self.clerk)._render_qweb_html(report.report_name,
                                                              self.case.ids)[0].decode()
        self.assertIn(self.case.revocation_ref, html)
        self.assertIn("Forged fire certificate.", html)
        self.assertIn("Article 69", html)
        # no revocation, nothing to print
        other = self._approved_case()
        with self.assertRaisesText(UserError, "no revocation decision"):
            report.with_user(self.clerk)._render_qweb_html(report.report_name, other.ids)
