{
    "name": "Dawa Licences",
    "summary": "The licence register: every sealed approval of a licensing item issues a "
    "numbered licence with its GB/T 36904 identifier, verified by anyone, with its "
    "validity acted on",
    "version": "18.0.1.1.0",
    "category": "Dawa/Approval",
    "author": "Dawa District Administrative Approval Bureau",
    "website": "https://www.dawa.gov.cn",
    "license": "LGPL-3",
    "depends": ["dawa_approval"],
    "external_dependencies": {"python": ["pyhanko"]},
    "data": [
        "data/res_lang_data.xml",
        "security/ir.model.access.csv",
        "security/dawa_licence_security.xml",
        "data/dawa_licence_data.xml",
        "data/dawa_licence_audit_data.xml",
        "report/dawa_licence_certificate_reports.xml",
        "views/dawa_licence_views.xml",
        "views/dawa_certificate_views.xml",
        "views/dawa_licence_report_views.xml",
        "views/dawa_approval_item_views.xml",
        "views/dawa_approval_case_views.xml",
        "views/dawa_licence_public_templates.xml",
        "views/dawa_licence_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dawa_licence/static/src/dashboard/**/*",
        ],
        "web.assets_tests": [
            "dawa_licence/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/res_lang_demo.xml",
        "demo/dawa_licence_demo.xml",
        "demo/dawa_certificate_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
