{
    "name": "Dawa Seconded Staff",
    "summary": "Staff seconded to the Dawa approval bureau and their performance evaluations",
    "version": "18.0.1.0.0",
    "category": "Dawa/Staff",
    "author": "Dawa District Administrative Approval Bureau",
    "website": "https://www.dawa.gov.cn",
    "license": "LGPL-3",
    "depends": ["dawa_approval", "hr"],
    "data": [
        "security/dawa_staff_groups.xml",
        "security/dawa_staff_security.xml",
        "views/dawa_staff_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "application": True,
    "installable": True,
}
