import logging

from odoo import api, models
from odoo.fields import Command

_logger = logging.getLogger(__name__)


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _dawa_staff_hr_groups(self):
        """Odoo's HR officer and HR administrator groups: only our HR officers hold them."""
        return self.env.ref("hr.group_hr_user") | self.env.ref("hr.group_hr_manager")

    @api.model
    def _dawa_staff_revoke_hr_groups(self):
        """Take Odoo's HR groups away from every user who is not a Dawa HR officer.

        ``hr`` adds ``hr.group_hr_manager`` to the template of new users (``base.default_user``)
        and therefore to every internal user that exists when it is installed: the bureau's and
        the departments' users would all administer the employees. Called once when dawa_staff
        is installed; the template is included (it is an inactive user), so users created later
        (Settings, invitations) get no HR group either. Returns the users that lost a group.
        """
        hr_groups = self._dawa_staff_hr_groups()
        officer_group = self.env.ref("dawa_staff.group_hr_officer")
        # inactive users too: the template user base.default_user is one
        users = self.with_context(active_test=False).search([
            ("groups_id", "in", hr_groups.ids),
            ("groups_id", "not in", officer_group.ids),
        ])
        if users:
            users.write({"groups_id": [Command.unlink(group.id) for group in hr_groups]})
            _logger.info("HR groups revoked from users without the HR officer role: %s",
                         ", ".join(users.mapped("login")))
        return users
