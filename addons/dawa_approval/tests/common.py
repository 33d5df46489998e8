from contextlib import contextmanager

from odoo.fields import Command
from odoo.tests import new_test_user
from odoo.tests.common import HttpCase, TransactionCase


class DawaCommon(TransactionCase):
    """Users per role, the agencies of the reform and a published, transferred item."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.bureau = cls.env.ref("dawa_approval.agency_bureau")
        cls.housing = cls.env.ref("dawa_approval.agency_housing")
        cls.water = cls.env.ref("dawa_approval.agency_water")

        def user(login, groups, agency=None):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                name=login.replace("_", " ").title(),
                dawa_agency_id=(agency or cls.bureau).id,
            )

        cls.clerk = user("test_clerk", "dawa_approval.group_window_clerk")
        cls.reviewer = user("test_reviewer", "dawa_approval.group_reviewer")
        cls.approver = user("test_approver", "dawa_approval.group_approver")
        cls.seal_keeper = user("test_seal_keeper", "dawa_approval.group_seal_keeper")
        cls.catalog_admin = user("test_catalog_admin", "dawa_approval.group_catalog_admin")
        cls.manager = user("test_manager", "dawa_approval.group_manager")
        cls.employee = user("test_employee", "base.group_user")

        Item = cls.env["dawa.approval.item"]
        cls.item = Item.create({
            "name": "Construction works permit",
            "code": "TEST-HOUSING-001",
            "source_agency_id": cls.housing.id,
            "legal_basis": "Construction Law, art. 7",
            "statutory_days": 15,
            "promised_days": 3,
            "material_ids": [
                Command.create({"name": "Application form", "sequence": 1}),
                Command.create({"name": "Construction contract", "sequence": 2,
                                "tolerance_allowed": True}),
                Command.create({"name": "Site photos", "sequence": 3, "required": False}),
            ],
            # 行政许可法 §45: a hearing of at most 20 working days
            "special_procedure_ids": [
                Command.create({"kind": "hearing", "name": "Hearing of the neighbours",
                                "max_days": 20}),
            ],
        })
        cls.hearing = cls.item.special_procedure_ids
        cls.item.action_publish()
        cls.item.handling_agency_id = cls.bureau

    @classmethod
    def _create_item(cls, agency, **vals):
        """A draft item of ``agency`` that has what publication needs (legal basis, a material)."""
        values = {
            "name": f"Test item of {agency.code}",
            "source_agency_id": agency.id,
            "legal_basis": "Administrative Licensing Law, art. 12",
            "statutory_days": 20,
            "promised_days": 5,
            "material_ids": [Command.create({"name": "Application form"})],
        }
        values.update(vals)
        return cls.env["dawa.approval.item"].create(values)

    @contextmanager
    def assertRaisesText(self, exception, *fragments):
        """``assertRaises`` (so the savepoint is rolled back, unlike ``assertRaisesRegex``)
        whose message must hold every fragment."""
        with self.assertRaises(exception) as caught:
            yield caught
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)


class DawaCaseCommon(DawaCommon):
    """Adds the bureau's approval seal in use and a helper creating cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Seal = cls.env["dawa.seal"]
        Seal.search([("kind", "=", "approval"), ("state", "=", "in_use")]).state = "suspended"
        cls.approval_seal = Seal.create({
            "name": "Approval seal of the bureau",
            "code": "TEST-SEAL-APPROVAL",
            "kind": "approval",
            "agency_id": cls.bureau.id,
            "state": "in_use",
        })
        # decisions are sealed at once with it (the seal keeper's path: tests suspend it)
        Seal.search([("kind", "=", "electronic"), ("state", "=", "in_use")]).state = "suspended"
        cls.electronic_seal = Seal.create({
            "name": "Electronic approval seal of the bureau",
            "code": "TEST-SEAL-ELECTRONIC",
            "kind": "electronic",
            "agency_id": cls.bureau.id,
            "state": "in_use",
        })
        cls.instant_item = cls.env["dawa.approval.item"].create({
            "name": "Filing of a vehicle repair business",
            "code": "TEST-TRANSPORT-INSTANT",
            "item_type": "filing",
            "case_kind": "instant",
            "source_agency_id": cls.env.ref("dawa_approval.agency_transport").id,
            "legal_basis": "Road Transport Regulations, art. 39",
        })
        cls.instant_item.action_publish()
        cls.instant_item.handling_agency_id = cls.bureau

    @classmethod
    def _create_case(cls, items=None, user=None, **values):
        items = items or cls.item
        vals = {
            "applicant_type": "organization",
            "applicant_name": "Panjin Jianye Construction Co., Ltd.",
            "applicant_id_number": "91211100MA0YJ1C45H",
            "applicant_phone": "13812345678",
            "line_ids": [Command.create({"item_id": item.id, "sequence": index})
                         for index, item in enumerate(items)],
            **values,
        }
        return cls.env["dawa.approval.case"].with_user(user or cls.clerk).create(vals)

    def _is_deadline_activity(self, activity):
        return activity.activity_type_id == self.env.ref(
            "dawa_approval.mail_activity_type_case_deadline")

    @classmethod
    def _submit(cls, case, opinion="The conditions of the licence are met."):
        """Take an accepted case through review to the approver (待决定)."""
        case = case.with_user(cls.reviewer)
        if case.state == "accepted":
            case.action_start_review()
        case.review_opinion = opinion
        case.action_submit()
        return case.with_env(cls.env)

    @classmethod
    def _set_delivery(cls, cases, method="window", recipient="Zhang Wei", tracking=False):
        """Write how the decisions are delivered, as the clerk does before delivering."""
        cases.with_user(cls.clerk).write({
            "delivery_method": method, "delivery_recipient": recipient,
            "delivery_tracking_ref": tracking})
        return cases

    @classmethod
    def _provide_all(cls, case):
        case.material_ids.write({"provided": True})
        return case


class EnglishVisitorMixin:
    """A visitor whose browser asks for English.

    The public pages answer in Simplified Chinese unless the visitor asks for another installed
    language; tests that read the pages' source (English) messages visit them this way. A header
    given by the test itself (``Accept-Language: zh-CN``) still wins."""

    def url_open(self, url, data=None, files=None, timeout=12, headers=None, **kwargs):
        headers = {"Accept-Language": "en-US,en;q=0.9", **(headers or {})}
        return super().url_open(url, data=data, files=files, timeout=timeout, headers=headers,
                                **kwargs)


class DawaTourCommon(HttpCase):
    """Browser tours of a case: the decisions wait for the seal keeper (a paper approval seal
    is the only one in use) and the tour's item is published, handled by the bureau."""

    @classmethod
    def _set_up_tour(cls, seal_code, item_vals):
        """The tour's approval seal (``seal_code``) and published item; returns the item."""
        cls.bureau = cls.env.ref("dawa_approval.agency_bureau")
        Seal = cls.env["dawa.seal"]
        Seal.search([("kind", "in", ("approval", "electronic")),
                     ("state", "=", "in_use")]).state = "suspended"
        Seal.create({
            "name": f"Tour approval seal {seal_code}", "code": seal_code, "kind": "approval",
            "agency_id": cls.bureau.id, "state": "in_use",
        })
        item = cls.env["dawa.approval.item"].create(item_vals)
        item.action_publish()
        item.handling_agency_id = cls.bureau
        return item
