import base64

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ID_NUMBER, PHONE, DawaSupervisionCommon


class IsolationCommon(DawaSupervisionCommon):
    """A case pushed to housing and water, with a housing task's photo, a housing feedback
    and a line in the case's chatter; an approval pushed to water only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._approved_case()
        cls.housing_task = cls._tasks(cls.case, cls.housing)
        cls.water_task = cls._tasks(cls.case, cls.water)
        cls.photo = cls.env["ir.attachment"].with_user(cls.housing_user).create({
            "name": "site-photo.jpg", "datas": base64.b64encode(b"housing evidence"),
            "res_model": "dawa.supervision.task", "res_id": cls.housing_task.id,
        })
        cls.feedback = cls.env["dawa.supervision.feedback"].with_user(cls.housing_user).create({
            "task_id": cls.housing_task.id, "description": "Housing's own finding."})
        cls.case_message = cls.case.message_post(body="Internal note of the bureau.")
        cls.water_only = cls._approved_case(items=cls.water_item)
        cls.water_only_task = cls._tasks(cls.water_only, cls.water)


@tagged("post_install", "-at_install")
class TestSupervisionIsolation(IsolationCommon):
    """Each department sees and changes its own agency's work only, model by model."""

    def test_tasks(self):
        Task = self.env["dawa.supervision.task"]
        self.assertEqual(Task.with_user(self.housing_user).search([]), self.housing_task)
        self.assertEqual(Task.with_user(self.water_user).search([]),
                         self.water_task | self.water_only_task)
        with self.assertRaises(AccessError):  # the case is the bureau's, even its id
            Task.with_user(self.water_user).search_count([("case_id", "=", self.case.id)])
        for user, task in ((self.housing_user, self.water_task),
                           (self.water_user, self.housing_task)):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    task.with_user(user).read(["holder_name"])
                with self.assertRaises(AccessError):
                    task.with_user(user).write({"findings": "Forged"})
                with self.assertRaises(AccessError):
                    task.with_user(user).action_start()
        groups = Task.with_user(self.housing_user).read_group([], ["agency_id"], ["agency_id"])
        self.assertEqual([group["agency_id"][0] for group in groups], [self.housing.id])

    def test_feedback(self):
        Feedback = self.env["dawa.supervision.feedback"]
        self.assertEqual(Feedback.with_user(self.housing_user).search([]), self.feedback)
        self.assertFalse(Feedback.with_user(self.water_user).search([]))
        with self.assertRaises(AccessError):
            self.feedback.with_user(self.water_user).read(["description", "answer"])
        with self.assertRaises(AccessError):
            self.feedback.with_user(self.water_user).write({"description": "Forged"})
        self.assertEqual(self.feedback.description, "Housing's own finding.")

    def test_attachments(self):
        Attachment = self.env["ir.attachment"]
        self.assertEqual(self.photo.with_user(self.housing_user).raw, b"housing evidence")
        with self.assertRaises(AccessError):
            self.photo.with_user(self.water_user).read(["datas"])
        self.assertFalse(Attachment.with_user(self.water_user).search(
            [("res_model", "=", "dawa.supervision.task")]))
        with self.assertRaises(AccessError):
            Attachment.with_user(self.water_user).create({
                "name": "planted.jpg", "datas": base64.b64encode(b"x"),
                "res_model": "dawa.supervision.task", "res_id": self.housing_task.id})

    def test_catalogue(self):
        Catalog = self.env["dawa.supervision.catalog"]
        self.assertEqual(Catalog.with_user(self.housing_user).search([]), self.catalog_housing)
        with self.assertRaises(AccessError):
            self.catalog_water.with_user(self.housing_user).read(["first_check_days"])
        for entry in (self.catalog_housing, self.catalog_water):
            with self.subTest(entry=entry.agency_id.code), self.assertRaises(AccessError):
                entry.with_user(self.housing_user).write({"first_check_days": 1})
        with self.assertRaises(AccessError):
            Catalog.with_user(self.housing_user).create(
                {"item_id": self.water_item.id, "agency_id": self.housing.id})
        self.assertEqual(self.catalog_housing.first_check_days, 10)

    def test_cases_items_and_seals(self):
        user = self.housing_user
        with self.assertRaises(AccessError):
            self.env["dawa.approval.case"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.case.with_user(user).read(["applicant_name"])
        with self.assertRaises(AccessError):
            self.case.with_user(user).write({"licence_scope": "Forged"})
        with self.assertRaises(AccessError):
            self.env["dawa.approval.case"].with_user(user).create({"applicant_name": "X"})
        with self.assertRaises(AccessError):
            self.water_item.with_user(user).write({"name": "Forged"})
        with self.assertRaises(AccessError):
            self.item.with_user(user).write({"commitment_allowed": False})
        with self.assertRaises(AccessError):
            self.agency_seal.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["dawa.seal.usage"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.env["mail.message"].with_user(user).browse(self.case_message.id).read(["body"])
        # the items its catalogue entries name are readable (the housing item, also
        # supervised by water, is readable by water too)
        self.assertTrue(self.item.with_user(self.water_user).read(["name"]))

    def test_figures_are_the_leaders(self):
        for user in (self.housing_user, self.clerk, self.approver):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["dawa.supervision.report"].with_user(user).get_dashboard_data()


@tagged("post_install", "-at_install")
class TestSupervisionIsolationOverJsonRpc(IsolationCommon, HttpCase):
    """The water department, logged in to the web client, reaches for the housing
    department's task, its photo and the case's chatter, and gets nothing."""

    def _call(self, model, method, args, kwargs=None):
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": model, "method": method, "args": args,
                "kwargs": {"context": {"lang": "en_US"}, **(kwargs or {})},
            })

    def test_other_agencys_task_attachment_and_chatter_refused(self):
        self.authenticate(self.water_user.login, self.water_user.login)
        # the task
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("dawa.supervision.task", "read", [self.housing_task.ids, ["holder_name"]])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("dawa.supervision.task", "web_read", [self.housing_task.ids],
                       {"specification": {"holder_name": {}, "findings": {}}})
        found = self._call("dawa.supervision.task", "search_read",
                           [[("id", "=", self.housing_task.id)], ["holder_name"]])
        self.assertEqual(found, [])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("dawa.supervision.task", "action_start", [self.housing_task.ids])
        # its photo
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("ir.attachment", "read", [self.photo.ids, ["datas", "name"]])
        response = self.url_open(f"/web/content/{self.photo.id}?download=true")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"housing evidence", response.content)
        # the case's chatter
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("mail.message", "read", [[self.case_message.id], ["body"]])
        with mute_logger("odoo.http"):
            thread = self.make_jsonrpc_request("/mail/thread/messages", {
                "thread_model": "dawa.approval.case", "thread_id": self.case.id})
        self.assertEqual(thread["messages"], [])
        self.assertNotIn("Internal note of the bureau", str(thread))
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("dawa.approval.case", "read", [self.case.ids, ["applicant_name"]])
        # its own task shows the licence, never the applicant's identifiers
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("dawa.supervision.task", "web_read", [self.water_task.ids], {
                "specification": {"case_id": {"fields": {"display_name": {}}}}})
        own = self._call("dawa.supervision.task", "web_read", [self.water_task.ids], {
            "specification": {"holder_name": {}, "decision_ref": {}, "licence_scope": {},
                              "licence_status": {}, "licence_number": {},
                              "licence_valid_to": {}, "item_ids": {}}})
        self.assertEqual(own[0]["holder_name"], "Panjin Jianye Construction Co., Ltd.")
        self.assertEqual(own[0]["licence_status"], "valid")
        self.assertTrue(own[0]["licence_number"])
        for secret in (ID_NUMBER, PHONE, PHONE[-4:]):
            self.assertNotIn(secret, str(own))
        self.assertEqual(self.housing_task.state, "new")
