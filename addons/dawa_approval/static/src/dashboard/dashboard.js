import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The figures of a dashboard panel, from one call of ``model``.get_dashboard_data(): loaded
 * before the panel renders, and again by ``load()`` (the refresh button).
 */
export function useDashboardData(model) {
    const orm = useService("orm");
    const state = useState({ data: null });
    const load = async () => {
        state.data = await orm.call(model, "get_dashboard_data", []);
    };
    onWillStart(load);
    return { state, load };
}

/** A rate (0..1) as a percentage with one decimal, or a dash when there is none. */
export function formatRate(value) {
    return value === null || value === undefined ? "—" : `${(value * 100).toFixed(1)}%`;
}

/**
 * Bureau dashboard (局领导): cases by state, due soon / overdue, on-time rate, ratings, by
 * original department and by item. Every figure opens the list of its cases.
 */
export class DawaDashboard extends Component {
    static template = "dawa_approval.Dashboard";
    static props = ["*"];

    setup() {
        this.action = useService("action");
        this.orm = useService("orm");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    /**
     * The figures, before the dashboard renders and on refresh. A method of the class, not a
     * closure: other panels patch it to load their own figures beside (complaints.js).
     */
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
        return formatRate(value);
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
