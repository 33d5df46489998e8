from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    dawa_agency_id = fields.Many2one(
        "dawa.agency",
        string="Agency",
        index=True,
        help="The agency this user works for: department users only see "
        "the supervision work of their own agency.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["dawa_agency_id"]

    def action_expire_password(self):
        """At the login of an expired password, OCA password_security marks the user's own
        contact for a password reset, as that user: the bureau's users may not edit contacts,
        which made the login fail instead of leading to the page where they choose a new
        password. Other users' passwords still need the right to edit them."""
        own = self.filtered(lambda user: user == self.env.user)
        # sudo: the reset token of one's own contact only, so as to choose a new password
        super(ResUsers, own.sudo()).action_expire_password()
        return super(ResUsers, self - own).action_expire_password()
