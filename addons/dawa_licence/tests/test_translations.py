from odoo.tests import tagged

from odoo.addons.dawa_approval.tests.test_translations import TranslationCompletenessCase


@tagged("post_install", "-at_install")
class TestLicenceTranslations(TranslationCompletenessCase):
    module = "dawa_licence"

    def test_every_term_translated(self):
        self.assertAllTranslated()
