"""18.0.1.3.0: application numbers restart each month (DW202612000001).

The case sequence is ``noupdate`` data: its prefix (DW%(year)s%(month)s) took the month from
the day of drawing but the counter never restarted. It becomes a sequence with monthly date
ranges (made by ``dawa.approval.case._get_application_number_range``) and the range's year and
month in the prefix. This month's range continues at the old counter, so that no number
already issued this month comes again; next month starts at 1.
"""

import logging

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    sequence = env.ref("dawa_approval.seq_dawa_approval_case", raise_if_not_found=False)
    if not sequence or sequence.use_date_range:
        return
    next_number = sequence.number_next_actual
    sequence.write({
        "use_date_range": True,
        "prefix": (sequence.prefix or "").replace("%(year)s", "%(range_year)s").replace(
            "%(month)s", "%(range_month)s"),
    })
    first = env["dawa.holiday"]._bureau_today().replace(day=1)
    date_range = env["ir.sequence.date_range"].create({
        "sequence_id": sequence.id,
        "date_from": first,
        "date_to": first + relativedelta(months=1, days=-1),
    })
    # written after the creation: a standard range's PostgreSQL sequence is then moved
    date_range.number_next_actual = next_number
    _logger.info("case numbers restart monthly; %s continues at %s", first, next_number)
