from odoo import models


class DawaDemoHistory(models.AbstractModel):
    """The departments' part of the demonstration's history (see dawa_approval's
    ``dawa.demo.history``): the tasks pushed by the approvals started and done by the
    department's user, the written feedback on a violation taken in hand and answered by
    the bureau's approver — each on its working day, in the order it happens.

    Arguments of the steps: ``agency`` (``housing`` or ``water``: the demonstration's
    department users), ``kind`` (``push`` or ``verification``, default both), ``result`` and
    ``findings`` of a check, ``disposition`` and ``answer`` of the bureau's answer."""

    _inherit = "dawa.demo.history"

    def _get_steps(self):
        return (*super()._get_steps(), "task_start", "task_done", "feedback_handle",
                "feedback_close")

    def _department_tasks(self, plan, args, ago, states):
        user = self.env.ref(f"dawa_supervision.user_dept_{args['agency']}")
        domain = [("case_id", "=", plan["case"].id), ("agency_id", "=", user.dawa_agency_id.id),
                  ("state", "in", states)]
        if args.get("kind"):
            domain.append(("kind", "=", args["kind"]))
        # sudo: the department's user may not search its tasks by case (the case is the
        # bureau's); the step itself runs as him
        tasks = self.env["dawa.supervision.task"].sudo().search(domain)
        return tasks.with_user(user).with_context(dawa_demo_workdays_ago=ago)

    def _step_task_start(self, entries, ago, day):
        cases = self.env["dawa.approval.case"]
        for plan, args in entries:
            self._department_tasks(plan, args, ago, ["new"]).action_start()
            cases |= plan["case"]
        return cases

    def _step_task_done(self, entries, ago, day):
        cases = self.env["dawa.approval.case"]
        for plan, args in entries:
            tasks = self._department_tasks(plan, args, ago, ["in_progress"])
            if args.get("result"):  # a notice is acknowledged without a result
                tasks.write({"result": args["result"], "findings": args.get("findings")})
            tasks.action_done()
            cases |= plan["case"]
        return cases

    def _feedback(self, entries, ago, states):
        approver = self.env.ref("dawa_approval.user_approver")
        # sudo: found by case, as the tasks; the step itself runs as the approver
        feedback = self.env["dawa.supervision.feedback"].sudo().search([
            ("case_id", "in", [plan["case"].id for plan, _args in entries]),
            ("state", "in", states)])
        return feedback.with_user(approver).with_context(dawa_demo_workdays_ago=ago)

    def _step_feedback_handle(self, entries, ago, day):
        feedback = self._feedback(entries, ago, ["sent"])
        feedback.action_handle()
        return feedback.sudo().case_id

    def _step_feedback_close(self, entries, ago, day):
        feedback = self._feedback(entries, ago, ["handling"])
        answers = {plan["case"].id: args for plan, args in entries}
        for answer in feedback:
            # sudo: the case it answers, read as in _feedback(); the answer is the approver's
            args = answers[answer.sudo().case_id.id]
            answer.write({"disposition": args["disposition"], "answer": args["answer"]})
        feedback.action_close()
        return feedback.sudo().case_id
