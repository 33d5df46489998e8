{
    "name": "Dawa Seconded Staff and Supervision",
    "summary": "Feeds the supervision feedback against a person's cases into his evaluation",
    "version": "18.0.1.0.0",
    "category": "Dawa/Staff",
    "author": "Dawa District Administrative Approval Bureau",
    "website": "https://www.dawa.gov.cn",
    "license": "LGPL-3",
    "depends": ["dawa_staff", "dawa_supervision"],
    "auto_install": True,
    "post_init_hook": "post_init_hook",
    "installable": True,
}
