"""18.0.1.2.0: a query code for every case created before the code existed.

Written in SQL: decided cases are frozen for the ORM, and the code is no change of the case
but the key the applicant types on /dawa/query with the application number.
"""

import logging

from odoo.tools import SQL

from odoo.addons.dawa_approval.tools import querycodes

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(SQL("SELECT id FROM dawa_approval_case WHERE query_code IS NULL ORDER BY id"))
    case_ids = [row[0] for row in cr.fetchall()]
    cr.execute(SQL("SELECT query_code FROM dawa_approval_case WHERE query_code IS NOT NULL"))
    taken = {row[0] for row in cr.fetchall()}
    for case_id in case_ids:
        code = querycodes.new_code()
        while code in taken:
            code = querycodes.new_code()
        taken.add(code)
        cr.execute(SQL("UPDATE dawa_approval_case SET query_code = %s WHERE id = %s",
                       code, case_id))
    _logger.info("dawa_approval 18.0.1.2.0: query codes given to %s cases", len(case_ids))
