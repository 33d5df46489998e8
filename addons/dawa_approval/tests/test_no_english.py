import re

from lxml import etree

from odoo.tests import TransactionCase, tagged

from .common import DawaCommon

# A run of Latin letters a Chinese user would read as English. Codes (USCC, item codes), numbers
# and data are not labels: only the labels of menus, actions, views and fields are checked.
LATIN_RUN = re.compile(r"[A-Za-z]{4,}")
# Attributes of a view that a user reads
READ_ATTRIBUTES = ("string", "help", "placeholder", "title", "sum", "confirm", "data-string")
# Words that are not English to a clerk: file formats and product names (导出Excel)
ALLOWED = {"XLSX", "HTTP", "HTTPS", "HMAC", "EXCEL",
           # the example address of Odoo's employee form (例如：johndoe@example.com)
           "JOHNDOE", "EXAMPLE"}
MODULES = ("dawa_approval", "dawa_licence", "dawa_supervision", "dawa_staff", "dawa_project")
VIEW_TYPES = ("list", "form", "search", "kanban", "pivot", "graph", "calendar")


@tagged("post_install", "-at_install")
class TestNoEnglishInChinese(DawaCommon, TransactionCase):
    """Every dawa menu, as each role in Simplified Chinese: the menu, its action, the views
    the action opens and the labels of the fields they show carry no English.

    A smaller version of the browser test that opens every menu: the web client's own calls
    (load_menus, the action, get_views) through the ORM as the user, without a browser and
    without the records' data (a case's first record is not opened).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(list(MODULES), ["zh_CN"], overwrite=True)
        cls.roles = cls.clerk | cls.reviewer | cls.approver | cls.seal_keeper \
            | cls.catalog_admin | cls.manager
        cls.roles.lang = "zh_CN"

    def _english(self, text, codes_allowed=False):
        """The English runs of ``text``; in help texts, lower-case runs are codes, field
        values or package names given as examples (housing, chinese_calendar)."""
        return [run for run in LATIN_RUN.findall(text or "")
                if run.upper() not in ALLOWED and not (codes_allowed and run.islower())]

    def _arch_texts(self, arch):
        tree = etree.fromstring(arch)
        for node in tree.iter():
            if not isinstance(node.tag, str):
                continue
            # QWeb of kanban cards: only their literal text is read
            for attribute in READ_ATTRIBUTES:
                if node.tag == "search" and attribute == "string":
                    continue  # the web client shows no title of a search view
                if node.get(attribute):
                    yield f"<{node.tag} {attribute}>", node.get(attribute)
            for text in (node.text, node.tail):
                if text and text.strip():
                    yield f"<{node.tag}> text", text.strip()

    def _dawa_menus(self, env):
        menus = env["ir.ui.menu"].load_menus(debug=False)
        return [menu for menu in menus.values()
                if isinstance(menu, dict) and (menu.get("xmlid") or "").startswith(MODULES)]

    def _check_action(self, env, action_ref, where, found):
        model, action_id = action_ref.split(",")
        # sudo: as /web/action/load reads it; the views below are read as the user
        action = env[model].sudo().browse(int(action_id))
        if not action.exists():
            return
        found.extend((where, "action name", run) for run in self._english(action.name))
        if model != "ir.actions.act_window":
            return
        help_text = etree.fromstring(f"<div>{action.help or ''}</div>").xpath("string()")
        found.extend((where, "action help", run) for run in self._english(help_text))
        views = list(action.views)  # (view id or False, type) of every view mode
        if not any(view_type == "search" for _view, view_type in views):
            views.append((action.search_view_id.id or False, "search"))
        result = env[action.res_model].with_user(env.user).get_views(
            [(view, "list" if view_type == "tree" else view_type) for view, view_type in views
             if view_type in VIEW_TYPES or view_type == "tree"])
        shown = set()
        for view_type, view in result["views"].items():
            for label, text in self._arch_texts(view["arch"]):
                found.extend((where, f"{view_type} {label}", run) for run in self._english(text))
            shown |= {node.get("name") for node in etree.fromstring(view["arch"]).iter("field")}
        for model_name, description in result["models"].items():
            for name, field in description["fields"].items():
                if model_name == action.res_model and name not in shown:
                    continue
                found.extend((where, f"{model_name}.{name}", run)
                             for run in self._english(field.get("string")))
                found.extend((where, f"{model_name}.{name} help", run)
                             for run in self._english(field.get("help"), codes_allowed=True))
                for _key, label in field.get("selection") or []:
                    found.extend((where, f"{model_name}.{name} selection", run)
                                 for run in self._english(label))

    def test_the_check_sees_english(self):
        """The same check in English finds English: it would fail on an untranslated term."""
        found = self._check_roles(self.clerk, "en_US")
        self.assertTrue(any(run == "Cases" for _where, label, run in found if label == "menu"))
        self.assertTrue(any(label.startswith("form") for _where, label, _run in found))

    def _check_roles(self, users, lang):
        found = []
        for user in users:
            env = self.env(user=user, context={"lang": lang})
            menus = self._dawa_menus(env)
            self.assertTrue(menus, user.login)
            for menu in menus:
                where = f"{user.login}: {menu['xmlid']}"
                found.extend((where, "menu", run) for run in self._english(menu["name"]))
                if menu.get("action"):
                    self._check_action(env, menu["action"], where, found)
        return found

    def test_every_menu_of_every_role_in_chinese(self):
        found = self._check_roles(self.roles, "zh_CN")
        report = sorted({f"{where} / {label}: {run}" for where, label, run in found})
        self.assertFalse(report, "English in the Chinese back office:\n" + "\n".join(report))
