import base64
import io

import openpyxl
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DawaSupervisionCommon

HEADER = ("item_code,department,check_code,check_object,measures,frequency,"
          "first_check_days,verification_days,verification_measure,basis\n")


@tagged("post_install", "-at_install")
class TestSupervisionCatalog(DawaSupervisionCommon):
    """监管事项目录清单: managed by the bureau's catalogue administrators, imported with the
    item import's row-level errors."""

    def _import(self, content, filename="catalogue.csv", user=None):
        if isinstance(content, str):
            content = content.encode("utf-8")
        wizard = self.env["dawa.supervision.catalog.import"].with_user(
            user or self.catalog_admin).create({
                "file": base64.b64encode(content), "filename": filename})
        return wizard.action_import()

    def test_time_limits(self):
        for vals in ({"first_check_days": 366}, {"first_check_days": -1},
                     {"first_check_days": 5, "verification_days": 6}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.catalog_housing.write(vals)
        self.catalog_housing.write({"first_check_days": 0, "verification_days": 0})

    def test_one_entry_per_item_and_department(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["dawa.supervision.catalog"].create(
                {"item_id": self.item.id, "agency_id": self.housing.id})
            self.env.flush_all()

    def test_measures_as_one_line(self):
        self.catalog_housing.measure_ids = [(6, 0, [
            self.env.ref("dawa_supervision.measure_written").id,
            self.env.ref("dawa_supervision.measure_site").id])]
        self.assertEqual(self.catalog_housing.measures, "Written Check; On-site Inspection")

    def test_managed_by_catalogue_administrators(self):
        Catalog = self.env["dawa.supervision.catalog"]
        entry = Catalog.with_user(self.catalog_admin).create(
            {"item_id": self.water_item.id, "agency_id": self.water.id})
        entry.with_user(self.catalog_admin).write({"first_check_days": 30})
        for user in (self.clerk, self.approver, self.housing_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Catalog.with_user(user).create(
                        {"item_id": self.water_item.id, "agency_id": self.housing.id})
                with self.assertRaises(AccessError):
                    self.catalog_housing.with_user(user).write({"first_check_days": 1})
        self.assertEqual(self.item.with_user(self.clerk).supervision_catalog_count, 2)

    def test_import_creates_and_updates(self):
        content = HEADER + (
            "TEST-WATER-001,water,JG-SL-009,取水户,written；On-site Inspection,once a year,20,,"
            "site,《取水许可和水资源费征收管理条例》\n"
            "TEST-HOUSING-001,housing,JG-ZJ-002,,written,Once per Licence,12,6,,\n"
        )
        # saved by Excel on a Chinese Windows: GBK
        action = self._import(content.encode("gb18030"))
        entries = self.env["dawa.supervision.catalog"].search(action["domain"])
        self.assertEqual(len(entries), 2)
        water = entries.filtered(lambda entry: entry.item_id == self.water_item)
        self.assertEqual(water.agency_id, self.water)
        self.assertEqual(water.frequency, "yearly")
        self.assertEqual(water.first_check_days, 20)
        self.assertEqual(water.verification_days, 10, "the default, at most the first check")
        self.assertEqual(water.measure_ids, self.env.ref("dawa_supervision.measure_written")
                         | self.env.ref("dawa_supervision.measure_site"))
        self.assertEqual(water.basis, "《取水许可和水资源费征收管理条例》")
        # the housing entry was there: updated, not duplicated
        self.assertIn(self.catalog_housing, entries)
        self.assertEqual((self.catalog_housing.first_check_days,
                          self.catalog_housing.verification_days,
                          self.catalog_housing.check_code), (12, 6, "JG-ZJ-002"))

    def test_import_lists_every_bad_row_and_imports_nothing(self):
        content = HEADER + (
            "NO-SUCH-CODE,housing,,,,per_licence,10,5,,\n"
            "TEST-WATER-001,Ministry of Magic,,,,per_licence,10,5,,\n"
            "TEST-WATER-001,water,,,,sometimes,10,5,,\n"
            "TEST-WATER-001,water,,,,per_licence,400,5,,\n"
            "TEST-WATER-001,emergency,,,,per_licence,10,12,,\n"
            "TEST-WATER-001,housing,,,telepathy,per_licence,２０,5,,\n"
            "TEST-WATER-001,emergency,,,,per_licence,10,5,,\n"
        )
        with self.assertRaises(ValidationError) as caught:
            self._import(content)
        message = str(caught.exception)
        for fragment in (
            "Row 2, column “Implementation Code”: There is no approval item with the code "
            "NO-SUCH-CODE",
            "Row 3, column “Supervising Department”: There is no department “Ministry of "
            "Magic”",
            "Row 4, column “Frequency”: “sometimes” is not one of the possible values",
            "Row 5, column “First Check Within (working days)”: “400” is too large.",
            "Row 6, column “Commitment Verification Within (working days)”: A commitment is "
            "verified sooner",
            "Row 7, column “Supervision Measures”: “telepathy” is not a supervision measure",
            "Row 7, column “First Check Within (working days)”: “２０” is not written with "
            "the digits 0 to 9",
            "Row 8, column “Supervising Department”: Row 6 already gives this department",
        ):
            self.assertIn(fragment, message)
        self.assertEqual(self.env["dawa.supervision.catalog"].search_count([]), 2)

    def test_import_refuses_files_it_cannot_read(self):
        with self.assertRaisesText(UserError, "lacks the column(s)"):
            self._import("item_code,department\nTEST-WATER-001,water\n")
        with self.assertRaisesText(UserError, "no catalogue row"):
            self._import(HEADER)
        with self.assertRaisesText(ValidationError, "NUL character"):
            self._import(HEADER + "TEST-WATER-001,wa\x00ter,,,,per_licence,10,5,,\n")
        with self.assertRaises(UserError):
            self._import(b"not a workbook", filename="catalogue.xlsx")
        with self.assertRaises(AccessError):
            self._import(HEADER, user=self.clerk)

    def test_import_from_the_xlsx_template(self):
        book = openpyxl.Workbook()
        sheet = book.active
        wizard = self.env["dawa.supervision.catalog.import"].with_user(self.catalog_admin)
        columns = wizard.get_template_columns()
        sheet.append([label for _key, label in columns])
        sheet.append(["TEST-WATER-001", "", "water", "JG-SL-100", "", "Written Check",
                      "Twice a Year", 30.0, 15, "", ""])
        output = io.BytesIO()
        book.save(output)
        action = self._import(output.getvalue(), filename="catalogue.xlsx")
        entry = self.env["dawa.supervision.catalog"].search(action["domain"])
        self.assertEqual((entry.item_id, entry.frequency, entry.first_check_days),
                         (self.water_item, "half_yearly", 30))
