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
