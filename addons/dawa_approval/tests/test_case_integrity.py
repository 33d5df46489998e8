import json
from datetime import date, datetime

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DawaCaseCommon

ID_NUMBER = "91211100MA0YJ1C45H"
PHONE = "13812345678"
# The guards' own refusals (dawa.workflow.mixin, dawa.derived.fields.mixin)
WORKFLOW_REFUSAL = "can only be changed with its buttons"
DERIVED_REFUSAL = "follow from its other data and cannot be set directly"


def forged_value(record, name):
    """A value of field ``name`` different from the one ``record`` has, or a new record would
    get when ``record`` is empty."""
    field = record._fields[name]
    current = record.sudo()[name] if record else record.default_get([name]).get(name)
    if field.type == "many2one" and isinstance(current, int):  # a default is an id
        current = record.env[field.comodel_name].browse(current)
    if field.type == "boolean":
        return not current
    if field.type in ("integer", "float"):
        return (current or 0) + 7
    if field.type == "date":
        return "2030-06-03"
    if field.type == "datetime":
        return "2030-06-03 08:00:00"
    if field.type == "many2one":
        # an id that names no record does as well when there is none (an add-on's projects in
        # a database without them): the guard refuses before anything is looked up
        return record.env[field.comodel_name].sudo().search(
            [("id", "!=", current.id if current else 0)], limit=1).id or 999_999
    if field.type in ("many2many", "one2many"):
        # a link to another record (or, as above, to an id naming none)
        other = record.env[field.comodel_name].sudo().search(
            [("id", "not in", getattr(current, "ids", []))], limit=1).id or 999_999
        return [Command.set([other])]
    if field.type == "selection":
        keys = [key for key, _label in field._description_selection(record.env)]
        return next(key for key in keys if key != current)
    return f"forged {name}"


