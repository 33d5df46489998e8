{
    "name": "Dawa Construction Projects",
    "summary": "Construction projects approved as a whole: the project and its code, approval "
    "flows, stages applied for at once, materials handed in once, joint site inspections, "
    "joint completion acceptance, the helpers' services",
    "version": "18.0.1.1.0",
    "category": "Dawa/Projects",
    "author": "Dawa District Administrative Approval Bureau",
    "website": "https://www.dawa.gov.cn",
    "license": "LGPL-3",
    "depends": ["dawa_approval", "dawa_supervision"],
    "data": [
        "data/res_lang_data.xml",
        "security/dawa_project_groups.xml",
        "security/ir.model.access.csv",
        "security/dawa_project_security.xml",
        "data/dawa_project_audit_data.xml",
        "data/dawa_project_data.xml",
        "report/dawa_project_reports.xml",
        "views/dawa_project_flow_views.xml",
        "views/dawa_project_stage_views.xml",
        "views/dawa_project_views.xml",
        "views/dawa_site_inspection_views.xml",
        "views/dawa_joint_acceptance_views.xml",
        "views/dawa_project_service_views.xml",
        "views/dawa_approval_case_views.xml",
        "views/dawa_project_menus.xml",
    ],
    "demo": [
        "demo/res_lang_demo.xml",
        "demo/res_users_demo.xml",
        "demo/dawa_project_flow_demo.xml",
        "demo/dawa_project_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dawa_project/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
