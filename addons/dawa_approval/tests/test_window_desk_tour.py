from odoo.tests import tagged

from .common import DawaTourCommon


@tagged("post_install", "-at_install")
class TestWindowDeskTour(DawaTourCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_up_tour("TOUR-SEAL", {
            "name": "Tour vehicle repair filing",
            "code": "TOUR-FILING",
            "item_type": "filing",
            "case_kind": "instant",
            "source_agency_id": cls.env.ref("dawa_approval.agency_transport").id,
            "legal_basis": "Road Transport Regulations, art. 39",
        })

    def test_window_desk_tour(self):
        self.start_tour("/odoo", "dawa_window_desk_tour", login="admin")
        case = self.env["dawa.approval.case"].search(
            [("applicant_name", "=", "Panjin Tour Logistics Co., Ltd.")])
        self.assertEqual(case.state, "closed")
        self.assertTrue(case.sealed)
        self.assertEqual((case.delivery_method, case.delivery_recipient), ("window", "Li Ming"))
        line = self.env["dawa.seal.usage"].search([("case_id", "=", case.id)])
        self.assertEqual((line.operator_id, line.approver_id),
                         (case.seal_user_id, case.approver_id))
