from odoo.tests import tagged

from odoo.addons.dawa_approval.tests.test_translations import TranslationCompletenessCase


@tagged("post_install", "-at_install")
class TestStaffSupervisionTranslations(TranslationCompletenessCase):
    module = "dawa_staff_supervision"

    def test_every_term_translated(self):
        self.assertAllTranslated()
