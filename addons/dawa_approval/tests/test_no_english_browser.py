import json

from odoo.tests import HttpCase, tagged

from .common import DawaCaseCommon
from .test_no_english import ALLOWED, LATIN_RUN, MODULES

# Walks every dawa menu of the logged-in user in the web client, as a click on the menu does
# (the action service), then opens the first record of the list or kanban it shows; after each
# screen, the visible text (outside the chatter's messages, which are data) is searched for
# runs of Latin letters that are not in the allowed words (codes and names from the data).
WALKER = """
(async () => {
    const allowed = new Set(%(allowed)s);
    const modules = %(modules)s;
    const env = odoo.__WOWL_DEBUG__.root.env;
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    async function settle() {
        for (let i = 0; i < 50; i++) {
            await sleep(100);
            if (!document.querySelector(".o_loading_indicator, .o_view_sample_data_loading")) {
                break;
            }
        }
        await sleep(300);
    }
    // the texts of the screen, one text node at a time (labels of adjacent elements must not
    // run together), the chatter's messages and tracking lines included (what a user typed is
    // in the allowed words); the sample records of an empty view are not labels
    const SKIP = ".o_field_html, "
        + ".o_view_sample_data .o_data_row, .o_view_sample_data .o_kanban_record, "
        + ".o_view_sample_data .o_group_header, .o_view_sample_data thead, "
        + ".o_view_sample_data .o_kanban_header, .o_view_sample_data table";
    function visibleTexts() {
        const texts = [];
        for (const root of document.querySelectorAll(".o_action_manager, .modal")) {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const parent = node.parentElement;
                if (!parent || parent.closest(SKIP) || parent.closest("script, style")) {
                    continue;
                }
                texts.push(node.data);
            }
            for (const element of root.querySelectorAll("[placeholder], [title]")) {
                if (!element.closest(SKIP)) {
                    texts.push(element.getAttribute("placeholder") || "");
                    texts.push(element.getAttribute("title") || "");
                }
            }
        }
        return texts;
    }
    const found = [];
    function check(where) {
        // a refusal or a server error on a screen the role is given is a dead end
        for (const refusal of document.querySelectorAll(
                ".o_error_dialog, .o_notification:has(.o_notification_bar.bg-danger)")) {
            found.push(`${where}: refused or failed: ${refusal.textContent.trim().slice(0, 200)}`);
        }
        for (const text of visibleTexts()) {
            for (const run of text.match(/%(pattern)s/g) || []) {
                if (!allowed.has(run) && !allowed.has(run.toUpperCase())) {
                    found.push(`${where}: ${run} (in "${text.trim().slice(0, 80)}")`);
                }
            }
        }
    }
    const menus = env.services.menu.getAll().filter(
        (menu) => menu.actionID
            && modules.some((module) => (menu.xmlid || "").startsWith(module + "."))
            && !%(skipped)s.includes(menu.xmlid));
    if (!menus.length) {
        console.error("dawa: no menu to walk");
        return;
    }
    for (const menu of menus) {
        try {
            await env.services.action.doAction(menu.actionID, { clearBreadcrumbs: true });
        } catch (error) {
            found.push(`${menu.xmlid}: cannot open (${error.message || error})`);
            continue;
        }
        await settle();
        check(menu.xmlid);
        const first = [...document.querySelectorAll(
            ".o_action_manager .o_data_row .o_data_cell, "
            + ".o_action_manager .o_kanban_record:not(.o_kanban_ghost)")].find(
            (element) => !element.closest(".o_view_sample_data"));
        if (first && !document.querySelector(".modal")) {
            first.click();
            await settle();
            // the form's own components (a chatter, an embedded list) finish loading
            await sleep(1000);
            // the chatter's messages load after the form
            const loaded = ".o-mail-Message, .o-mail-Chatter .o-mail-Thread-empty";
            for (let i = 0; i < 20 && document.querySelector(".o-mail-Chatter")
                    && !document.querySelector(loaded); i++) {
                await sleep(100);
            }
            check(`${menu.xmlid} (first record)`);
            // the values of a few selection fields the user may change, as their lists open
            for (const select of [...document.querySelectorAll(
                    ".o_form_view .o_field_selection select")].slice(0, 3)) {
                for (const option of select.options) {
                    for (const run of option.text.match(/%(pattern)s/g) || []) {
                        if (!allowed.has(run) && !allowed.has(run.toUpperCase())) {
                            found.push(`${menu.xmlid} (selection): ${run}`);
                        }
                    }
                }
            }
        }
        if (document.querySelector(".modal")) {
            await env.services.action.doAction({ type: "ir.actions.act_window_close" });
            await settle();
        }
    }
    const report = "English in the Chinese back office:\\n" + [...new Set(found)].join("\\n");
    if (%(expect_english)s) {
        // the counter-check: the walk must see the English of an English session
        if (found.length) {
            console.log("test successful");
        } else {
            console.error("the walk saw no English in English");
        }
    } else if (found.length) {
        console.error(report);
    } else {
        console.log("test successful");
    }
})();
"""
READY = "!!(odoo.__WOWL_DEBUG__ && odoo.__WOWL_DEBUG__.root)"
# Menus that open Odoo's own pages: the general settings (a page of every installed app)
SKIPPED = ["dawa_approval.menu_dawa_settings"]


