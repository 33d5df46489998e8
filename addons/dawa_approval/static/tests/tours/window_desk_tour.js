/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A window clerk's day in one case: receive an application for an instant item, accept it,
// approve it in the same sitting, print the decision and deliver the result (the tour runs as
// a bureau manager, who holds every bureau role).
registry.category("web_tour.tours").add("dawa_window_desk_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Approval app",
            trigger: '.o_app[data-menu-xmlid="dawa_approval.menu_dawa_root"]',
            run: "click",
        },
        {
            content: "Open the window desk",
            trigger: '.o_menu_sections [data-menu-xmlid="dawa_approval.menu_dawa_cases"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="dawa_approval.menu_dawa_case_desk"]',
            run: "click",
        },
        {
            content: "Receive a new application",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            trigger: "div[name=applicant_name] input",
            run: "edit Panjin Tour Logistics Co., Ltd.",
        },
        {
            content: "Enter its unified social credit code",
            trigger: "div[name=applicant_id_number] input",
            run: "edit 91211100MA0YJ1C45H",
        },
        {
            content: "Add the item applied for",
            trigger: "div[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=line_ids] div[name=item_id] input",
            run: "edit Tour vehicle repair filing",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour vehicle repair filing)",
            run: "click",
        },
        {
            content: "Save the application",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Accept it",
            trigger: "button[name=action_accept]",
            run: "click",
        },
        {
            content: "Approve it in the same sitting",
            trigger: "button[name=action_approve]",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Print the approval decision",
            trigger: ".o_statusbar_buttons button:contains(Print Approval Decision)",
            run: "click",
        },
        {
            content: "The seal keeper seals the decision (no electronic seal in use)",
            trigger: "button[name=action_seal]",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Record how the decision is delivered",
            trigger: ".o_notebook a.nav-link:contains(Delivery)",
            run: "click",
        },
        {
            trigger: "div[name=delivery_method] select",
            run: "selectByLabel Collected at the Window",
        },
        {
            trigger: "div[name=delivery_recipient] input",
            run: "edit Li Ming",
        },
        {
            content: "Deliver the result",
            trigger: "button[name=action_deliver]",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The case is closed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Closed)",
        },
    ],
});
