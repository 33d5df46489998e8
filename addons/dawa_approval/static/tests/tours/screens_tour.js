import { registry } from "@web/core/registry";

// The leader sees the month's complaint on the dashboard, not "no complaint".
registry.category("web_tour.tours").add("dawa_dashboard_complaints_tour", {
    url: "/odoo/action-dawa_approval.dawa_approval_dashboard_action",
    steps: () => [
        {
            content: "The complaints panel lists the month with its complaint",
            trigger: ".o_dawa_complaints tbody tr td.text-end:contains(1)",
        },
        {
            content: "Open the month's complaints",
            trigger: ".o_dawa_complaints tbody tr td a:first",
            run: "click",
        },
        {
            content: "The complaint is listed",
            trigger: ".o_list_view .o_data_row:contains(王秀英)",
        },
    ],
});

// The import dialog downloads its template before a file is chosen.
registry.category("web_tour.tours").add("dawa_item_import_template_tour", {
    url: "/odoo/action-dawa_approval.dawa_approval_item_import_action",
    steps: () => [
        {
            content: "Download the template with no file chosen",
            trigger: ".modal button[name=action_download_template]",
            run: "click",
        },
        {
            content: "No invalid-field warning: the dialog stays, nothing is missing",
            trigger: ".modal:not(:has(.o_field_invalid)) button[name=action_import]",
        },
        {
            content: "Importing without a file asks for the file",
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "The refusal says what to do",
            trigger: ".modal .modal-body:contains(.xlsx or .csv)",
        },
    ],
});

// A record the user may not open, opened by its URL: a plain refusal, then a screen with menu.
registry.category("web_tour.tours").add("dawa_access_refusal_tour", {
    steps: () => [
        {
            content: "The refusal is plain: no joke, no internal id or technical model name",
            trigger: ".o_notification:contains(ask the bureau's system administrator)",
            run() {
                const text = document.querySelector(".o_notification").textContent;
                for (const noise of ["cookies", "Uh-oh", "dawa.", "id="]) {
                    if (text.includes(noise)) {
                        throw new Error(`the refusal shows "${noise}": ${text}`);
                    }
                }
            },
        },
        {
            content: "The menu is still there",
            trigger: ".o_main_navbar .o_menu_sections .o_nav_entry, .o_main_navbar .o_menu_sections .dropdown-toggle",
        },
        {
            content: "and a screen under it",
            trigger: ".o_action_manager > *",
        },
    ],
});
