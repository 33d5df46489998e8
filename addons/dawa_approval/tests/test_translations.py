import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader


class TranslationCompletenessCase(TransactionCase):
    """Every term the module shows a user (fields, selections, views, reports, menus, code
    messages, JavaScript) has a Simplified Chinese translation in its ``i18n/zh_CN.po``."""

    module = None

    def _untranslated_terms(self):
        po = polib.pofile(file_path(f"{self.module}/i18n/zh_CN.po"))
        translated = {
            entry.msgid for entry in po
            if entry.msgstr.strip() and not entry.obsolete and "fuzzy" not in entry.flags
        }
        terms = {row[4] for row in TranslationModuleReader(self.env.cr, [self.module])}
        return sorted(terms - translated)

    def assertAllTranslated(self):
        missing = self._untranslated_terms()
        self.assertFalse(missing, f"Terms of {self.module} without a zh_CN translation:\n"
                         + "\n".join(missing))


@tagged("post_install", "-at_install")
class TestApprovalTranslations(TranslationCompletenessCase):
    module = "dawa_approval"

    def test_every_term_translated(self):
        self.assertAllTranslated()
