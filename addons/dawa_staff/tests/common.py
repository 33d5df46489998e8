from freezegun import freeze_time

from odoo.tests import new_test_user

from odoo.addons.dawa_approval.tests.common import DawaCaseCommon


class DawaStaffCommon(DawaCaseCommon):
    """The approval roles of DawaCaseCommon, seconded: the clerk (public institution staff of
    the housing bureau) and the reviewer (civil servant of the water bureau) work under the
    approver, their manager; an HR officer, a department user and a colleague with an
    employee file but no secondment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_officer = new_test_user(
            cls.env, login="test_hr_officer", groups="dawa_staff.group_hr_officer",
            name="Test Hr Officer")
        # dawa_staff does not depend on dawa_supervision: its role when it is installed
        department_group = "dawa_supervision.group_department_user" if cls.env.ref(
            "dawa_supervision.group_department_user", raise_if_not_found=False) \
            else "base.group_user"
        cls.department_user = new_test_user(
            cls.env, login="test_department_user", groups=department_group,
            name="Test Department User", dawa_agency_id=cls.housing.id)
        cls.template = cls.env.ref("dawa_staff.evaluation_template_default")
        Employee = cls.env["hr.employee"]
        cls.manager_employee = Employee.create({
            "name": "Wang Jianguo", "user_id": cls.approver.id,
            "origin_agency_id": cls.housing.id, "establishment_type": "civil_servant",
        })
        cls.clerk_employee = Employee.create({
            "name": "Zhang Xiaoxue", "user_id": cls.clerk.id,
            "parent_id": cls.manager_employee.id,
            "origin_agency_id": cls.housing.id, "establishment_type": "public_institution",
        })
        cls.reviewer_employee = Employee.create({
            "name": "Li Ming", "user_id": cls.reviewer.id,
            "parent_id": cls.manager_employee.id,
            "origin_agency_id": cls.water.id, "establishment_type": "civil_servant",
        })
        cls.colleague_employee = Employee.create({
            "name": "Colleague", "user_id": cls.employee.id,
        })
        Secondment = cls.env["dawa.staff.secondment"]
        cls.clerk_secondment = Secondment.create({
            "employee_id": cls.clerk_employee.id, "origin_agency_id": cls.housing.id,
            "date_start": "2024-03-01", "position": "Window clerk",
        })
        cls.reviewer_secondment = Secondment.create({
            "employee_id": cls.reviewer_employee.id, "origin_agency_id": cls.water.id,
            "date_start": "2025-01-01", "position": "Reviewer",
        })
        cls.manager_secondment = Secondment.create({
            "employee_id": cls.manager_employee.id, "origin_agency_id": cls.housing.id,
            "date_start": "2023-01-01", "position": "Head of the approval section",
        })
        (cls.clerk_secondment | cls.reviewer_secondment | cls.manager_secondment).action_start()

    @classmethod
    def _create_period(cls, name="2026 yearly evaluation", kind="year",
                       date_from="2026-01-01", date_to="2026-12-31", **values):
        return cls.env["dawa.staff.evaluation.period"].create({
            "name": name, "kind": kind, "date_from": date_from, "date_to": date_to,
            **values,
        })

    @classmethod
    def _open_period(cls, **values):
        period = cls._create_period(**values)
        period.action_open()
        return period

    @classmethod
    def _evaluation(cls, period, employee):
        return period.evaluation_ids.filtered(lambda evaluation: evaluation.employee_id == employee)

    @classmethod
    def _fill(cls, evaluation, score=90, grade=None, summary="My year's work."):
        """Self-assess and score ``evaluation`` as HR would do it for the test; the grade
        by default Competent (yearly) or Fairly Good (day-to-day)."""
        if grade is None:
            grade = "competent" if evaluation.kind == "year" else "fairly_good"
        evaluation.line_ids.write({"self_score": score, "manager_score": score})
        evaluation.write({"self_summary": summary, "manager_comment": "Good work.",
                          "grade": grade})
        return evaluation

    @classmethod
    def _score(cls, evaluation, score=90, grade=None):
        cls._fill(evaluation, score, grade)
        evaluation.action_self_assess()
        evaluation.action_score()
        return evaluation

    @classmethod
    def _decided_case(cls, received, decided, rating=None, deny=False):
        """A case received by the clerk on ``received``, reviewed by the reviewer and decided
        by the approver on ``decided``; rated ``rating`` by the applicant when given."""
        with freeze_time(received):
            case = cls._provide_all(cls._create_case())
            case.with_user(cls.clerk).action_accept()
            case.with_user(cls.reviewer).action_start_review()
        with freeze_time(decided):
            cls._submit(case)  # the review opinion goes to the approver (待决定)
            if deny:
                case.decision_note = "The site is in a protected area."
                case.with_user(cls.approver).action_deny()
            else:
                case.with_user(cls.approver).action_approve()
            if rating:
                case._rate(rating, "Too slow" if rating in ("1", "2") else "")
        return case
