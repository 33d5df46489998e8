{
    "name": "Dawa Supervision",
    "summary": "Approval results pushed to the supervising departments, "
    "their supervision tasks and written feedback",
    "version": "18.0.1.1.0",
    "category": "Dawa/Supervision",
    "author": "Dawa District Administrative Approval Bureau",
    "website": "https://www.dawa.gov.cn",
    "license": "LGPL-3",
    "depends": ["dawa_approval"],
    "data": [
        "security/dawa_supervision_groups.xml",
        "security/ir.model.access.csv",
        "security/dawa_supervision_security.xml",
        "data/dawa_supervision_audit_data.xml",
        "data/dawa_supervision_data.xml",
        "report/dawa_supervision_reports.xml",
        "views/dawa_supervision_task_views.xml",
        "views/dawa_supervision_feedback_views.xml",
        "views/dawa_supervision_catalog_views.xml",
        "views/dawa_supervision_report_views.xml",
        "views/dawa_approval_views.xml",
        "views/dawa_supervision_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/dawa.supervision.catalog.csv",
        "demo/dawa_supervision_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dawa_supervision/static/src/dashboard/**/*",
        ],
        "web.assets_tests": [
            "dawa_supervision/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "application": True,
    "installable": True,
}
