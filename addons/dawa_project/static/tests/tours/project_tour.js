/** @odoo-module **/

import { registry } from "@web/core/registry";

// A window clerk, in Chinese: opens a project from the kanban of the construction projects,
// applies for its first stage with both items, and sees the cases, the timeline and the
// project in progress.
registry.category("web_tour.tours").add("dawa_project_stage_tour", {
    steps: () => [
        {
            content: "The draft project waits in the kanban",
            trigger: ".o_kanban_record:contains(冷链仓储巡检项目)",
            run: "click",
        },
        {
            content: "The form is in Chinese",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(草稿)",
        },
        {
            content: "Apply for a stage",
            trigger: "button[name=action_new_stage]:contains(申报阶段)",
            run: "click",
        },
        {
            content: "Choose the first stage",
            trigger: ".modal div[name=stage] select",
            run: 'select "1"',
        },
        {
            content: "Choose the first item",
            trigger: ".modal div[name=item_ids] input",
            run: "edit 洪水影响",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(洪水影响评价类审批（测试）)",
            run: "click",
        },
        {
            content: "Choose the second item",
            trigger: ".modal div[name=item_ids] input",
            run: "edit 河道管理",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(河道管理范围内建设方案审批（测试）)",
            run: "click",
        },
        {
            trigger: ".modal div[name=item_ids] .o_tag:contains(河道管理)",
        },
        {
            content: "Apply: one case per item",
            trigger: ".modal button[name=action_apply]:contains(申报)",
            run: "click",
        },
        {
            content: "The project is in progress",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(办理中)",
        },
        {
            content: "The timeline shows the first stage",
            trigger: "div[name=current_stage] .o_arrow_button_current:contains(立项用地规划许可)",
        },
        {
            content: "The stage is applied for, with its two cases",
            trigger: "div[name=stage_ids] .o_data_row:contains(已申报)",
        },
        {
            content: "The cases of the project",
            trigger: ".o_notebook a:contains(办件)",
            run: "click",
        },
        {
            trigger: "div[name=case_ids] .o_data_row:contains(河道管理范围内建设方案审批（测试）)",
        },
    ],
});
