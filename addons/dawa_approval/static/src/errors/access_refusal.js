import { browser } from "@web/core/browser/browser";
import { router } from "@web/core/browser/router";
import { RPCError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

// set while the refused screen is replaced: a second refusal then goes to the home page
let replacing = false;

/**
 * A record the user may not open (another department's task opened by its URL) is refused in
 * plain words by the server (models/ir_rule.py); the web client then left a blank page without
 * its menu. Once refused, the user lands on the list of the action he came by, menu and all,
 * or on the home page when that list is refused too. Returns false: the server's refusal is
 * still shown, by Odoo's own handler.
 */
export function dawaAccessRefusalHandler(env, error, originalError) {
    if (
        !(originalError instanceof RPCError) ||
        originalError.exceptionName !== "odoo.exceptions.AccessError"
    ) {
        return false;
    }
    browser.setTimeout(() => {
        if (document.querySelector(".o_action_manager .o_action")) {
            return; // refused within a screen that stays
        }
        const { action } = router.current;
        if (!action || replacing) {
            browser.location.assign("/odoo");
            return;
        }
        replacing = true;
        browser.setTimeout(() => (replacing = false), 3000);
        env.services.action.doAction(action, { clearBreadcrumbs: true });
    }, 0);
    return false;
}

registry
    .category("error_handlers")
    .add("dawaAccessRefusal", dawaAccessRefusalHandler, { sequence: 1 });
