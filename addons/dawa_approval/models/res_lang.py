from odoo import api, models

# The working language of the bureau: every user's (Simplified Chinese), and the language of what
# the add-ons write on their own — their chatter lines while installing, the scheduled jobs'
# activities and messages (a job runs without a user's language).
BUREAU_LANG = "zh_CN"


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _get_bureau_lang(self):
        """The language the add-ons write in when no user's language is at hand (scheduled
        jobs): the bureau's, or English where it is not installed."""
        return BUREAU_LANG if self._lang_get(BUREAU_LANG) else "en_US"

    @api.model
    def _install_bureau_lang(self, module):
        """Install the bureau's language (as ``--load-language=zh_CN`` does) and load the
        Chinese terms of ``module`` now rather than after its data: the records its data and
        demo create, and the actions they run, write chatter lines ("… 创建", a state's
        "草稿 → 已发布") with the names of its models and of its states, which must read
        Chinese whatever way the database was made. Called first by each add-on's data.

        The terms of the add-ons below it are loaded again too: a field an add-on inherits
        from one below (a deadline mixin's states) is translated by the lower add-on's terms,
        which were loaded before this add-on's models existed."""
        if not self._lang_get(BUREAU_LANG):
            language = self.with_context(active_test=False).search(
                [("code", "=", BUREAU_LANG)])
            self.env["base.language.install"].create(
                {"lang_ids": [(6, 0, language.ids)]}).lang_install()
        Module = self.env["ir.module.module"]
        modules = Module.search([
            ("name", "=like", "dawa\\_%"),
            ("state", "in", ("installed", "to install", "to upgrade")),
        ]).mapped("name")
        Module._load_module_terms(sorted({module, *modules}), [BUREAU_LANG])
