/** @odoo-module **/

import { registry } from "@web/core/registry";

// A department user's desk: the task pushed by the bureau's approval waits in the New column
// of the kanban; the inspector starts it, records the result and marks it done.
registry.category("web_tour.tours").add("dawa_supervision_department_tour", {
    url: "/odoo/action-dawa_supervision.dawa_supervision_task_action",
    steps: () => [
        {
            content: "The pushed approval waits in the New column",
            trigger: ".o_kanban_group:first-child .o_kanban_record:contains(Tour Licence Holder Co.)",
            run: "click",
        },
        {
            content: "Start the check",
            trigger: "button[name=action_start]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(In Progress)",
        },
        {
            content: "Record the result",
            trigger: "div[name=result] select",
            run: 'select "compliant"',
        },
        {
            trigger: "div[name=findings] textarea",
            run: "edit Site as licensed.",
        },
        {
            content: "Mark it done",
            trigger: "button[name=action_done]",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The task is done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Done)",
        },
    ],
});

// The bureau leader's dashboard shows the supervision panel; a figure opens its tasks.
registry.category("web_tour.tours").add("dawa_supervision_dashboard_tour", {
    url: "/odoo/action-dawa_approval.dawa_approval_dashboard_action",
    steps: () => [
        {
            content: "Open the results pushed to the departments",
            trigger: ".o_dawa_supervision_panel .o_dawa_card:contains(Results Pushed)",
            run: "click",
        },
        {
            content: "The pushed task is listed",
            trigger: ".o_list_view .o_data_row:contains(Tour Licence Holder Co.)",
        },
    ],
});
