/** @odoo-module **/

import { registry } from "@web/core/registry";

// A seconded window clerk hands in his self-assessment from "My Evaluations".
registry.category("web_tour.tours").add("dawa_staff_self_assessment_tour", {
    url: "/odoo/action-dawa_staff.dawa_staff_evaluation_action_my",
    steps: () => [
        {
            content: "Open my evaluation",
            trigger: ".o_data_row td:contains(Zhang Xiaoxue)",
            run: "click",
        },
        {
            content: "Open the personal summary",
            trigger: ".o_notebook_headers a:contains(Personal Summary)",
            run: "click",
        },
        {
            trigger: "div[name=self_summary] textarea",
            run: "edit Received 300 applications, none late.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Hand it in",
            trigger: ".o_form_saved button[name=action_self_assess]",
            run: "click",
        },
        {
            content: "Handed in",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Self-assessed)",
        },
    ],
});

// The HR officer lands on the secondments, opens an evaluation, reads the figures of the
// person's cases and drills down to the cases.
registry.category("web_tour.tours").add("dawa_staff_hr_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The secondments are the HR officer's home page",
            trigger: ".o_list_view .o_data_row td:contains(Zhang Xiaoxue)",
        },
        {
            content: "Open the evaluations",
            trigger: '.o_menu_sections [data-menu-xmlid="dawa_staff.menu_dawa_staff_evaluation"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="dawa_staff.menu_dawa_staff_evaluation_all"]',
            run: "click",
        },
        {
            content: "The evaluations are shown (not the secondments any more)",
            trigger: ".o_last_breadcrumb_item:contains(Evaluations)",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=grade_label]",
        },
        {
            trigger: ".o_list_view .o_data_row td[name=employee_id]:contains(Zhang Xiaoxue)",
            run: "click",
        },
        {
            content: "Read the figures of the cases",
            trigger: ".o_notebook_headers a:contains(Case Figures)",
            run: "click",
        },
        {
            trigger: "div[name=metric_timed_count] span:contains(1)",
        },
        {
            content: "Drill down to the cases",
            trigger: "button[name=action_view_cases]",
            run: "click",
        },
        {
            content: "The case decided in the period",
            trigger: ".o_list_view .o_data_row td[name=case_id]:contains(DW)",
        },
    ],
});
