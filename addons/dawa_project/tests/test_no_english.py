from odoo.tests import new_test_user, tagged

from odoo.addons.dawa_approval.tests import test_no_english

from .common import DawaProjectCommon

MODULES = ("dawa_project",)


@tagged("post_install", "-at_install")
class TestProjectNoEnglish(DawaProjectCommon, test_no_english.TestNoEnglishInChinese):
    """The construction project menus, as each role in Simplified Chinese: the menu, its
    action, the views it opens and the labels of their fields carry no English (the check of
    dawa_approval, on this add-on's menus)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.module.module"]._load_module_terms(list(MODULES), ["zh_CN"], overwrite=True)
        cls.helper.lang = "zh_CN"
        cls.department = new_test_user(
            cls.env, login="test_prj_dept_noenglish",
            groups="dawa_supervision.group_department_user", lang="zh_CN",
            dawa_agency_id=cls.housing.id)
        cls.roles = cls.clerk | cls.catalog_admin | cls.manager | cls.helper | cls.department

    def _dawa_menus(self, env):
        menus = env["ir.ui.menu"].load_menus(debug=False)
        return [menu for menu in menus.values()
                if isinstance(menu, dict) and (menu.get("xmlid") or "").startswith(MODULES)]

    def test_the_check_sees_english(self):
        """The same check in English finds English: it would fail on an untranslated term."""
        found = self._check_roles(self.clerk, "en_US")
        self.assertTrue(any(run == "Construction" for _where, label, run in found
                            if label == "menu"))
        self.assertTrue(any(label.startswith("form") for _where, label, _run in found))
