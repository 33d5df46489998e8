import importlib.util
from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common import PUSH_DAY, DawaSupervisionCommon

MIGRATION = Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.3.0" / "post-migrate.py"


def _load_migration():
    spec = importlib.util.spec_from_file_location("dawa_supervision_migrate_1_3", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestLicenceStateMigration(DawaSupervisionCommon):
    """18.0.1.3.0: a case whose licence the bureau had revoked (the old ``licence_state``
    column) gets its licence revoked in the register, with the decision's number and date;
    the others stay valid."""

    def test_revoked_case_revokes_its_licence(self):
        with freeze_time(PUSH_DAY):
            revoked = self._approved_case(applicant_name="Panjin Revoked Co., Ltd.")
            valid = self._approved_case()
        self.env.flush_all()
        # the database as the previous version left it
        self.env.cr.execute(SQL(
            "ALTER TABLE dawa_approval_case ADD COLUMN licence_state varchar"))
        self.env.cr.execute(SQL(
            "UPDATE dawa_approval_case SET licence_state = 'valid', revocation_ref = NULL "
            "WHERE id = %s", valid.id))
        self.env.cr.execute(SQL(
            "UPDATE dawa_approval_case SET licence_state = 'revoked', "
            "revocation_ref = %s, revocation_date = %s WHERE id = %s",
            "大洼审批撤字〔2026〕7号", "2026-10-12", revoked.id))
        self.env.invalidate_all()
        _load_migration().migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(revoked.licence_id.state, "revoked")
        self.assertEqual(revoked.licence_id.state_date, date(2026, 10, 12))
        self.assertEqual(revoked.licence_id.state_reason, "大洼审批撤字〔2026〕7号")
        self.assertEqual(valid.licence_id.state, "valid")
