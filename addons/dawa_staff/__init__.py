from . import controllers
from . import models


def post_init_hook(env):
    """Odoo's ``hr`` made every internal user an HR administrator when it was installed
    (its template user ``base.default_user`` holds ``hr.group_hr_manager``): take that back."""
    env["res.users"]._dawa_staff_revoke_hr_groups()
