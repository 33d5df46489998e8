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


def make_csv(rows, encoding="utf-8"):
    """A CSV file as Excel writes it: CRLF line ends, in ``encoding`` ("utf-8-sig" for
    "CSV UTF-8", "gbk" for "CSV" on a Chinese Windows)."""
    output = io.StringIO()
    csv.writer(output).writerows(rows)
    return output.getvalue().encode(encoding)


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

    def test_non_ascii_and_out_of_range_numbers(self):
        """int() takes "２０", "٢٠" and "२०": the import takes only the digits 0 to 9, and only
        0 to 365 working days (0 to 2 visits)."""
        bad_days = [
            ("２０", "digits 0 to 9"),  # full-width
            ("二十", "digits 0 to 9"),  # Chinese numerals
            ("٢٠", "digits 0 to 9"),  # Arabic-Indic
            ("२०", "digits 0 to 9"),  # Devanagari
            ("2０", "digits 0 to 9"),  # mixed
            ("²", "digits 0 to 9"),  # superscript (str.isdigit() is true)
            ("-3", "negative"),
            ("－3", "negative"),  # full-width minus
            ("+3", "not a whole number"),
            ("20.5", "not a whole number"),
            ("1e2", "not a whole number"),
            ("366", "too large"),
            ("9" * 5000, "too large"),  # int() of 5000 digits raises ValueError
            ("", "empty"),
        ]
        header = [*self.KEY_HEADER, "visits_required"]
        rows = [header]
        for days, _problem in bad_days:
            rows.append([*self._valid_row(f"Days {days[:8]}", statutory_days=days,
                                          promised_days="0"), "1"])
        for visits in ("３", "二", "3", "-1"):
            rows.append([*self._valid_row(f"Visits {visits}"), visits])
        content = make_csv(rows)
        count = self.Item.search_count([])
        with self.assertRaises(ValidationError) as caught:
            self._import(content, "items.csv")
        lines = str(caught.exception).split("\n")
        self.assertIn("Nothing was imported", lines[0])
        for row, (days, problem) in enumerate(bad_days, start=2):
            with self.subTest(days=days[:8]):
                [line] = [line for line in lines
                          if line.startswith(self._cell_ref(row, "statutory_days"))]
                self.assertIn(problem, line)
                self.assertIn("from 0 to 365", line)
        first_visits_row = len(bad_days) + 2
        for row in range(first_visits_row, first_visits_row + 4):
            with self.subTest(row=row):
                [line] = [line for line in lines
                          if line.startswith(self._cell_ref(row, "visits_required"))]
                self.assertIn("0, 1 or 2", line)
        self.assertEqual(self.Item.search_count([]), count)

    def test_numbers_at_the_limits(self):
        header = [*self.KEY_HEADER, "visits_required"]
        content = make_csv([
            header,
            [*self._valid_row("Longest", statutory_days="365", promised_days="365"), "2"],
            [*self._valid_row("Excel decimals", statutory_days="20.0", promised_days="007"),
             "0"],
        ])
        items = self._import(content, "items.csv")
        self.assertEqual(
            sorted(items.mapped(lambda i: (i.statutory_days, i.promised_days,
                                           i.visits_required))),
            [(20, 7, 0), (365, 365, 2)])

    def test_xlsx_numbers_checked_too(self):
        header = [self.labels[key] for key in self.KEY_HEADER]
        content = make_xlsx([
            header,
            ["", "Full-width", "water", "license", "promised", "２０", 5],
            ["", "Too long", "water", "license", "promised", 366, 5],
            ["", "Negative", "water", "license", "promised", 20, -1],
            ["", "Fraction", "water", "license", "promised", 20.5, 5],
            ["", "Huge", "water", "license", "promised", 1e300, 5],
        ])
        self._assert_refused(
            content, "items.xlsx",
            self._cell_ref(2, "statutory_days") + ": “２０” is not written with the digits",
            self._cell_ref(3, "statutory_days") + ": “366” is too large",
            self._cell_ref(4, "promised_days") + ": “-1” is negative",
            self._cell_ref(5, "statutory_days") + ": “20.5” is not a whole number",
            self._cell_ref(6, "statutory_days"),
        )

    # ------------------------------------------------------------------
    # encodings: CSV as Excel saves it
    # ------------------------------------------------------------------

    CHINESE_ROWS = [
        ["code", "name", "department", "item_type", "case_kind", "statutory_days",
         "promised_days", "materials"],
        ["T-ENC-1", "取水许可", "大洼区水利局", "license", "promised", "20", "5",
         "取水许可申请书\n水资源论证报告"],
        ["T-ENC-2", "河道管理范围内建设项目审批", "water", "license", "promised", "20", "10",
         "申请书；工程建设方案"],
        ["T-ENC-3", "水利工程质量监督手续", "water", "filing", "instant", "0", "0", ""],
    ]

    def _assert_chinese_rows_imported(self, content, filename="items.csv"):
        items = self._import(content, filename)
        self.assertEqual(items.mapped("code"), ["T-ENC-1", "T-ENC-2", "T-ENC-3"])
        first = items[0]
        self.assertEqual(first.name, "取水许可")
        self.assertEqual(first.source_agency_id, self.water)
        self.assertEqual(first.material_ids.mapped("name"), ["取水许可申请书", "水资源论证报告"])
        self.assertEqual(items[1].material_ids.mapped("name"), ["申请书", "工程建设方案"])
        self.assertEqual((items[2].case_kind, items[2].statutory_days), ("instant", 0))
        self.assertEqual(set(items.mapped("state")), {"draft"})

    def test_csv_gbk_as_excel_on_chinese_windows(self):
        content = make_csv(self.CHINESE_ROWS, "gbk")
        with self.assertRaises(UnicodeDecodeError):
            content.decode("utf-8")  # the point of the test: this file is not UTF-8
        self._assert_chinese_rows_imported(content)

    def test_csv_gb18030(self):
        rows = [list(row) for row in self.CHINESE_ROWS]
        rows[1][1] = "取水许可（𠮷）"  # outside GBK: four bytes in GB18030
        items = self._import(make_csv(rows, "gb18030"), "items.csv")
        self.assertEqual(items[0].name, "取水许可（𠮷）")

    def test_csv_utf8_with_and_without_bom(self):
        for encoding in ("utf-8-sig", "utf-8"):
            with self.subTest(encoding=encoding):
                rows = [list(row) for row in self.CHINESE_ROWS]
                for row in rows[1:]:
                    row[0] += encoding  # new codes for the second file
                items = self._import(make_csv(rows, encoding), "items.csv")
                # the BOM is not part of the first title ("code")
                self.assertEqual(items.mapped("code"), [row[0] for row in rows[1:]])
                self.assertEqual(items.mapped("name")[0], "取水许可")
                self.assertEqual(items[0].source_agency_id, self.water)

    def test_csv_with_old_mac_line_ends(self):
        content = make_csv(self.CHINESE_ROWS[:2], "utf-8-sig").replace(b"\r\n", b"\r")
        self.assertEqual(self._import(content, "items.csv").name, "取水许可")

    def test_undecodable_csv_names_row_and_column(self):
        """Bytes that are neither UTF-8 nor GB18030 (here a Latin-1 "é" in a GBK file):
        refused with the row and column, nothing imported."""
        content = make_csv(self.CHINESE_ROWS, "gbk").replace(
            "河道管理".encode("gbk"), "Caf".encode("gbk") + b"\xe9\xff")
        message = self._assert_refused(content, "items.csv", self._cell_ref(3, "name"),
                                       "neither UTF-8 nor GBK")
        self.assertEqual(message.count("Row "), 1)
        self.assertNotIn("codec", message)  # not Python's own words

    def test_undecodable_utf8_with_bom(self):
        content = make_csv(self.CHINESE_ROWS, "utf-8-sig").replace(
            "水利工程".encode(), b"\xe6\xb0")  # a character cut in half
        self._assert_refused(content, "items.csv", self._cell_ref(4, "name"))

    def test_utf16_refused_with_advice(self):
        content = "\ufeff".encode("utf-16-le") + "\r\n".join(
            "\t".join(row) for row in self.CHINESE_ROWS).encode("utf-16-le")
        count = self.Item.search_count([])
        with self.assertRaisesText(UserError, "UTF-16", "CSV UTF-8"):
            self._import(content, "items.csv")
        self.assertEqual(self.Item.search_count([]), count)

    # ------------------------------------------------------------------
    # characters no text holds
    # ------------------------------------------------------------------

    def test_nul_bytes_refused_with_row_and_column(self):
        content = make_csv([
            [*self.KEY_HEADER, "remarks"],
            [*self._valid_row(), "fine"],
            [*self._valid_row("Bro\x00ken"), "fine"],
            [*self._valid_row("Fine"), "a\x00b"],  # also in a column the import ignores
        ])
        message = self._assert_refused(content, "items.csv", self._cell_ref(3, "name"),
                                       "NUL", "Row 4, column “remarks”")
        self.assertNotIn("Row 2", message)
        # the same file in GBK
        gbk = make_csv([self.KEY_HEADER, self._valid_row("取水\x00许可")], "gbk")
        self._assert_refused(gbk, "items.csv", self._cell_ref(2, "name"), "NUL")

    def test_nul_in_header_and_control_characters(self):
        content = make_csv([
            ["code", "na\x00me", *self.KEY_HEADER[2:]],
            self._valid_row("Bell\x07"),
        ])
        # a column whose title is unreadable is named by its letter
        self._assert_refused(content, "items.csv", "Row 1, column “B”: This cell holds a NUL",
                             "Row 2, column “B”: This cell holds an invisible control "
                             "character (U+0007)")

    def test_xlsx_control_characters_never_stored(self):
        """XLSX escapes control characters (_x0007_); whether openpyxl turns them back into
        characters depends on its version: then the file is refused, else the text is kept
        as it is, never with a control character."""
        header = [self.labels[key] for key in self.KEY_HEADER]
        content = make_xlsx([header, ["", "Bell\x07 and NUL\x00", "water", "license",
                                      "promised", 20, 5]])
        try:
            items = self._import(content, "items.xlsx")
        except ValidationError as error:
            self.assertIn(self._cell_ref(2, "name"), str(error))
        else:
            self.assertNotRegex(items.name, "[\x00-\x08]")

    def test_utf16_without_bom_is_full_of_nul(self):
        content = "\r\n".join(",".join(row) for row in self.CHINESE_ROWS).encode("utf-16-le")
        self._assert_refused(content, "items.csv", "Row 1, column “A”", "NUL", "more problems")

    # ------------------------------------------------------------------
    # no item comes in published
    # ------------------------------------------------------------------

    def test_state_column_refused(self):
        count = self.Item.search_count([])
        state_label = self.Item._fields["state"]._description_string(self.env)
        for title in ("state", "State", state_label, "Status", "状态"):
            with self.subTest(title=title):
                csv_content = make_csv([[*self.KEY_HEADER, title],
                                        [*self._valid_row(), "published"]])
                with self.assertRaisesText(UserError, f"column “{title}”", "Publish button",
                                           "Nothing was imported"):
                    self._import(csv_content, "items.csv")
        header = [self.labels[key] for key in self.KEY_HEADER]
        xlsx_content = make_xlsx([[*header, state_label],
                                  ["", "Published?", "water", "license", "promised", 20, 5,
                                   "published"]])
        with self.assertRaisesText(UserError, f"column “{state_label}”"):
            self._import(xlsx_content, "items.xlsx")
        agency_label = self.Item._fields["handling_agency_id"]._description_string(self.env)
        for title in ("handling_agency_id", agency_label):
            with self.subTest(title=title):
                content = make_csv([[*self.KEY_HEADER, title],
                                    [*self._valid_row(), "bureau"]])
                with self.assertRaisesText(UserError, f"column “{title}”", "transfer agreement"):
                    self._import(content, "items.csv")
        self.assertEqual(self.Item.search_count([]), count)

    def test_context_defaults_do_not_publish(self):
        """A caller's default_state (any RPC call can send one) does not reach the items."""
        content = make_csv([self.KEY_HEADER, self._valid_row()])
        wizard = self.Import.with_context(
            default_state="published", default_handling_agency_id=self.bureau.id,
        ).create({"file": base64.b64encode(content), "filename": "items.csv"})
        items = self.Item.search(wizard.action_import()["domain"])
        self.assertEqual(items.state, "draft")
        self.assertEqual(items.handling_agency_id, self.water)

    def test_duplicate_column_refused(self):
        content = make_csv([[*self.KEY_HEADER, "name"], [*self._valid_row(), "Other name"]])
        with self.assertRaisesText(UserError, "“name” appears twice", "Nothing was imported"):
            self._import(content, "items.csv")

    def test_damaged_files_never_a_traceback(self):
        good = make_xlsx([self.KEY_HEADER, self._valid_row()])
        cases = [
            (good[: len(good) // 2], "items.xlsx", "Excel workbook"),  # cut short
            (b"PK\x03\x04" + b"\x00" * 200, "items.xlsx", "Excel workbook"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "items.xlsx",
             ".xls"),  # an old .xls renamed
            (b"", "items.csv", "empty"),
            (b"\xef\xbb\xbf", "items.csv", "empty"),
            (make_csv([self.KEY_HEADER, self._valid_row()]), "items.xls", ".xlsx or .csv"),
        ]
        for content, filename, fragment in cases:
            with self.subTest(filename=filename, fragment=fragment), \
                    self.assertRaisesText(UserError, fragment):
                self._import(content, filename)
        # Odoo raises csv's cell size limit to 500 MB; lower it to reach the same refusal
        self.addCleanup(csv.field_size_limit, csv.field_size_limit(1000))
        long_cell = make_csv([self.KEY_HEADER, self._valid_row("x" * 2000)])
        with self.assertRaisesText(UserError, "from line 2 on", "too long"):
            self._import(long_cell, "items.csv")

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