class ChineseWalkCase(HttpCase):
    """The walk of every dawa menu in the browser as a user (see WALKER). Subclasses set up
    the records to see, made in Chinese with their chatter (``_start_chinese_records()``)."""

    @classmethod
    def _start_chinese_records(cls):
        """Load the Chinese terms, make every user work in Chinese as the bureau does, and
        make what follows the way the bureau makes it: in Chinese and with its chatter (the
        common set-ups make records without), so that the walk reads the messages too."""
        cls.env["res.lang"]._activate_lang("zh_CN")
        modules = [module for module in MODULES
                   if cls.env["ir.module.module"]._get(module).state == "installed"]
        cls.env["ir.module.module"]._load_module_terms(modules, ["zh_CN"], overwrite=True)
        cls.env["res.users"].search([("share", "=", False)]).write(
            {"lang": "zh_CN", "tz": "Asia/Shanghai"})
        cls.env.company.name = "盘锦市大洼区行政审批局"
        # Odoo's test company's contact keeps its English name otherwise
        cls.env["res.partner"].search([("name", "=", "My Company")]).name = \
            "盘锦市大洼区行政审批局"
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, lang="zh_CN"))

    def _allowed_words(self):
        """Runs of Latin letters in the data a user may see: names, codes and texts of the
        records of the dawa models, users, partners and the company."""
        words = set(ALLOWED)
        models = [name for name in self.env if name.startswith(("dawa.", "res.users",
                                                                  "res.partner", "res.company",
                                                                  "hr.employee", "hr.department"))]
        for name in models:
            model = self.env[name].sudo().with_context(active_test=False)
            if model._abstract or model._transient or not model._auto:
                continue
            fields = [field for field, spec in model._fields.items()
                      if spec.type in ("char", "text") and spec.store]
            for values in model.search_read([], fields):
                for value in values.values():
                    if isinstance(value, str):
                        words.update(LATIN_RUN.findall(value))
        return sorted(words)

    def _walk(self, user, expect_english=False):
        code = WALKER % {
            "allowed": json.dumps(self._allowed_words()),
            "modules": json.dumps(list(MODULES)),
            "pattern": LATIN_RUN.pattern,
            "skipped": json.dumps(SKIPPED),
            "expect_english": "true" if expect_english else "false",
        }
        self.browser_js("/odoo", code, ready=READY, login=user.login, timeout=600)


@tagged("post_install", "-at_install")
class TestNoEnglishInTheBrowser(DawaCaseCommon, ChineseWalkCase):
    """Every dawa menu and the first record of each list, opened in the browser as each role
    in Simplified Chinese: no run of Latin letters but codes, numbers and names from the data
    (breadcrumbs, search facets, buttons, columns, tabs, status bars, empty-list helps, the
    chatter's messages, the values of selection fields)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = cls.clerk | cls.reviewer | cls.approver | cls.seal_keeper \
            | cls.catalog_admin | cls.manager
        cls._start_chinese_records()
        cls.item.with_user(cls.catalog_admin).message_post(body="请核对收费依据。")
        # a case in each queue: received, accepted, to decide, to seal, delivered
        cls.electronic_seal.state = "suspended"
        cls.item.name = "建筑工程施工许可"
        cls.instant_item.name = "机动车维修经营备案"
        Case = cls.env["dawa.approval.case"]
        cases = [cls._create_case(applicant_name=f"盘锦建业建筑有限公司{index}")
                 for index in range(5)]
        for case in cases[1:]:
            cls._provide_all(case)
            case.with_user(cls.clerk).action_accept()
        for case in cases[2:]:
            cls._submit(case, "符合条件，建议准予许可。")
        for case in cases[3:]:
            case.with_user(cls.approver).action_approve()
        cases[4].with_user(cls.seal_keeper).action_seal()
        cls._set_delivery(cases[4], recipient="张伟")
        cases[4].with_user(cls.clerk).action_deliver()
        cls.cases = Case.browse([case.id for case in cases])

    def test_every_menu_and_first_record_of_every_role(self):
        for user in self.roles:
            with self.subTest(user=user.login):
                self._walk(user)

    def test_the_walker_sees_english(self):
        """Counter-check: the same walk in English fails on the English labels."""
        self.clerk.lang = "en_US"
        self._walk(self.clerk, expect_english=True)
