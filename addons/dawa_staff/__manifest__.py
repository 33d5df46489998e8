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
        "views/dawa_staff_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
    "application": True,
    "installable": True,
}
