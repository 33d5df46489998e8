import re

from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import DawaTourCommon


@tagged("post_install", "-at_install")
class TestCaseRolesTour(DawaTourCommon):
    """One case through every role in the browser, one tour per role on its own queue:
    the clerk receives and accepts → the reviewer submits the opinion → the approver decides
    → the seal keeper seals → the clerk delivers → the applicant opens the public page with
    the application number and the query code and rates the service (plain HTTP: the public
    pages carry no web client to run a tour in)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_tour("ROLE-TOUR-SEAL", {
            "name": "Role tour permit",
            "code": "ROLE-TOUR-001",
            "source_agency_id": cls.env.ref("dawa_approval.agency_housing").id,
            "legal_basis": "Construction Law, art. 7",
            "statutory_days": 15,
            "promised_days": 3,
            "material_ids": [Command.create({"name": "Application form"}),
                             Command.create({"name": "Site plan"})],
        })
        cls.users = {}
        for role, group in (("clerk", "group_window_clerk"), ("reviewer", "group_reviewer"),
                            ("approver", "group_approver"), ("sealer", "group_seal_keeper")):
            cls.users[role] = new_test_user(
                cls.env, login=f"role_tour_{role}", groups=f"dawa_approval.{group}",
                name=f"Role Tour {role.title()}", dawa_agency_id=cls.bureau.id)

    def _case(self):
        return self.env["dawa.approval.case"].search(
            [("applicant_name", "=", "Panjin Role Tour Co., Ltd.")])

    def test_a_case_through_every_role(self):
        Case = self.env["dawa.approval.case"]
        self.start_tour("/odoo", "dawa_role_clerk_accept_tour", login="role_tour_clerk")
        case = self._case()
        self.assertEqual(case.state, "accepted")
        self.assertTrue(all(case.material_ids.mapped("provided")))
        self.assertEqual(case.user_id, self.users["clerk"])

        self.start_tour("/odoo", "dawa_role_reviewer_tour", login="role_tour_reviewer")
        case.invalidate_recordset()
        self.assertEqual(case.state, "to_decide")
        self.assertEqual(case.reviewer_id, self.users["reviewer"])
        self.assertIn("grant the licence", case.review_opinion)

        self.start_tour("/odoo", "dawa_role_approver_tour", login="role_tour_approver")
        case.invalidate_recordset()
        self.assertEqual((case.state, case.sealed), ("approved", False))
        self.assertEqual(case.approver_id, self.users["approver"])

        self.start_tour("/odoo", "dawa_role_seal_keeper_tour", login="role_tour_sealer")
        case.invalidate_recordset()
        self.assertTrue(case.sealed)
        line = self.env["dawa.seal.usage"].search([("case_id", "=", case.id)])
        self.assertEqual((line.operator_id, line.approver_id),
                         (self.users["sealer"], self.users["approver"]))

        self.start_tour("/odoo", "dawa_role_clerk_deliver_tour", login="role_tour_clerk")
        case.invalidate_recordset()
        self.assertEqual(case.state, "closed")
        self.assertEqual((case.delivery_method, case.delivery_recipient,
                          case.delivery_tracking_ref), ("mail", "Wang Fang", "SF1234567890"))
        # no step left waiting for anybody
        self.assertFalse(case.activity_ids)

        # the applicant, from the paper notice: number and query code, then the rating
        self.authenticate(None, None)
        page = self.url_open("/dawa/query")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        code = case.sudo().query_code
        response = self.url_open("/dawa/query", data={
            "number": case.name.lower(), "code": f"{code[:4]} {code[4:]}".lower(),
            "csrf_token": csrf})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/dawa/case/{case.sudo().access_token}"))
        self.assertIn(case.name, response.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        rated = self.url_open(f"/dawa/case/{case.sudo().access_token}/rate", data={
            "rating": "5", "comment": "办事快捷", "csrf_token": csrf})
        self.assertEqual(rated.status_code, 200)
        case.invalidate_recordset()
        self.assertEqual((case.rating, case.rating_comment), ("5", "办事快捷"))
        self.assertEqual(Case.search_count([("id", "=", case.id), ("rating", "=", "5")]), 1)
