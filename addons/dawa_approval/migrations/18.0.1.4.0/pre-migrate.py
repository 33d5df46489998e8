"""18.0.1.4.0: the applicant's keys and files follow the rule of his personal data.

- The uploaded files are stored in ``upload_file`` (read by managers only) and shown through
  the computed ``upload_data`` to the case's handler, reviewer and approver: the attachments
  move to the new field.
- The cached QR codes of the cases' public pages are attached to the case's key
  (``access_token``), which only administrators read: the old codes, attached to the case
  itself and readable by every reader of the case, are dropped (the next print makes them
  again; the garbage collector removes their files).
"""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(SQL(
        "UPDATE ir_attachment SET res_field = 'upload_file' "
        "WHERE res_model = 'dawa.approval.case.material' AND res_field = 'upload_data'"))
    cr.execute(SQL(
        "DELETE FROM ir_attachment WHERE res_model = 'dawa.approval.case' "
        "AND res_field IS NULL AND name LIKE %s", "qr-%.png"))
