import base64
import csv
import io

import openpyxl
import xlsxwriter

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import file_open

from .common import DawaCommon

SAMPLE_FILE = "dawa_approval/tests/data/sample_items.csv"


def make_csv(rows):
    output = io.StringIO()
    csv.writer(output).writerows(rows)
    return output.getvalue().encode("utf-8")


def make_xlsx(rows):
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet("Items")
    for row_index, row in enumerate(rows):
        for col_index, value in enumerate(row):
            sheet.write(row_index, col_index, value)
    book.close()
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestItemImport(DawaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Import = cls.env["dawa.approval.item.import"].with_user(cls.catalog_admin)
        cls.Item = cls.env["dawa.approval.item"]
        cls.labels = dict(cls.Import.get_template_columns())

    def _import(self, content, filename):
        wizard = self.Import.create({
            "file": base64.b64encode(content),
            "filename": filename,
        })
        action = wizard.action_import()
        return self.Item.search(action["domain"])

    def _assert_refused(self, content, filename, *fragments):
        """The file is refused with a message holding every fragment, and nothing is imported."""
        count = self.Item.search_count([])
        with self.assertRaises(ValidationError) as caught:
            self._import(content, filename)
        message = str(caught.exception)
        self.assertIn("Nothing was imported", message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual(self.Item.search_count([]), count)
        return message

    def _cell_ref(self, row, key):
        return f"Row {row}, column “{self.labels[key]}”"

    def _valid_row(self, name="Valid item", **values):
        """A row in the key-header layout of ``KEY_HEADER``."""
        row = {
            "code": "", "name": name, "department": "water", "item_type": "license",
            "case_kind": "promised", "statutory_days": "20", "promised_days": "5",
        }
        row.update(values)
        return [row[key] for key in self.KEY_HEADER]

    KEY_HEADER = [
        "code", "name", "department", "item_type", "case_kind", "statutory_days",
        "promised_days",
    ]

    # ------------------------------------------------------------------
    # good files
    # ------------------------------------------------------------------

    def test_import_sample_csv(self):
        with file_open(SAMPLE_FILE, "rb") as sample:
            content = sample.read()
        expected = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        self.assertEqual(len(expected), 42)
        count = self.Item.search_count([])

        items = self._import(content, "sample_items.csv")

        self.assertEqual(len(items), 42)
        self.assertEqual(self.Item.search_count([]), count + 42)
        self.assertEqual(set(items.mapped("state")), {"draft"})
        self.assertEqual(len(set(items.mapped("code"))), 42)
        by_name = {item.name: item for item in items}
        for row in expected:
            item = by_name[row["name"]]
            agency = self.env.ref(f"dawa_approval.agency_{row['department']}")
            with self.subTest(item=row["name"]):
                self.assertEqual(item.source_agency_id, agency)
                self.assertEqual(item.handling_agency_id, agency)
                self.assertEqual(item.supervising_agency_id, agency)
                self.assertEqual(item.item_type, row["item_type"])
                self.assertEqual(item.case_kind, row["case_kind"])
                self.assertEqual(item.statutory_days, int(row["statutory_days"]))
                self.assertEqual(item.promised_days, int(row["promised_days"]))
                self.assertEqual(item.visits_required, int(row["visits_required"]))
                self.assertEqual(item.site_inspection, row["site_inspection"] == "True")
                self.assertEqual(item.fee_required, row["fee_required"] == "True")
        # a spot check that does not rely on the file itself
        item = by_name["民办非企业单位成立登记"]
        self.assertEqual(item.source_agency_id, self.env.ref("dawa_approval.agency_civil_affairs"))
        self.assertEqual((item.statutory_days, item.promised_days), (60, 10))

    def test_import_xlsx_with_labels(self):
        keys = [key for key, _label in self.Import.get_template_columns()]
        header = [self.labels[key] for key in keys]
        values = {
            "code": "T-IMP-001",
            "basic_code": "000123456000",
            "name": "Water intake permit",
            "department": self.water.name,  # by name
            "supervising_department": "housing",  # by code
            "item_type": "Administrative License",
            "case_kind": "Promised",
            "statutory_days": 20,
            "promised_days": 7,
            "visits_required": 0,
            "site_inspection": "Yes",
            "fee_required": "No",
            "fee_standard": "",
            "online": "No",
            "legal_basis": "Water Law, art. 48",
            "conditions": "Has a water source",
            "materials": "Application form\nWater resources assessment; Site plan",
        }
        instant = dict(values, code="T-IMP-002", name="Water well filing", item_type="filing",
                       case_kind="instant", statutory_days=0, promised_days=0, online="",
                       materials="")
        content = make_xlsx([header, [values[key] for key in keys],
                             [instant[key] for key in keys]])

        items = self._import(content, "catalogue.XLSX")

        self.assertEqual(len(items), 2)
        item = items.filtered(lambda rec: rec.code == "T-IMP-001")
        self.assertEqual(item.name, "Water intake permit")
        self.assertEqual(item.basic_code, "000123456000")
        self.assertEqual(item.source_agency_id, self.water)
        self.assertEqual(item.handling_agency_id, self.water)
        self.assertEqual(item.supervising_agency_id, self.housing)
        self.assertEqual(item.item_type, "license")
        self.assertEqual(item.case_kind, "promised")
        self.assertEqual((item.statutory_days, item.promised_days), (20, 7))
        self.assertEqual(item.visits_required, 0)
        self.assertTrue(item.site_inspection)
        self.assertFalse(item.fee_required)
        self.assertFalse(item.online)
        self.assertEqual(item.legal_basis, "Water Law, art. 48")
        self.assertEqual(item.conditions, "Has a water source")
        self.assertEqual(
            item.material_ids.mapped("name"),
            ["Application form", "Water resources assessment", "Site plan"],
        )
        filing = items - item
        self.assertEqual((filing.item_type, filing.case_kind), ("filing", "instant"))
        self.assertEqual((filing.statutory_days, filing.promised_days), (0, 0))
        self.assertTrue(filing.online)  # empty cell keeps the default
        self.assertFalse(filing.material_ids)

    def test_import_xlsx_with_keys_and_numbers(self):
        header = [*self.KEY_HEADER, "visits_required", "online"]
        content = make_xlsx([
            header,
            ["T-IMP-KEY", "Drainage permit", "water", "license", "promised", 30.0, 10.0, 2, True],
            [],  # blank rows are skipped
        ])
        items = self._import(content, "keys.xlsx")
        self.assertEqual(len(items), 1)
        self.assertEqual(items.code, "T-IMP-KEY")
        self.assertEqual((items.statutory_days, items.promised_days), (30, 10))
        self.assertEqual(items.visits_required, 2)
        self.assertTrue(items.online)

    # ------------------------------------------------------------------
    # bad files: refused as a whole, with row and column
    # ------------------------------------------------------------------

    def test_unknown_department(self):
        content = make_csv([
            self.KEY_HEADER,
            self._valid_row(),
            self._valid_row("Bad department", department="ministry_of_magic"),
        ])
        self._assert_refused(content, "items.csv", self._cell_ref(3, "department"),
                             "ministry_of_magic")

    def test_promised_exceeds_statutory(self):
        content = make_csv([
            self.KEY_HEADER,
            self._valid_row("Too generous", statutory_days="10", promised_days="11"),
            self._valid_row(),
        ])
        self._assert_refused(content, "items.csv", self._cell_ref(2, "promised_days"))

    def test_duplicate_code_in_file(self):
        content = make_csv([
            self.KEY_HEADER,
            self._valid_row("First", code="T-DUP-1"),
            self._valid_row("Other", code="T-DUP-2"),
            self._valid_row("Second", code="T-DUP-1"),
        ])
        message = self._assert_refused(content, "items.csv", self._cell_ref(4, "code"),
                                       "T-DUP-1", "row 2")
        self.assertNotIn("Row 2,", message)
        self.assertNotIn("Row 3,", message)

    def test_duplicate_code_existing_item(self):
        content = make_csv([
            self.KEY_HEADER,
            self._valid_row(),
            self._valid_row("Copy", code=self.item.code),
        ])
        self._assert_refused(content, "items.csv", self._cell_ref(3, "code"), self.item.code,
                             "already exists")

    def test_non_numeric_days(self):
        content = make_csv([
            self.KEY_HEADER,
            self._valid_row("Words", statutory_days="twenty"),
            self._valid_row("Negative", promised_days="-3"),
        ])
        self._assert_refused(content, "items.csv", self._cell_ref(2, "statutory_days"),
                             "twenty", self._cell_ref(3, "promised_days"))

    def test_bad_xlsx_lists_every_problem(self):
        header = [self.labels[key] for key in self.KEY_HEADER]
        content = make_xlsx([
            header,
            ["", "Fine", "water", "license", "promised", 20, 5],
            ["", "Fine too", "housing", "license", "instant", 20, 5],
            ["", "", "atlantis", "permit", "promised", "soon", 5],
        ])
        self._assert_refused(
            content, "items.xlsx",
            self._cell_ref(3, "case_kind"),
            self._cell_ref(4, "name"),
            self._cell_ref(4, "department"),
            self._cell_ref(4, "item_type"),
            self._cell_ref(4, "statutory_days"),
        )

    def test_missing_column_or_bad_file(self):
        count = self.Item.search_count([])
        content = make_csv([["name", "department"], ["Item", "water"]])
        with self.assertRaisesText(UserError, self.labels["statutory_days"]):
            self._import(content, "items.csv")
        with self.assertRaisesText(UserError, ".xlsx or .csv"):
            self._import(make_csv([self.KEY_HEADER, self._valid_row()]), "items.txt")
        with self.assertRaisesText(UserError, "cannot be read"):
            self._import(b"not a workbook", "items.xlsx")
        with self.assertRaisesText(UserError, "no item row"):
            self._import(make_csv([self.KEY_HEADER]), "items.csv")
        self.assertEqual(self.Item.search_count([]), count)

    def test_only_catalog_admin_imports(self):
        content = base64.b64encode(make_csv([self.KEY_HEADER, self._valid_row()]))
        for user in (self.clerk, self.seal_keeper, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["dawa.approval.item.import"].with_user(user).create({
                    "file": content, "filename": "items.csv",
                })


@tagged("post_install", "-at_install")
class TestItemImportTemplate(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.catalog_admin = new_test_user(
            cls.env,
            login="test_template_admin",
            groups="dawa_approval.group_catalog_admin",
            name="Template Admin",
        )

    def test_template_download_and_import(self):
        self.authenticate("test_template_admin", "test_template_admin")
        response = self.url_open("/dawa/approval/item/template.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn(".xlsx", response.headers["Content-Disposition"])

        Import = self.env["dawa.approval.item.import"].with_user(self.catalog_admin)
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        self.assertEqual(
            list(rows[0]), [label for _key, label in Import.get_template_columns()]
        )
        self.assertEqual(len(rows), 2)  # header and the example row

        Item = self.env["dawa.approval.item"]
        count = Item.search_count([])
        wizard = Import.create({
            "file": base64.b64encode(response.content),
            "filename": "approval_item_template.xlsx",
        })
        items = Item.search(wizard.action_import()["domain"])
        self.assertEqual(len(items), 1)
        self.assertEqual(Item.search_count([]), count + 1)
        transport = self.env.ref("dawa_approval.agency_transport")
        self.assertEqual(items.source_agency_id, transport)
        self.assertEqual(items.supervising_agency_id, transport)
        self.assertEqual((items.item_type, items.case_kind), ("license", "promised"))
        self.assertEqual((items.statutory_days, items.promised_days), (20, 3))
        self.assertEqual(len(items.material_ids), 2)
        self.assertTrue(items.online)

    def test_template_needs_login(self):
        response = self.url_open("/dawa/approval/item/template.xlsx", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
