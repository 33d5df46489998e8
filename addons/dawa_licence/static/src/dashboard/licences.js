import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { DawaDashboard } from "@dawa_approval/dashboard/dashboard";

/** The licences of each item on the bureau dashboard (证照): in force, expiring, expired. */
patch(DawaDashboard.prototype, {
    async load() {
        const [, licences] = await Promise.all([
            super.load(),
            this.orm.call("dawa.licence", "get_dashboard_figures", []),
        ]);
        this.state.licences = licences;
    },

    openLicences(itemId, statuses, title) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: title || _t("Licences"),
            res_model: "dawa.licence",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain: [
                ["item_id", "=", itemId],
                ["expiry_status", "in", statuses],
            ],
        });
    },
});
