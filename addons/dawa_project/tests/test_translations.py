from odoo.tests import tagged

from odoo.addons.dawa_approval.tests.test_translations import TranslationCompletenessCase


@tagged("post_install", "-at_install")
class TestProjectTranslations(TranslationCompletenessCase):
    module = "dawa_project"

    def test_every_term_translated(self):
        self.assertAllTranslated()
