"""18.0.1.5.0: the special procedures of an item are those of 行政许可法 §45 only.

§45 leaves out of the time limit the time of 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审,
nothing else. The former kind "testing and inspection" keeps its key as "testing" (检测); a "public
notice" (公示) or "other" procedure is not one of §45: its time counts in the time limit, so
it is removed from the items, each item's chatter naming what was removed.
"""

import html

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(SQL(
        "DELETE FROM dawa_approval_item_procedure WHERE kind IN ('public_notice', 'other') "
        "RETURNING item_id, name"))
    removed = cr.fetchall()
    for item_id, name in removed:
        cr.execute(SQL(
            """INSERT INTO mail_message (model, res_id, message_type, body, date, create_date,
                                         write_date)
               VALUES ('dawa.approval.item', %s, 'notification', %s, now() at time zone 'UTC',
                       now() at time zone 'UTC', now() at time zone 'UTC')""",
            item_id,
            f"特别程序“{html.escape(name)}”不属于《中华人民共和国行政许可法》第四十五条规定的听证、"
            "招标、拍卖、检验、检测、检疫、鉴定和专家评审，其所需时间应计入审批期限，"
            "已从本事项中删除。"))
