import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * Bureau dashboard (局领导): cases by state, due soon / overdue, on-time rate, ratings, by
 * original department and by item. Every figure opens the list of its cases.
 * All figures come from one call of dawa.approval.case.get_dashboard_data().
 */
export class DawaDashboard extends Component {
    static template = "dawa_approval.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("dawa.approval.case", "get_dashboard_data", []);
    }

    openCases(domain, title) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: title || _t("Cases"),
            res_model: "dawa.approval.case",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain,
            context: { active_test: true },
        });
    }

    percent(value) {
        return value === null || value === undefined ? "—" : `${(value * 100).toFixed(1)}%`;
    }

    decimal(value) {
        return value === null || value === undefined ? "—" : value.toFixed(1);
    }

    barWidth(count, entries) {
        const max = Math.max(1, ...entries.map((entry) => entry.count));
        return `width: ${Math.round((100 * count) / max)}%`;
    }
}

registry.category("actions").add("dawa_approval.dashboard", DawaDashboard);
