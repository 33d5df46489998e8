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
 * The colour of a rate (0..1) by the bureau's thresholds ({good, fair} in percent, set by the
 * leader, see get_dashboard_data().thresholds): green at or above "good", amber at or above
 * "fair", red below; muted when there is no rate.
 */
export function rateClass(value, threshold) {
    if (value === null || value === undefined || !threshold) {
        return "text-muted";
    }
    const percent = value * 100;
    if (percent >= threshold.good) {
        return "text-success";
    }
    return percent >= threshold.fair ? "text-warning" : "text-danger";
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

    /** Colour class of a rate: ``kind`` is "on_time" or "satisfaction". */
    rateClass(value, kind) {
        return rateClass(value, this.state.data.thresholds[kind]);
    }

    /**
     * Satisfaction rate: the share of the rated cases rated satisfied or very satisfied
     * (4 or 5), from the ratings' counts; null when no case is rated.
     */
    get satisfaction() {
        const ratings = this.state.data.ratings;
        const rated = ratings.reduce((sum, entry) => sum + entry.count, 0);
        const satisfied = ratings
            .filter((entry) => ["4", "5"].includes(entry.key))
            .reduce((sum, entry) => sum + entry.count, 0);
        return { rated, satisfied, rate: rated ? satisfied / rated : null };
    }

    /** The leader sets the colours' thresholds; the figures are coloured again after. */
    openThresholds() {
        this.action.doAction("dawa_approval.dawa_rate_thresholds_action", {
            onClose: () => this.load(),
        });
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
