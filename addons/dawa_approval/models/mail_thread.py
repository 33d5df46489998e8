from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """A bureau record created without a user's language (a CSV data file, a scheduled
        job) announces itself in the bureau's language: mail's own ``_()`` would take the
        superuser's language for "… created" but the model's name in English."""
        if self._name.startswith("dawa.") and not self.env.lang:
            return super(MailThread, self.with_context(
                lang=self.env["res.lang"]._get_bureau_lang()))._creation_message()
        return super()._creation_message()
