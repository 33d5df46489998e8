"""18.0.1.1.0: the applicant's ID number and phone move to fields only managers read
(``*_raw``); the former columns keep their data under the new names."""

from odoo.tools.sql import column_exists, rename_column


def migrate(cr, version):
    for old, new in (("applicant_id_number", "applicant_id_number_raw"),
                     ("applicant_phone", "applicant_phone_raw")):
        if column_exists(cr, "dawa_approval_case", old) and not column_exists(
                cr, "dawa_approval_case", new):
            rename_column(cr, "dawa_approval_case", old, new)
