import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { DawaDashboard } from "./dashboard";

/** The complaints of each month (投诉) on the bureau dashboard; each figure opens its list. */
patch(DawaDashboard.prototype, {
    async load() {
        const [, complaints] = await Promise.all([
            super.load(),
            this.orm.call("dawa.complaint", "get_dashboard_figures", []),
        ]);
        this.state.complaints = complaints;
    },

    openComplaints(domain, title) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: title || _t("Complaints"),
            res_model: "dawa.complaint",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain,
        });
    },
});
