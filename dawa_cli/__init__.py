"""The `./dawa` command as a package: each part of the command in a module of its own.

    common      paths, names and ports shared by every part; say() / die()
    odoo_env    which Python runs Odoo 18.0 (python3, DAWA_PYTHON or the environment the
                bootstrap made), Odoo's command line, the addons path, OCA's add-ons
    bootstrap   Odoo 18.0 Community brought into .local/odoo-venv when python3 lacks it
    cluster     the PostgreSQL clusters (development, throwaway)
    server      `./dawa run` / `./dawa stop`, Odoo serving a database, scratch databases
    accounting  how `./dawa test` counts: the closing line, JUnit counts, the static
                collection of the add-ons' Odoo tests, Odoo's log, the Odoo part's verdict
    testing     `./dawa test`: the static checks, pytest, the ops tests, the Odoo tests
    bench       `./dawa bench`
    backup      `./dawa backup` / `./dawa restore`
    i18n        `./dawa i18n`
    cli         the command line (argparse) and main()

Only the standard library is imported here, so `./dawa` starts on a machine without Odoo
(and brings Odoo itself for `run` and `test`); the tools that need Odoo run in its Python.
"""
