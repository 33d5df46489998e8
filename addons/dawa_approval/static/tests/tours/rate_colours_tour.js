import { registry } from "@web/core/registry";

// The on-time rate of the dashboard (one case of two on time: 50 %) in the colour of the
// bureau's thresholds (tests/test_rate_thresholds.py).
for (const [name, colour] of [
    ["dawa_rate_colours_red", "text-danger"],
    ["dawa_rate_colours_amber", "text-warning"],
]) {
    registry.category("web_tour.tours").add(name, {
        steps: () => [
            {
                content: `the on-time rate is 50 % in ${colour}`,
                trigger: `.o_dawa_on_time_rate.${colour}:contains(50.0%)`,
            },
            {
                content: "no rating yet: the satisfaction rate is a muted dash",
                trigger: ".o_dawa_satisfaction_rate.text-muted:contains(—)",
            },
        ],
    });
}
