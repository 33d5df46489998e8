import { _t } from "@web/core/l10n/translation";
import { browser } from "@web/core/browser/browser";
import { router } from "@web/core/browser/router";
import { RPCError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

// set while the refused screen is being replaced: a second refusal opens the app's first screen
let replacing = false;

/**
 * A screen the user may not open (another department's task opened by its URL, a menu of a role
 * he does not hold) is refused in plain words by the server (models/ir_rule.py,
 * ir_model_access.py); the web client then left a blank page without its menu. The refusal
 * stays on screen as a notice, and the user lands on the list of the action he came by, or on
 * the first screen of its app (or of his first app) when that is refused too: menu and all. A refusal within a screen that stays
 * (a button) is left to Odoo's own dialog.
 */
export function dawaAccessRefusalHandler(env, error, originalError) {
    if (
        !(originalError instanceof RPCError) ||
        originalError.exceptionName !== "odoo.exceptions.AccessError" ||
        document.querySelector(".o_action_manager .o_action")
    ) {
        return false;
    }
    error.unhandledRejectionEvent?.preventDefault();
    const { action } = router.current;
    if (action && !replacing) {
        env.services.notification.add(originalError.data.message, {
            title: _t("Not allowed"),
            type: "danger",
            sticky: true,
        });
        replacing = true;
        browser.setTimeout(() => (replacing = false), 3000);
        env.services.action.doAction(action, { clearBreadcrumbs: true }).then(() => {
            // opened by its URL, the action has no app yet: the app of its menu, and its menu
            const actionId = env.services.action.currentController?.action.id;
            const menu = env.services.menu.getAll().find((menu) => menu.actionID === actionId);
            if (menu) {
                env.services.menu.setCurrentMenu(menu.appID);
            }
        });
    } else {
        const app = env.services.menu.getCurrentApp() || env.services.menu.getApps()[0];
        if (app) {
            env.services.menu.selectMenu(app);
        }
    }
    return true;
}

registry
    .category("error_handlers")
    .add("dawaAccessRefusal", dawaAccessRefusalHandler, { sequence: 1 });
