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


@tagged("post_install", "-at_install")
class TestBureauLanguage(TransactionCase):
    """What the add-ons write without a user's language (data files, the demo, scheduled
    jobs) reads in the bureau's language."""

    def test_the_bureau_language_is_installed_with_the_add_on(self):
        self.assertEqual(self.env["res.lang"]._get_bureau_lang(), "zh_CN")

    def test_record_made_without_a_language_announces_itself_in_chinese(self):
        agency = self.env.ref("dawa_approval.agency_housing")
        item = self.env["dawa.approval.item"].with_context(lang=None).create({
            "name": "建设工程消防验收", "code": "TEST-LANG-001",
            "source_agency_id": agency.id, "statutory_days": 15, "promised_days": 5,
        })
        body = str(item.message_ids[-1].body)
        self.assertIn("创建", body)
        self.assertIn(self.env["ir.model"].with_context(lang="zh_CN")._get(item._name).name,
                      body)
        self.assertNotIn("Approval Item", body)

    def test_scheduled_jobs_run_in_the_bureau_language(self):
        crons = self.env["ir.cron"].search([("ir_actions_server_id.model_id.model", "like",
                                             "dawa.%"), ("code", "like", "_cron")])
        self.assertTrue(crons)
        for cron in crons:
            with self.subTest(cron=cron.name):
                for line in cron.code.strip().splitlines():
                    if "_cron" in line:
                        self.assertIn('with_context(lang=env["res.lang"]._get_bureau_lang())',
                                      line)
