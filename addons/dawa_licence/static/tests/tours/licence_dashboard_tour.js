import { registry } from "@web/core/registry";

// The leader sees the item's licence on the dashboard and opens it from there.
registry.category("web_tour.tours").add("dawa_licence_dashboard_tour", {
    url: "/odoo/action-dawa_approval.dawa_approval_dashboard_action",
    steps: () => [
        {
            content: "The licences panel counts the item's licence in force",
            trigger: ".o_dawa_licences tbody tr:contains(Construction works permit) td a:contains(1)",
            run: "click",
        },
        {
            content: "The licence is listed",
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