class IntegrityCommon(DawaCaseCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dawa.holiday"]._seed_year(2026)
        # allowed to export lists, to show that an export masks what the user may not see
        cls.other_clerk = new_test_user(
            cls.env, login="test_other_clerk",
            groups="dawa_approval.group_window_clerk,base.group_allow_export",
            dawa_agency_id=cls.bureau.id)
        cls.admin = cls.env.ref("base.user_admin")
        cls.bureau_roles = (cls.clerk, cls.reviewer, cls.approver, cls.seal_keeper,
                            cls.catalog_admin, cls.manager, cls.admin)
        # who may write cases (ir.model.access): the guards' own errors answer them; the seal
        # keeper and the catalogue admin may not write cases at all
        cls.case_writers = (cls.clerk, cls.reviewer, cls.approver, cls.manager, cls.admin)
        cls.case_non_writers = (cls.seal_keeper, cls.catalog_admin)

    def _decided_case(self, **values):
        case = self._provide_all(self._create_case(**values))
        case.with_user(self.clerk).action_accept()
        self._submit(case)
        case.with_user(self.approver).action_approve()
        return case


@tagged("post_install", "-at_install")
class TestWorkflowFields(IntegrityCommon):
    """No workflow field moves without its action, whoever writes and with any context."""

    def _assert_refused(self, records, name, user):
        """The guard refuses ``user``, who may write ``records``, to set field ``name``: its
        own UserError, never the access rights' AccessError (a UserError too)."""
        value = forged_value(records, name)
        forged = records.with_user(user).with_context(tracking_disable=True, lang="en_US")
        before = records.sudo()[name]
        refusal = WORKFLOW_REFUSAL if name in records._get_workflow_fields() else DERIVED_REFUSAL
        with self.subTest(model=records._name, field=name, user=user.login):
            self.assertTrue(records.with_user(user).has_access("write"))
            with self.assertRaises(UserError) as caught:
                forged.write({name: value})
            self.assertNotIsInstance(caught.exception, AccessError)
            self.assertIn(refusal, str(caught.exception))
        self.assertEqual(records.sudo()[name], before)

    def test_case_fields_refused_for_every_role(self):
        case = self._create_case()
        for user in self.case_writers:
            for name in case._get_workflow_fields():
                self._assert_refused(case, name, user)

    def test_case_fields_out_of_reach_without_write_access(self):
        """The roles that may not write cases: the access rights refuse any field (a workflow
        or derived field is refused too, by its guard or the rights, whichever comes
        first)."""
        case = self._create_case()
        self.assertEqual({user for user in self.bureau_roles
                          if not case.with_user(user).has_access("write")},
                         set(self.case_non_writers))
        for user in self.case_non_writers:
            for name in ("applicant_name", "decision_note", "correction_note"):
                with self.subTest(user=user.login, field=name), self.assertRaises(AccessError):
                    case.with_user(user).write({name: forged_value(case, name)})
            for name in ("state", "decision_ref", "approver_id", "main_item_id", "agency_id"):
                with self.subTest(user=user.login, field=name), self.assertRaises(UserError):
                    case.with_user(user).write({name: forged_value(case, name)})
        self.assertEqual((case.state, case.decision_ref, case.applicant_name),
                         ("received", False, "Panjin Jianye Construction Co., Ltd."))

    def test_case_fields_refused_on_a_decided_case(self):
        case = self._decided_case()
        for user in (self.clerk, self.approver, self.manager, self.admin):
            for name in ("state", "decision", "decision_ref", "decision_date", "approver_id",
                         "clock_start_date", "rating"):
                self._assert_refused(case, name, user)
        self.assertEqual(case.state, "approved")

    def test_derived_case_fields_refused_for_every_role(self):
        water_item = self._create_item(self.water)
        water_item.action_publish()
        water_item.handling_agency_id = self.bureau
        case = self._create_case(items=self.item | water_item)
        derived = [name for name, field in case._fields.items() if case._is_derived_field(field)
                   and name not in case._get_workflow_fields()]
        self.assertLessEqual({"main_item_id", "agency_id", "is_joint"}, set(derived))
        for user in self.case_writers:
            for name in derived:
                self._assert_refused(case, name, user)
        for vals in ({"main_item_id": water_item.id}, {"agency_id": self.water.id},
                     {"is_joint": True}):
            with self.subTest(create=vals), self.assertRaisesText(UserError, DERIVED_REFUSAL):
                self._create_case(**vals)
        # the values it has may be sent back with the form; the items still decide them
        case.with_user(self.clerk).write({
            "main_item_id": case.main_item_id.id, "agency_id": case.agency_id.id,
            "applicant_name": "Panjin Second Construction Co., Ltd."})
        case.line_ids[0].unlink()
        self.assertEqual((case.main_item_id, case.agency_id, case.is_joint),
                         (case.line_ids.item_id, self.water, False))

    def test_derived_field_refusal_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["dawa_approval"], ["zh_CN"])
        case = self._create_case()
        with self.assertRaisesText(UserError, "办件的主办事项由其他数据自动得出，不能直接设置。"):
            case.with_user(self.clerk).with_context(lang="zh_CN").write(
                {"main_item_id": forged_value(case, "main_item_id")})

    def test_case_cannot_be_created_in_a_later_state(self):
        Case = self.env["dawa.approval.case"]
        for name in Case._get_workflow_fields():
            value = forged_value(Case, name)
            with self.subTest(field=name):
                with self.assertRaisesText(UserError, WORKFLOW_REFUSAL) as caught:
                    self._create_case(user=self.manager, **{name: value})
                self.assertNotIsInstance(caught.exception, AccessError)
        self.assertFalse(Case.search([("applicant_name", "=", "forged applicant_name")]))

    def test_form_defaults_sent_back_are_accepted(self):
        # the web client may send the values it was shown for a new record
        Case = self.env["dawa.approval.case"].with_user(self.clerk)
        defaults = Case.default_get(["state", "received_date", "name"])
        case = self._create_case(**defaults)
        self.assertEqual(case.state, "received")
        self.assertNotEqual(case.name, defaults["name"], "numbered from the sequence")

    def test_actions_still_move_the_case(self):
        case = self._decided_case()
        self.assertEqual((case.state, case.decision, case.approver_id),
                         ("approved", "approved", self.approver))
        self._set_delivery(case)
        case.with_user(self.clerk).action_deliver()
        self.assertEqual(case.state, "closed")
        case._rate("5", "")
        self.assertEqual(case.rating, "5")
        case.with_user(self.manager).action_archive()
        self.assertFalse(case.active)

    def test_item_state_and_implementing_agency(self):
        item = self._create_item(self.water)
        for user in (self.catalog_admin, self.manager, self.admin):
            for name in ("state", "handling_agency_id"):
                self._assert_refused(item, name, user)
        Item = self.env["dawa.approval.item"].with_user(self.catalog_admin)
        with self.assertRaises(UserError):
            Item.create({"name": "Published at birth", "source_agency_id": self.water.id,
                         "state": "published"})
        with self.assertRaises(UserError):
            Item.create({"name": "Handled by the bureau", "source_agency_id": self.water.id,
                         "handling_agency_id": self.bureau.id})
        # a default in the caller's context is no way around it
        forged = Item.with_context(default_state="published",
                                   default_handling_agency_id=self.bureau.id).create(
            {"name": "Defaults from the context", "source_agency_id": self.water.id})
        self.assertEqual((forged.state, forged.handling_agency_id), ("draft", self.water))
        case = self.env["dawa.approval.case"].with_user(self.clerk).with_context(
            default_state="approved", default_decision="approved",
            default_approver_id=self.approver.id).create({"applicant_name": "Context Co."})
        self.assertEqual((case.state, case.decision, case.approver_id),
                         ("received", False, self.env["res.users"]))
        item.with_user(self.catalog_admin).action_publish()
        self.assertEqual(item.state, "published")

    def test_seal_agreement_and_rectification_states(self):
        for user in (self.seal_keeper, self.manager, self.admin):
            self._assert_refused(self.approval_seal, "state", user)
        agreement = self.env["dawa.transfer.agreement"].create({"agency_id": self.water.id})
        for user in (self.catalog_admin, self.manager, self.admin):
            self._assert_refused(agreement, "state", user)
        case = self._decided_case()
        case._rate("1", "Came back three times")
        rectification = case.rectification_ids
        # the handler the rating is about may not soften it: the applicant's words, the
        # rating, its date and the deadline it set are the rating's
        self.assertLessEqual({"complaint", "rating", "rating_date", "deadline", "case_id"},
                             set(rectification._get_workflow_fields()))
        for user in (self.clerk, self.manager, self.admin):
            for name in rectification._get_workflow_fields():
                self._assert_refused(rectification, name, user)
        self.assertEqual((rectification.rating, rectification.complaint),
                         ("1", "Came back three times"))
        # what the handler answers stays theirs to write
        rectification.with_user(self.clerk).write({"measures": "Called the applicant back."})
        self.assertEqual(rectification.measures, "Called the applicant back.")


