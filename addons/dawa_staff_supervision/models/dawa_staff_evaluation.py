from collections import defaultdict

from odoo import api, models

# The people of a case whose evaluation counts a feedback against it: as in the case figures
# (dawa.staff.case.work), who received, reviewed or approved it.
CASE_ROLES = ("user_id", "reviewer_id", "approver_id")


class DawaStaffEvaluation(models.Model):
    _inherit = "dawa.staff.evaluation"

    @api.model
    def _get_feedback_counts(self, employees, period):
        """{employee id: written feedback (书面告知) of the supervising departments sent in
        ``period`` against a case the employee received, reviewed or approved}; a feedback
        counts once for a person who held several roles on its case. Three queries however
        many people: the users, the feedback with their cases' people."""
        counts = super()._get_feedback_counts(employees, period)
        # sudo: a manager refreshing his people's figures does not read their HR files
        users = {employee.user_id.id: employee.id
                 for employee in employees.sudo() if employee.user_id}
        if not users:
            return counts
        # sudo: the figures are the same whoever refreshes them; a department's feedback and
        # the bureau's cases are read only to count them
        feedback = self.env["dawa.supervision.feedback"].sudo().search([
            ("date_sent", ">=", period.date_from),
            ("date_sent", "<=", period.date_to),
            "|", "|",
            ("case_id.user_id", "in", list(users)),
            ("case_id.reviewer_id", "in", list(users)),
            ("case_id.approver_id", "in", list(users)),
        ])
        feedback.case_id.fetch(list(CASE_ROLES))
        found = defaultdict(int)
        for line in feedback:
            people = {line.case_id[role].id for role in CASE_ROLES} & users.keys()
            for user_id in people:
                found[users[user_id]] += 1
        for employee_id, count in found.items():
            counts[employee_id] = counts.get(employee_id, 0) + count
        return counts
