import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import {
    DawaDashboard,
    formatRate,
    rateClass,
    useDashboardData,
} from "@dawa_approval/dashboard/dashboard";

/**
 * Supervision panel of the bureau dashboard (局领导): results pushed to the departments,
 * tasks done on time and overdue, violations found, commitments verified or untrue, written
 * feedback answered on time — in total and per department. Every figure opens its tasks or
 * feedback. All figures come from one call of dawa.supervision.report.get_dashboard_data().
 */
export class SupervisionPanel extends Component {
    static template = "dawa_supervision.SupervisionPanel";
    // the bureau's colour thresholds of the rates, from the dashboard's figures
    static props = { thresholds: { type: Object, optional: true } };

    setup() {
        this.action = useService("action");
        const dashboard = useDashboardData("dawa.supervision.report");
        this.state = dashboard.state;
        this.load = dashboard.load;
    }

    open(drill, title) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: title || _t("Supervision"),
            res_model: drill.model,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain: drill.domain,
        });
    }

    percent(value) {
        return formatRate(value);
    }

    /** The tasks done and the feedback answered on time are coloured like the cases'. */
    rateClass(value) {
        return rateClass(value, this.props.thresholds && this.props.thresholds.on_time);
    }

    get cards() {
        const totals = this.state.data.totals;
        const labels = this.state.data.labels;
        return [
            "pushed_count",
            "done_on_time_count",
            "overdue_count",
            "violation_count",
            "verified_count",
            "untrue_count",
            "feedback_count",
            "feedback_overdue_count",
        ].map((key) => ({
            key,
            label: labels[key],
            count: totals[key],
            drill: totals.drill[key],
            danger: ["overdue_count", "violation_count", "untrue_count", "feedback_overdue_count"].includes(key),
        }));
    }
}

DawaDashboard.components = { ...(DawaDashboard.components || {}), SupervisionPanel };