@tagged("post_install", "-at_install")
class TestDecidedCaseFrozen(IntegrityCommon):
    """After the decision, the application and the decision are part of the record."""

    def test_applicant_decision_and_notes_frozen(self):
        case = self._decided_case()
        for user in (self.clerk, self.approver, self.manager):
            for vals in ({"applicant_name": "Another company"},
                         {"applicant_type": "person"},
                         {"applicant_id_number": "91211104MA0Y8K2L3H"},
                         {"applicant_phone": "13900000000"},
                         {"decision_note": "Other reasons"},
                         {"correction_note": "Other materials"},
                         {"note": "<p>rewritten</p>"},
                         {"channel": "mail"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaisesText(
                        UserError, "can no longer be changed"):
                    case.with_user(user).write(vals)
        # code running as superuser is refused too
        with self.assertRaisesText(UserError, "can no longer be changed"):
            case.sudo().write({"applicant_name": "Another company"})
        self.assertEqual(case.applicant_name, "Panjin Jianye Construction Co., Ltd.")

    def test_item_code_of_a_sealed_decision_frozen(self):
        item = self._create_item(self.water, code="TEST-WATER-CODE")
        item.action_publish()
        item.handling_agency_id = self.bureau
        item.with_user(self.catalog_admin).write({"code": "TEST-WATER-CODE-2"})
        self._decided_case(items=item)
        with self.assertRaisesText(UserError, "sealed decisions"):
            item.with_user(self.catalog_admin).write({"code": "TEST-WATER-CODE-3"})
        self.assertEqual(item.code, "TEST-WATER-CODE-2")
        item.with_user(self.catalog_admin).write({"name": "Water intake permit (renamed)"})

    def test_items_and_materials_frozen(self):
        case = self._decided_case()
        line = case.line_ids
        for user in (self.clerk, self.manager):
            with self.assertRaises(UserError):
                line.with_user(user).write({"item_id": self.instant_item.id})
            with self.assertRaises(UserError):
                line.with_user(user).unlink()
            with self.assertRaises(UserError):
                case.with_user(user).write({"line_ids": [
                    Command.create({"item_id": self.instant_item.id})]})
            with self.assertRaises(UserError):
                case.material_ids[:1].with_user(user).write({"provided": False})
        with self.assertRaises(UserError):
            line.sudo().unlink()
        self.assertEqual(case.line_ids, line)
        self.assertTrue(all(case.material_ids.mapped("provided")))

    def test_tolerated_material_may_still_come_in(self):
        case = self._create_case()
        required = case.material_ids.filtered(lambda m: m.required and not m.tolerance_allowed)
        tolerated = case.material_ids.filtered("tolerance_allowed")
        required.write({"provided": True})
        tolerated.with_user(self.clerk).write({"tolerated": True})
        case.with_user(self.clerk).action_accept()
        self._submit(case)
        case.with_user(self.approver).action_approve()
        self.assertEqual(case.gongai_code, "12")
        tolerated.with_user(self.clerk).write({"provided": True})
        self.assertEqual(case.gongai_code, "11")
        with self.assertRaises(UserError):
            tolerated.with_user(self.clerk).write({"tolerated": False})


@tagged("post_install", "-at_install")
class TestCaseInput(IntegrityCommon):
    """Material checks are a snapshot of the catalogue; bad input is refused clearly."""

    def test_material_snapshot_fields_refused(self):
        case = self._create_case()
        material = case.material_ids.with_user(self.clerk)
        for vals in ({"required": False}, {"tolerance_allowed": True},
                     {"name": "Something easier"}, {"item_material_id": False}):
            with self.subTest(vals=vals), self.assertRaisesText(
                    UserError, "come from the catalogue"):
                material[:1].write(vals)
        with self.assertRaises(UserError):
            material[:1].unlink()
        with self.assertRaises(UserError):
            self.env["dawa.approval.case.material"].with_user(self.clerk).create({
                "case_id": case.id,
                "item_material_id": self.item.material_ids[:1].id,
                "name": "Hand-made check",
            })
        not_tolerable = material.filtered(lambda m: not m.tolerance_allowed)[:1]
        with self.assertRaises(ValidationError):
            not_tolerable.write({"tolerated": True})
        material.write({"provided": True, "note": "Original seen"})
        self.assertEqual(
            [(m.name, m.required, m.tolerance_allowed) for m in case.material_ids],
            [(m.name, m.required, m.tolerance_allowed) for m in self.item.material_ids])

    def test_material_lines_deleted_with_their_item_only(self):
        case = self._create_case(items=self.item | self.instant_item)
        case.with_user(self.clerk).write({"line_ids": [
            Command.unlink(case.line_ids.filtered(lambda line: line.item_id == self.item).id)]})
        self.assertFalse(case.material_ids.filtered(lambda m: m.item_id == self.item))

    def test_accept_needs_items_and_id_number(self):
        no_item = self._create_case(items=self.env["dawa.approval.item"], line_ids=[])
        with self.assertRaisesText(UserError, "choose the approval items"):
            no_item.with_user(self.clerk).action_accept()
        no_id = self._provide_all(self._create_case(applicant_id_number=False))
        with self.assertRaisesText(UserError, "ID number"):
            no_id.with_user(self.clerk).action_accept()
        self.assertEqual((no_item.state, no_id.state), ("received", "received"))

    def test_blank_applicant_name(self):
        for name in ("", "   "):
            with self.subTest(name=name), self.assertRaises(ValidationError):
                self._create_case(applicant_name=name)
        case = self._create_case()
        with self.assertRaises(ValidationError):
            case.with_user(self.clerk).write({"applicant_name": " "})

    @freeze_time("2026-11-25 02:00:00")
    def test_received_date_cannot_be_back_dated(self):
        with self.assertRaisesText(UserError, "can only be changed with its buttons"):
            self._create_case(received_date="2026-11-02")
        case = self._create_case()
        self.assertEqual(case.received_date, date(2026, 11, 25))
        with self.assertRaises(UserError):
            case.with_user(self.clerk).write({"received_date": date(2026, 11, 2)})


@tagged("post_install", "-at_install")
class TestPersonalData(IntegrityCommon):
    """Raw ID numbers and phones reach only the case's own handlers and the managers, through
    every ORM path a JSON-RPC client can call."""

    def setUp(self):
        super().setUp()
        self.case = self._create_case()

    def test_handlers_and_managers_see_the_raw_values(self):
        case = self._provide_all(self.case)
        self.assertEqual(case.with_user(self.clerk).applicant_id_number, ID_NUMBER)
        self.assertEqual(case.with_user(self.manager).applicant_phone, PHONE)
        self.assertNotEqual(case.with_user(self.reviewer).applicant_id_number, ID_NUMBER)
        case.with_user(self.clerk).action_accept()
        case.with_user(self.reviewer).action_start_review()
        self.assertEqual(case.with_user(self.reviewer).applicant_id_number, ID_NUMBER)
        self.assertNotEqual(case.with_user(self.approver).applicant_id_number, ID_NUMBER)
        self._submit(case)
        case.with_user(self.approver).action_approve()
        self.assertEqual(case.with_user(self.approver).applicant_phone, PHONE)

    def test_other_clerk_reads_masked_values(self):
        Case = self.env["dawa.approval.case"].with_user(self.other_clerk)
        fields = ["applicant_id_number", "applicant_phone"]
        masked = {"applicant_id_number": "9121**********C45H", "applicant_phone": "138****5678"}
        case = self.case.with_user(self.other_clerk)
        self.assertEqual({f: case.read(fields)[0][f] for f in fields}, masked)
        rows = Case.search_read([("id", "=", self.case.id)], fields)
        self.assertEqual({f: rows[0][f] for f in fields}, masked)
        rows = Case.web_search_read([("id", "=", self.case.id)], {f: {} for f in fields})
        self.assertEqual({f: rows["records"][0][f] for f in fields}, masked)
        exported = case.export_data(fields)["datas"]
        self.assertEqual(exported, [[masked[f] for f in fields]])

    def test_raw_fields_out_of_reach(self):
        Case = self.env["dawa.approval.case"].with_user(self.other_clerk)
        for name in ("applicant_id_number_raw", "applicant_phone_raw"):
            with self.subTest(field=name):
                with self.assertRaises(AccessError):
                    self.case.with_user(self.other_clerk).read([name])
                with self.assertRaises(AccessError):
                    Case.search_read([], [name])
                with self.assertRaises(AccessError):
                    Case.search([(name, "=", ID_NUMBER)])
                with self.assertRaises(AccessError):
                    Case.search([], order=name)
                with self.assertRaises(AccessError):
                    Case.read_group([], [name], [name])
                with self.assertRaises(AccessError):
                    self.case.with_user(self.other_clerk).export_data([name])
        with self.assertRaises(ValueError):  # not stored: no grouping, no aggregate
            Case.read_group([], ["applicant_id_number"], ["applicant_id_number"])

    def test_search_only_by_the_whole_number(self):
        Case = self.env["dawa.approval.case"].with_user(self.other_clerk)
        for name, value in (("applicant_id_number", ID_NUMBER), ("applicant_phone", PHONE)):
            self.assertEqual(Case.search([(name, "=", value)]), self.case)
            for domain in ([(name, "ilike", value[:4])], [(name, "=like", value[:4] + "%")],
                           [(name, "!=", False)], [(name, "=", False)],
                           [(name, "in", [value])], [(name, ">", "0")],
                           [(name, "not ilike", "x")]):
                with self.subTest(domain=domain), self.assertRaisesText(
                        UserError, "whole number"):
                    Case.search(domain)
        # typed the way it is printed: lower case, spaces
        self.assertEqual(Case.search([("applicant_id_number", "=", " 91211100ma0yj1c45h ")]),
                         self.case)

    def test_other_clerk_cannot_overwrite(self):
        with self.assertRaisesText(UserError, "Only the handler"):
            self.case.with_user(self.other_clerk).write({"applicant_phone": "13900000000"})
        self.assertEqual(self.case.applicant_phone, PHONE)

    def test_access_token_unreadable(self):
        for user in (self.clerk, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.case.with_user(user).read(["access_token"])
            with self.assertRaises(AccessError):
                self.env["dawa.approval.case"].with_user(user).search(
                    [("access_token", "=", self.case.sudo().access_token)])
        self.assertIn(self.case.sudo().access_token, self.case._get_qr_url())


@tagged("post_install", "-at_install")
class TestIntegrityOverJsonRpc(IntegrityCommon, HttpCase):
    """The same rules through the web client's own endpoint, as each role."""

    def _call(self, login, model, method, args, kwargs=None):
        self.authenticate(login, login)
        # refused calls are logged by the server as warnings
        with mute_logger("odoo.http"):
            return self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": model, "method": method, "args": args,
                "kwargs": {"context": {"tracking_disable": True, "lang": "en_US"},
                           **(kwargs or {})},
            })

    def _refusal(self, login, model, method, args):
        """``(exception class, message)`` of the error the call answers with; fails if the
        call goes through."""
        self.authenticate(login, login)
        with mute_logger("odoo.http"):
            response = self.url_open("/web/dataset/call_kw", data=json.dumps({
                "jsonrpc": "2.0", "method": "call", "id": 0, "params": {
                    "model": model, "method": method, "args": args,
                    "kwargs": {"context": {"tracking_disable": True, "lang": "en_US"}}},
            }), headers={"Content-Type": "application/json"})
        answer = response.json()
        self.assertIn("error", answer, f"{login}: {method} {args} went through")
        return answer["error"]["data"]["name"], answer["error"]["data"]["message"]

    def test_protected_case_fields_per_role(self):
        case = self._create_case()
        # they may write cases: the guard refuses, with its own UserError
        for user in (self.clerk, self.reviewer, self.approver, self.manager):
            for name in ("state", "decision", "decision_ref", "approver_id",
                         "clock_start_date", "received_date", "rating"):
                value = forged_value(case, name)
                with self.subTest(user=user.login, field=name):
                    error, message = self._refusal(
                        user.login, case._name, "write", [[case.id], {name: value}])
                    self.assertEqual(error, "odoo.exceptions.UserError")
                    self.assertIn(WORKFLOW_REFUSAL, message)
        # they may not: the access rights refuse
        for user in (self.seal_keeper, self.catalog_admin):
            with self.subTest(user=user.login):
                error, _message = self._refusal(
                    user.login, case._name, "write",
                    [[case.id], {"applicant_name": "Forged Co."}])
                self.assertEqual(error, "odoo.exceptions.AccessError")
        error, message = self._refusal(self.clerk.login, case._name, "create", [{
            "applicant_name": "Forged Co.", "state": "approved", "decision": "approved",
            "approver_id": self.approver.id}])
        self.assertEqual(error, "odoo.exceptions.UserError")
        self.assertIn(WORKFLOW_REFUSAL, message)
        self.assertEqual(case.state, "received")
        self.assertFalse(self.env["dawa.approval.case"].search(
            [("applicant_name", "=", "Forged Co.")]))
        # the action itself answers over RPC, without arguments
        self._call(self.clerk.login, case._name, "action_request_correction", [[case.id]])
        self.assertEqual(case.state, "correction")

    def test_derived_case_fields_per_role(self):
        case = self._create_case()
        other_item = self._create_item(self.water)
        other_item.action_publish()
        for user in (self.clerk, self.reviewer, self.approver, self.manager):
            for vals in ({"main_item_id": other_item.id}, {"agency_id": self.water.id},
                         {"is_joint": True}):
                with self.subTest(user=user.login, vals=vals):
                    error, message = self._refusal(
                        user.login, case._name, "write", [[case.id], vals])
                    # every one of them may write cases: refused as a derived field
                    self.assertEqual(error, "odoo.exceptions.UserError")
                    self.assertIn(DERIVED_REFUSAL, message)
        with self.assertRaises(JsonRpcException):
            self._call(self.clerk.login, case._name, "create", [{
                "applicant_name": "Forged Co.", "applicant_type": "organization",
                "line_ids": [[0, 0, {"item_id": self.item.id}]], "agency_id": self.water.id}])
        self.assertEqual((case.main_item_id, case.agency_id, case.is_joint),
                         (self.item, self.item.source_agency_id, False))
        self.assertFalse(self.env["dawa.approval.case"].search(
            [("applicant_name", "=", "Forged Co.")]))

    def test_rating_record_of_a_rectification_over_rpc(self):
        case = self._decided_case()
        case._rate("2", "Nobody answered the phone")
        rectification = case.rectification_ids.with_env(self.env)
        deadline = rectification.deadline
        for vals in ({"complaint": "All fine"}, {"rating": "5"}, {"deadline": "2030-01-01"},
                     {"rating_date": "2030-01-01 08:00:00"}):
            with self.subTest(vals=vals), self.assertRaises(JsonRpcException):
                self._call(self.clerk.login, rectification._name, "write",
                           [rectification.ids, vals])
        self.assertEqual(
            (rectification.rating, rectification.complaint, rectification.deadline),
            ("2", "Nobody answered the phone", deadline))
        # nor hand it to a colleague: a bureau manager does
        self.assertEqual(rectification.user_id, self.clerk)
        with self.assertRaises(JsonRpcException):
            self._call(self.clerk.login, rectification._name, "write",
                       [rectification.ids, {"user_id": self.other_clerk.id}])
        self._call(self.clerk.login, rectification._name, "write",
                   [rectification.ids, {"measures": "Called back.", "user_id": self.clerk.id}])
        self._call(self.manager.login, rectification._name, "write",
                   [rectification.ids, {"user_id": self.other_clerk.id}])
        self.assertEqual((rectification.user_id, rectification.measures),
                         (self.other_clerk, "Called back."))

    def test_closed_rectification_and_destroyed_seal_frozen_over_rpc(self):
        case = self._decided_case()
        case._rate("2", "Slow")
        rectification = case.rectification_ids.with_env(self.env)
        rectification.with_user(self.clerk).write({"measures": "Apologised."})
        rectification.with_user(self.manager).write({
            "follow_up_date": fields.Date.today(),
            "follow_up_result": "dissatisfied", "follow_up_note": "Still unhappy."})
        rectification.with_user(self.manager).action_close()
        self.assertEqual(rectification.state, "done")
        for vals in ({"follow_up_result": "satisfied"}, {"measures": "Nothing to do."}):
            with self.subTest(vals=vals), self.assertRaises(JsonRpcException):
                self._call(self.clerk.login, rectification._name, "write",
                           [rectification.ids, vals])
        self.assertEqual((rectification.follow_up_result, rectification.measures),
                         ("dissatisfied", "Apologised."))
        seal = self.approval_seal.with_user(self.seal_keeper)
        seal.action_retire()
        seal.action_destroy()
        name = seal.name
        with self.assertRaises(JsonRpcException):
            self._call(self.seal_keeper.login, seal._name, "write",
                       [seal.ids, {"name": "Another seal"}])
        self.assertEqual(seal.name, name)

    def test_other_states_per_role(self):
        item = self._create_item(self.water)
        cases = (
            (self.catalog_admin, item, {"state": "published"}),
            (self.catalog_admin, item, {"handling_agency_id": self.bureau.id}),
            (self.seal_keeper, self.approval_seal, {"state": "retired"}),
        )
        for user, record, vals in cases:
            with self.subTest(user=user.login, vals=vals), self.assertRaises(JsonRpcException):
                self._call(user.login, record._name, "write", [[record.id], vals])
        self.assertEqual((item.state, item.handling_agency_id, self.approval_seal.state),
                         ("draft", self.water, "in_use"))

    def test_personal_data_over_rpc(self):
        case = self._create_case()
        fields = ["applicant_id_number", "applicant_phone"]
        rows = self._call(self.other_clerk.login, case._name, "search_read",
                          [[("id", "=", case.id)], fields])
        self.assertEqual([rows[0][f] for f in fields], ["9121**********C45H", "138****5678"])
        rows = self._call(self.clerk.login, case._name, "search_read",
                          [[("id", "=", case.id)], fields])
        self.assertEqual([rows[0][f] for f in fields], [ID_NUMBER, PHONE])
        exported = self._call(self.other_clerk.login, case._name, "export_data",
                              [[case.id], fields])
        self.assertNotIn(ID_NUMBER, str(exported))
        for method, args in (
                ("search_read", [[("applicant_id_number", "ilike", "9121")], ["name"]]),
                ("search_read", [[], ["applicant_id_number_raw"]]),
                ("read_group", [[], ["applicant_id_number_raw"], ["applicant_id_number_raw"]]),
                ("read", [[case.id], ["access_token"]])):
            with self.subTest(method=method, args=args), self.assertRaises(JsonRpcException):
                self._call(self.other_clerk.login, case._name, method, args)
        # the list export (XLSX) cannot filter by a partial number either
        self.authenticate(self.other_clerk.login, self.other_clerk.login)
        with mute_logger("odoo.http"):
            response = self.url_open(
                '/dawa/approval/export/cases?domain=[["applicant_id_number","ilike","9121"]]')
        self.assertNotEqual(response.status_code, 200)

    @freeze_time(datetime(2026, 11, 25, 2, 0))
    def test_frozen_over_rpc(self):
        case = self._decided_case()
        with self.assertRaises(JsonRpcException):
            self._call(self.manager.login, case._name, "write",
                       [[case.id], {"applicant_name": "Someone else"}])
        with self.assertRaises(JsonRpcException):
            self._call(self.clerk.login, "dawa.approval.case.line", "unlink",
                       [case.line_ids.ids])
        self.assertEqual(case.applicant_name, "Panjin Jianye Construction Co., Ltd.")
