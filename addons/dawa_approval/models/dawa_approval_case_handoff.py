from odoo import models

# The activity types of the hand-offs from step to step (case_step: before one type per step).
STEP_ACTIVITY_TYPES = [
    f"dawa_approval.mail_activity_type_case_{step}"
    for step in ("step", "review", "review_again", "decide", "seal", "deliver")
]


class DawaApprovalCaseHandoff(models.AbstractModel):
    """How a case passes from step to step: each step marks its own activity done and
    schedules the next role's (the window, the reviewers, the approvers, the seal keepers),
    and the seams where other add-ons take the result over (``_on_decision()``,
    ``_on_sealed()``, ``_check_deliverable()``)."""

    _name = "dawa.approval.case.handoff"
    _description = "Case Hand-offs"

    def _hand_off(self, user_field, group, step):
        """Mark the previous step's activities done and schedule the next step's: for the
        person assigned in ``user_field``, or for the people whose job the step is when
        nobody is assigned (``_get_step_users()``); one batched create. The activity has the
        type of ``step`` and no summary, so it reads in the language of its assignee (the
        type's name is translated)."""
        self._done_step_activities()
        activity_type = self.env.ref(f"dawa_approval.mail_activity_type_case_{step}")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = self._bureau_today()
        group_users = None
        vals_list = []
        for case in self:
            users = case[user_field] if user_field else self.env["res.users"]
            if not users:
                if group_users is None:
                    group_users = self._get_step_users(group)
                users = group_users
            vals_list += [{
                "res_model_id": model_id,
                "res_id": case.id,
                "activity_type_id": activity_type.id,
                "date_deadline": today,
                "user_id": user.id,
                "automated": True,  # found and marked done by the next step
            } for user in users]
        # sudo: the activity goes to another role, which the user may not assign work to
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True, dawa_hand_off=True).create(vals_list)

    def _get_step_users(self, group):
        """The people whose job a step of ``group`` is: its active internal members but the
        bureau's leaders and the administrators, who hold the group's rights by inheritance,
        not its queue (a leader is told of escalations, not of every case to review); all
        its members when nobody else holds it."""
        # sudo: a clerk may not read the members of a group
        members = self.env.ref(group).sudo().users.filtered(
            lambda user: user.active and not user.share)
        overseers = (self.env.ref("dawa_approval.group_manager")
                     | self.env.ref("base.group_system")).sudo().users
        return (members - overseers) or members

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """A hand-off's activities do not make their assignees followers of the case (mail
        does so for each assignee, a few queries each): a whole group would then be told of
        every message of every case it was once asked to look at. The activity and the
        queue are how the next role learns of the case."""
        if self.env.context.get("dawa_hand_off"):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _done_step_activities(self):
        """The step is taken: per case, the step activity of the user who took it (or of
        the first assignee) is marked done, those of the rest of the group are dropped."""
        # sudo: the step may have been assigned to somebody else of the group
        activities = self.sudo().activity_search(STEP_ACTIVITY_TYPES)
        done = self.env["mail.activity"]
        for case_id in set(activities.mapped("res_id")):
            of_case = activities.filtered(
                lambda activity, case_id=case_id: activity.res_id == case_id)
            done |= (of_case.filtered(lambda activity: activity.user_id == self.env.user)
                     or of_case)[:1]
        (activities - done).unlink()
        done.action_feedback()

    def _on_decision(self):
        """Hook called once the decision is issued (sealed at once with an electronic
        seal, or waiting for the seal keeper); returns nothing.

        Overridden by dawa_supervision (审批结果推送: the approvals are pushed to their
        supervising departments in the same transaction)."""

    def _on_sealed(self):
        """Hook called once the decisions of ``self`` are sealed (their ledger lines
        written), at once or by the seal keeper; returns nothing. The online channel
        publishes the approvals then."""

    def _check_deliverable(self):
        """Hook: raise a ``UserError`` naming what keeps a decision of ``self`` from being
        delivered (a fee not paid…); returns nothing."""
