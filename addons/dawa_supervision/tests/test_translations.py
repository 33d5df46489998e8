from odoo.tests import tagged

from odoo.addons.dawa_approval.tests.test_translations import TranslationCompletenessCase


@tagged("post_install", "-at_install")
class TestSupervisionTranslations(TranslationCompletenessCase):
    module = "dawa_supervision"

    def test_every_term_translated(self):
        self.assertAllTranslated()

    def test_inherited_states_read_chinese_as_installed(self):
        """A task's deadline states come from the approval add-on's deadline mixin: their
        Chinese is loaded again when this add-on installs (res.lang._install_bureau_lang), so
        a fresh database shows 按期, not "On Time" (no term loaded by the test itself)."""
        labels = dict(self.env["dawa.supervision.task"]._fields["deadline_state"]
                      ._description_selection(self.env(context={"lang": "zh_CN"})))
        self.assertEqual(labels["normal"], "按期")
