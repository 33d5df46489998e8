from odoo.tests import new_test_user

from odoo.addons.dawa_approval.tests.common import DawaCaseCommon

# an illustrative licence type code (defining body's credit code + 3 digits) and the
# bureau's credit code: identifiers of GB/T 36904 are made from them
TYPE_CODE = "11100000000013338W032"
BUREAU_USCC = "91211100MA0YJ1C45H"


class DawaLicenceCommon(DawaCaseCommon):
    """The housing item issues 大洼建施 licences valid 36 months, with a type code; the
    instant item issues approval documents only; helpers approving (and so sealing, with the
    electronic seal) cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dawa.holiday"]._seed_year(2026)
        cls.env["dawa.holiday"]._seed_year(2025)
        cls.bureau.uscc = False
        cls.item.write({
            "result_kind": "licence", "licence_name": "建筑工程施工许可证",
            "licence_prefix": "TEST建施", "licence_padding": 5,
            "licence_validity_months": 36, "licence_type_code": TYPE_CODE,
        })
        cls.instant_item.result_kind = "approval_document"
        cls.clerk_2 = new_test_user(
            cls.env, login="test_licence_clerk_2", groups="dawa_approval.group_window_clerk",
            dawa_agency_id=cls.bureau.id)
        cls.department_user = new_test_user(
            cls.env, login="test_licence_outsider", groups="base.group_user",
            dawa_agency_id=cls.housing.id)

    @classmethod
    def _approved_case(cls, items=None, **values):
        """A case of ``items`` approved by the approver, sealed at once (electronic seal)."""
        case = cls._provide_all(cls._create_case(items=items, **values))
        case.with_user(cls.clerk).action_accept()
        if case.state == "accepted" and not case.is_instant:
            cls._submit(case)
        case.with_user(cls.approver).action_approve()
        return case


class DawaCertificateCommon(DawaLicenceCommon):
    """A certificate form type for the housing item's licences, with a batch of forms
    S0000101-S0000110 received by the seal keeper from the printer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.form_type = cls.env["dawa.certificate.type"].create({
            "name": "建筑工程施工许可证（正本）", "code": "TEST-JZSG",
            "serial_prefix": "S", "serial_padding": 7,
            "offset_x_mm": 1.5, "offset_y_mm": -2.0,
        })
        cls.item.certificate_type_id = cls.form_type
        cls.batch = cls._receive(101, 110)

    @classmethod
    def _receive(cls, first, last, **values):
        batch = cls.env["dawa.certificate.stock"].with_user(cls.seal_keeper).create({
            "certificate_type_id": cls.form_type.id, "source": "printer",
            "printer_name": "Liaoning Security Printing", "serial_first": first,
            "serial_last": last, "counted_by_id": cls.manager.id, **values,
        })
        batch.action_receive()
        return batch

    def _form(self, number):
        return self.env["dawa.certificate.form"].search(
            [("certificate_type_id", "=", self.form_type.id), ("number", "=", number)])
