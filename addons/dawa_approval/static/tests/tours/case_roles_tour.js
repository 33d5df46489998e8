/** @odoo-module **/

import { registry } from "@web/core/registry";

// One case through every role of the bureau, one tour per role, each starting on the role's
// own queue (see tests/test_case_roles_tour.py, which chains them and checks the server side).
const APPLICANT = "Panjin Role Tour Co., Ltd.";
const tours = registry.category("web_tour.tours");

function openRow() {
    return {
        content: "Open the case from the queue",
        trigger: `.o_data_row .o_data_cell:contains(${APPLICANT})`,
        run: "click",
    };
}

function confirm() {
    return { trigger: ".modal-footer .btn-primary", run: "click" };
}

function status(label) {
    return {
        content: `The case is ${label}`,
        trigger: `.o_statusbar_status .o_arrow_button_current:contains(${label})`,
    };
}

// 窗口受理: receive the application, tick every material received, accept it
tours.add("dawa_role_clerk_accept_tour", {
    url: "/odoo/action-dawa_approval.dawa_approval_case_action_desk",
    steps: () => [
        { content: "Receive a new application", trigger: ".o-kanban-button-new", run: "click" },
        { trigger: "div[name=applicant_name] input", run: `edit ${APPLICANT}` },
        { trigger: "div[name=applicant_id_number] input", run: "edit 91211100MA0YJ1C45H" },
        { trigger: "div[name=line_ids] .o_field_x2many_list_row_add a", run: "click" },
        { trigger: "div[name=line_ids] div[name=item_id] input", run: "edit Role tour permit" },
        { trigger: ".o-autocomplete--dropdown-item a:contains(Role tour permit)", run: "click" },
        { content: "Save the application", trigger: ".o_form_button_save", run: "click" },
        { content: "It has its number", trigger: ".oe_title div[name=name]:contains(DW)" },
        { trigger: ".o_notebook a.nav-link:contains(Materials)", run: "click" },
        {
            content: "Every material was handed in",
            trigger: "button[name=action_provide_all_materials]",
            run: "click",
        },
        { trigger: "div[name=material_ids] .o_data_cell[name=provided] input:checked" },
        { content: "Accept it", trigger: "button[name=action_accept]", run: "click" },
        status("Accepted"),
    ],
});

// 待审查: start the review, write the opinion, submit it to the approver
tours.add("dawa_role_reviewer_tour", {
    url: "/odoo/action-dawa_approval.dawa_approval_case_action_to_review",
    steps: () => [
        openRow(),
        { trigger: "button[name=action_start_review]", run: "click" },
        status("Under Review"),
        { trigger: ".o_notebook a.nav-link:contains(Review)", run: "click" },
        {
            content: "Write the review opinion",
            trigger: "div[name=review_opinion] textarea",
            run: "edit The conditions are met: grant the licence.",
        },
        { trigger: "button[name=action_submit]", run: "click" },
        confirm(),
        status("To Decide"),
    ],
});

// 待决定: approve on the review opinion
tours.add("dawa_role_approver_tour", {
    url: "/odoo/action-dawa_approval.dawa_approval_case_action_to_decide",
    steps: () => [
        openRow(),
        { trigger: "button[name=action_approve]", run: "click" },
        confirm(),
        status("Approved"),
    ],
});

// 待用印: put the approval seal on the decision
tours.add("dawa_role_seal_keeper_tour", {
    url: "/odoo/action-dawa_approval.dawa_approval_case_action_to_seal",
    steps: () => [
        openRow(),
        { trigger: "button[name=action_seal]", run: "click" },
        confirm(),
        {
            content: "The decision is sealed by the seal keeper",
            trigger: ".o_field_widget[name=seal_user_id]",
        },
    ],
});

// 窗口受理 (待送达): record the delivery particulars and deliver the sealed decision
tours.add("dawa_role_clerk_deliver_tour", {
    url: "/odoo/action-dawa_approval.dawa_approval_case_action_desk",
    steps: () => [
        {
            content: "The sealed decision waits on the desk",
            trigger: `.o_kanban_record:contains(${APPLICANT})`,
            run: "click",
        },
        { trigger: ".o_notebook a.nav-link:contains(Delivery)", run: "click" },
        { trigger: "div[name=delivery_method] select", run: "selectByLabel By Mail" },
        { trigger: "div[name=delivery_recipient] input", run: "edit Wang Fang" },
        { trigger: "div[name=delivery_tracking_ref] input", run: "edit SF1234567890" },
        { trigger: "button[name=action_deliver]", run: "click" },
        confirm(),
        status("Closed"),
    ],
});
