{
    "name": "Dawa Supervision",
    "summary": "Approval results pushed to the supervising departments, "
    "their supervision tasks and written feedback",
    "version": "18.0.1.0.0",
    "category": "Dawa/Supervision",
    "author": "Dawa District Administrative Approval Bureau",
    "website": "https://www.dawa.gov.cn",
    "license": "LGPL-3",
    "depends": ["dawa_approval"],
    "data": [
        "security/dawa_supervision_groups.xml",
        "security/ir.model.access.csv",
        "security/dawa_supervision_security.xml",
        "views/dawa_supervision_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
    "application": True,
    "installable": True,
}
