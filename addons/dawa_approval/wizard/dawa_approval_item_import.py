import base64
import codecs
import csv
import io
import re

import openpyxl
from openpyxl.utils import get_column_letter

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.i18n import format_list
from odoo.tools.misc import clean_context
from odoo.tools.translate import LazyTranslate

from ..models.dawa_approval_item import MAX_TIME_LIMIT_DAYS

_lt = LazyTranslate(__name__)


# Columns of the catalogue file, in template order: (key, label, required).
# A header may be the key (e.g. "statutory_days") or the label in the user's language.
IMPORT_COLUMNS = [
    ("code", _lt("Implementation Code"), False),
    ("basic_code", _lt("Basic Code"), False),
    ("name", _lt("Item Name"), True),
    ("department", _lt("Original Department"), True),
    ("supervising_department", _lt("Supervising Department"), False),
    ("item_type", _lt("Item Type"), True),
    ("case_kind", _lt("Case Kind"), True),
    ("statutory_days", _lt("Statutory Time Limit (working days)"), True),
    ("promised_days", _lt("Promised Time Limit (working days)"), True),
    ("visits_required", _lt("Visits Required"), False),
    ("site_inspection", _lt("Site Inspection"), False),
    ("fee_required", _lt("Fee Charged"), False),
    ("fee_standard", _lt("Fee Standard"), False),
    ("online", _lt("Online Service"), False),
    ("legal_basis", _lt("Legal Basis"), False),
    ("conditions", _lt("Conditions for Approval"), False),
    ("materials", _lt("Application Materials (one per line)"), False),
]
# Fields of an item that only its actions change: a column for them is refused
# rather than silently ignored, so that nobody believes a file can publish items.
PROTECTED_FIELDS = ("state", "handling_agency_id")
MATERIAL_SEPARATORS = re.compile(r"[\n;；]")
TRUE_VALUES = {"1", "true", "yes", "y", "是", "√", "x"}
FALSE_VALUES = {"", "0", "false", "no", "n", "否"}
MAX_REPORTED_ERRORS = 20
# Encodings of a CSV file saved by Excel: "CSV UTF-8" (with a BOM) or "CSV" on a Chinese
# Windows (code page 936, GBK, which GB18030 extends), tried in this order.
CSV_ENCODINGS = ("utf-8", "gb18030")
UNICODE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE,
                codecs.BOM_UTF16_BE)
# Characters no cell may hold: control characters (NUL…) other than tab and line breaks,
# the two Unicode non-characters, and the bytes that could not be decoded (surrogateescape).
# A NUL is read as NUL_STAND_IN (a lone surrogate no decoding yields), as csv before Python
# 3.11 refuses the whole file on a NUL instead of giving its row.
NUL_STAND_IN = "\udc00"
BAD_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\udc00\udc80-\udcff]")
UNDECODED_BYTES = re.compile(r"[\udc80-\udcff]")
SHOWN_LENGTH = 40  # characters of a cell quoted in a message
# A whole number in ASCII digits; Excel may write 20 as "20.0". int() alone would also take
# full-width, Arabic-Indic and other Unicode digits, and signs.
WHOLE_NUMBER = re.compile(r"([0-9]+)(?:\.0+)?")
NEGATIVE_NUMBER = re.compile(r"[-−－]\s*[0-9０-９]")


def shown(value):
    """A cell's text as quoted in a message: its beginning only, if it is long."""
    return value if len(value) <= SHOWN_LENGTH else value[:SHOWN_LENGTH] + "…"


class CellError(Exception):
    """A cell of the catalogue file that cannot be imported, with the reason."""


class DawaApprovalItemImport(models.TransientModel):
    _name = "dawa.approval.item.import"
    _description = "Import Approval Items"
    # (key, label, required) of the template's columns
    _import_columns = IMPORT_COLUMNS

    # not required: the template is downloaded from the same dialog before a file is chosen
    # (the dialog is saved when its button is clicked); the import asks for the file
    file = fields.Binary()
    filename = fields.Char()

    def action_download_template(self):
        return {
            "type": "ir.actions.act_url",
            "url": "/dawa/approval/item/template.xlsx",
            "target": "download",
        }

    def action_import(self):
        self.ensure_one()
        rows, errors = self._read_rows()
        vals_list = self._rows_to_vals(rows, errors)
        # the caller's context defaults (default_state…) never reach the items: they come in
        # as drafts, with only what the file says
        Item = self.env(context=clean_context(self.env.context))["dawa.approval.item"]
        items = Item.create(vals_list)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Items"),
            "res_model": "dawa.approval.item",
            "view_mode": "list,form",
            "domain": [("id", "in", items.ids)],
        }

    @api.model
    def get_template_columns(self):
        """(key, translated header) of every template column."""
        return [(key, self.env._(label)) for key, label, _required in self._import_columns]

    # ------------------------------------------------------------------
    # reading
    # ------------------------------------------------------------------

    def _read_rows(self):
        """Rows of the file as dicts keyed by column key, with their line number, and the
        (row number, message) of the cells that hold characters no text may hold."""
        if not self.file and not self.filename:
            raise UserError(self.env._(
                "Choose the file to import: the template filled in, as .xlsx or .csv."))
        content = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        if name.endswith(".xlsx"):
            table = self._read_xlsx(content)
        elif name.endswith(".csv"):
            table = self._read_csv(content)
        else:
            raise UserError(self.env._(
                "Only an .xlsx or .csv file can be imported. In Excel, use “Save As” and choose "
                "“Excel Workbook (*.xlsx)” or “CSV UTF-8 (Comma delimited) (*.csv)”."))
        if not table or not any(self._cell(table[0], index) for index in range(len(table[0]))):
            raise UserError(self.env._(
                "The file is empty or its first row has no column titles: start from the "
                "template."))
        errors = self._check_characters(table)
        if any(number == 1 for number, _error in errors):
            # without readable titles the rows cannot be checked: report what was found
            self._refuse([error for _number, error in errors])
        keys = self._header_keys(table[0])
        rows = [
            (number, {key: self._cell(row, index) for index, key in keys})
            for number, row in enumerate(table[1:], start=2)
            if any(self._cell(row, index) for index, _key in keys)
        ]
        return rows, errors

    def _read_xlsx(self, content):
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        # a damaged workbook makes openpyxl raise about anything (zip, XML, key, index
        # errors): to a clerk they all mean the same
        except Exception as error:
            raise UserError(self.env._(
                "The file cannot be read as an Excel workbook: it is damaged or in another "
                "format (such as the old .xls). Open it in Excel, save it as “Excel Workbook "
                "(*.xlsx)” and import it again.")) from error

    def _read_csv(self, content):
        text = self._decode_csv(content).replace("\x00", NUL_STAND_IN)
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            return list(reader)
        except csv.Error as error:
            raise UserError(self.env._(
                "The file cannot be read as CSV from line %(line)s on: a cell there is too long "
                "or a quotation mark is not closed. Open the file in Excel, save it again as "
                "CSV and import it again.", line=reader.line_num)) from error

    def _decode_csv(self, content):
        """The text of a CSV file in one of ``CSV_ENCODINGS``. When none fits, the reading
        with the fewest undecodable bytes, which stay in the text as lone surrogates so that
        ``_check_characters`` names the row and column where the file is damaged."""
        if content.startswith(codecs.BOM_UTF8):
            content, encodings = content[len(codecs.BOM_UTF8):], ("utf-8",)
        elif content.startswith(UNICODE_BOMS):
            raise UserError(self.env._(
                "Nothing was imported: the file is saved as Unicode (UTF-16) text, which "
                "cannot be imported. In Excel, use “Save As” and choose “CSV UTF-8 (Comma "
                "delimited) (*.csv)” or “Excel Workbook (*.xlsx)”."))
        else:
            encodings = CSV_ENCODINGS
        readings = []
        for encoding in encodings:
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                readings.append(content.decode(encoding, "surrogateescape"))
        return min(readings, key=lambda text: len(UNDECODED_BYTES.findall(text)))

    def _check_characters(self, table):
        """(row number, message) of every cell that holds a character no text may hold; the
        characters are taken out of ``table``, so that the other checks of the row still
        run (and never quote them)."""
        header = table[0]
        errors = []
        for number, row in enumerate(table, start=1):
            for index, value in enumerate(row):
                found = BAD_CHARACTER.search(value) if isinstance(value, str) else None
                if not found:
                    continue
                if UNDECODED_BYTES.match(found.group()):
                    problem = self.env._(
                        "This cell is neither UTF-8 nor GBK (GB18030) text, so the file cannot "
                        "be read. In Excel, use “Save As” and choose “CSV UTF-8 (Comma "
                        "delimited) (*.csv)” or “Excel Workbook (*.xlsx)”.")
                elif found.group() in ("\x00", NUL_STAND_IN):
                    problem = self.env._(
                        "This cell holds a NUL character (an invisible zero byte), which a text "
                        "file never holds: the file is damaged or not saved as CSV. Save it "
                        "from Excel again.")
                else:
                    # (the code point is formatted outside the call: the term extractor
                    # cannot evaluate an f-string among the arguments of _())
                    code = "U+" + format(ord(found.group()), "04X")
                    problem = self.env._(
                        "This cell holds an invisible control character (%(code)s), which "
                        "cannot be stored. Delete it and import the file again.", code=code)
                errors.append((number, self._cell_error(
                    number, self._column_name(header, index, number), problem)))
        for row in table:
            row[:] = [BAD_CHARACTER.sub("", value) if isinstance(value, str) else value
                      for value in row]
        return errors

    def _column_name(self, header, index, number):
        """How a clerk finds a column: its title (the template's, if it is one of ours), or
        its letter on the title row itself and where the title is blank or unreadable."""
        title = self._cell(header, index)
        if number == 1 or not title or BAD_CHARACTER.search(title):
            return get_column_letter(index + 1)
        return dict(self._header_titles()).get(title.lower(), title)

    @api.model
    def _cell(self, row, index):
        value = row[index] if index < len(row) else None
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def _header_titles(self):
        """(lower-case title, translated template label) of every title a column may have:
        its key or its label in the user's language."""
        titles = []
        for key, label in self.get_template_columns():
            titles += [(key.lower(), label), (label.lower(), label)]
        return titles

    def _header_keys(self, header):
        by_header = {}
        for key, label in self.get_template_columns():
            by_header[key.lower()] = key
            by_header[label.lower()] = key
        protected = self._protected_titles()
        keys = []
        for index in range(len(header)):
            title = self._cell(header, index)
            if title.lower() in protected:
                raise UserError(self.env._(
                    "Nothing was imported: the file has a column “%(column)s”, which an import "
                    "cannot set. %(reason)s Remove the column and import the file again.",
                    column=title, reason=protected[title.lower()]))
            key = by_header.get(title.lower())
            if key in {other for _index, other in keys}:
                raise UserError(self.env._(
                    "Nothing was imported: the column “%(column)s” appears twice in the file. "
                    "Keep only one and import the file again.", column=title))
            if key:
                keys.append((index, key))
        found = {key for _index, key in keys}
        missing = [
            self.env._(label)
            for key, label, required in self._import_columns
            if required and key not in found
        ]
        if missing:
            raise UserError(
                self.env._(
                    "The file lacks the column(s) %(columns)s: start from the template.",
                    columns=format_list(self.env, missing),
                )
            )
        return keys

    def _protected_titles(self):
        """Titles of a column for a field only the item's actions change (its name and its
        label in every installed language) → why the import refuses it."""
        reasons = {
            "state": self.env._(
                "Imported items are always drafts: an item is published with its Publish "
                "button once it has been checked."),
            "handling_agency_id": self.env._(
                "An item's implementing agency changes only when its department's transfer "
                "agreement is completed."),
        }
        Item = self.env["dawa.approval.item"]
        # the titles a Chinese clerk writes whatever the language of the back office
        titles = {"status": reasons["state"], "状态": reasons["state"],
                  "事项状态": reasons["state"], "实施主体": reasons["handling_agency_id"]}
        for field_name in PROTECTED_FIELDS:
            titles[field_name] = reasons[field_name]
            for lang, _name in self.env["res.lang"].get_installed():
                label = Item._fields[field_name]._description_string(self.with_context(
                    lang=lang).env)
                titles[label.lower()] = reasons[field_name]
        return titles

    # ------------------------------------------------------------------
    # checking
    # ------------------------------------------------------------------

    def _rows_to_vals(self, rows, errors=()):
        """Check every row and return the values to create; refuse the whole file
        with one message listing every bad row and column, with ``errors`` (row number,
        message) found while reading it."""
        lookups = self._get_lookups(rows)
        labels = dict(self.get_template_columns())
        errors, vals_list = list(errors), []
        for number, row in rows:
            vals, problems = self._row_to_vals(number, row, lookups)
            errors += [(number, self._cell_error(number, labels[key], problem))
                       for key, problem in problems]
            vals_list.append(vals)
        if errors:
            errors.sort(key=lambda error: error[0])  # stable: by row, then as found
            self._refuse([error for _number, error in errors])
        if not vals_list:
            raise UserError(self.env._("The file has no item row."))
        return vals_list

    def _cell_error(self, number, column, problem):
        return self.env._("Row %(row)s, column “%(column)s”: %(problem)s",
                          row=number, column=column, problem=problem)

    def _refuse(self, errors):
        """Refuse the whole file, listing its first problems."""
        shown = errors[:MAX_REPORTED_ERRORS]
        if len(errors) > MAX_REPORTED_ERRORS:
            shown.append(self.env._("… and %(count)s more problems.",
                                    count=len(errors) - MAX_REPORTED_ERRORS))
        raise ValidationError(
            self.env._("Nothing was imported; correct the file and import it again:")
            + "\n" + "\n".join(shown)
        )

    def _get_lookups(self, rows):
        """What the cells are checked against, read once for the whole file."""
        agencies = {}
        for agency in self.env["dawa.agency"].with_context(active_test=False).search([]):
            agencies[agency.code.lower()] = agencies[agency.name.lower()] = agency
        codes = [row["code"] for _number, row in rows if row.get("code")]
        return {
            "agencies": agencies,
            "item_type": self._selection_lookup("item_type"),
            "case_kind": self._selection_lookup("case_kind"),
            "existing_codes": set(self.env["dawa.approval.item"].with_context(
                active_test=False).search([("code", "in", codes)]).mapped("code")),
            "seen_codes": {},
        }

    def _row_to_vals(self, number, row, lookups):
        """Values of one row and its problems as (column key, problem) pairs."""
        vals, problems = {}, []
        for key, parse in (
            ("name", self._parse_name), ("code", self._parse_code),
            ("department", self._parse_department),
            ("supervising_department", self._parse_department),
            ("item_type", self._parse_selection), ("case_kind", self._parse_selection),
            ("statutory_days", self._parse_days), ("promised_days", self._parse_days),
            ("visits_required", self._parse_visits), ("site_inspection", self._parse_flag),
            ("fee_required", self._parse_flag), ("online", self._parse_flag),
            ("materials", self._parse_materials),
        ):
            try:
                vals.update(parse(key, row.get(key, ""), number, lookups))
            except CellError as error:
                problems.append((key, error.args[0]))
        vals.update({key: row[key] for key in ("basic_code", "fee_standard", "legal_basis",
                                               "conditions") if row.get(key)})
        promised, statutory = vals.get("promised_days"), vals.get("statutory_days")
        if promised is not None and statutory is not None and promised > statutory:
            problems.append(("promised_days", self.env._(
                "The promised time limit (%(promised)s working days) is longer than the "
                "statutory one (%(statutory)s working days); it may be at most as long.",
                promised=promised, statutory=statutory)))
        if vals.get("case_kind") == "instant" and (promised or statutory):
            problems.append(("case_kind", self.env._(
                "An instant item is decided in one sitting: set both of its time limits to 0.")))
        return vals, problems

    # Cell parsers: (column key, cell text, row number, lookups) → values, or CellError.

    def _parse_name(self, key, value, number, lookups):
        if not value:
            raise CellError(self.env._("The item name is missing."))
        return {"name": value}

    def _parse_code(self, key, value, number, lookups):
        if not value:
            return {}
        if value in lookups["existing_codes"]:
            raise CellError(self.env._(
                "An item with the code %(code)s already exists. Leave the code empty to get a "
                "new one, or remove the row.", code=shown(value)))
        other = lookups["seen_codes"].setdefault(value, number)
        if other != number:
            raise CellError(self.env._(
                "The code %(code)s is also used on row %(other)s; each item needs its own code.",
                code=shown(value), other=other))
        return {"code": value}

    def _parse_department(self, key, value, number, lookups):
        field = "source_agency_id" if key == "department" else "supervising_agency_id"
        if not value:
            if key == "department":
                raise CellError(self.env._(
                    "The department is missing; write its code or its name."))
            return {}
        agency = lookups["agencies"].get(value.lower())
        if not agency:
            raise CellError(self.env._(
                "There is no department “%(value)s”; write the code or the name of one of the "
                "agencies.", value=shown(value)))
        return {field: agency.id}

    def _parse_selection(self, key, value, number, lookups):
        if value.lower() not in lookups[key]:
            raise CellError(self.env._(
                "“%(value)s” is not one of the possible values; write %(choices)s.",
                value=shown(value), choices=self._choices(key)))
        return {key: lookups[key][value.lower()]}

    def _parse_days(self, key, value, number, lookups):
        return {key: self._parse_whole_number(value, MAX_TIME_LIMIT_DAYS, self.env._(
            "Write a whole number of working days from 0 to %(maximum)s, such as 20.",
            maximum=MAX_TIME_LIMIT_DAYS))}

    def _parse_visits(self, key, value, number, lookups):
        if value == "":
            return {}
        return {key: self._parse_whole_number(value, 2, self.env._(
            "Write how many times the applicant comes to the window: 0, 1 or 2."))}

    def _parse_whole_number(self, value, maximum, hint):
        """The whole number from 0 to ``maximum`` a cell holds in ASCII digits, or a
        CellError made of what is wrong with it and ``hint``."""
        match = WHOLE_NUMBER.fullmatch(value)
        if match:
            digits = match.group(1).lstrip("0") or "0"
            # compare the length first: int() of thousands of digits is slow or refused
            if len(digits) <= len(str(maximum)) and int(digits) <= maximum:
                return int(digits)
            problem = self.env._("“%(value)s” is too large.", value=shown(value))
        elif not value:
            problem = self.env._("The cell is empty.")
        elif NEGATIVE_NUMBER.match(value):
            problem = self.env._("“%(value)s” is negative.", value=shown(value))
        elif any(char.isnumeric() and not char.isascii() for char in value):
            problem = self.env._(
                "“%(value)s” is not written with the digits 0 to 9 (full-width, Chinese and "
                "other numerals are not accepted).", value=shown(value))
        else:
            problem = self.env._("“%(value)s” is not a whole number.", value=shown(value))
        raise CellError(self.env._("%(problem)s %(hint)s", problem=problem, hint=hint))

    def _parse_flag(self, key, value, number, lookups):
        if value == "" and key == "online":
            return {}
        if value.lower() in TRUE_VALUES:
            return {key: True}
        if value.lower() in FALSE_VALUES:
            return {key: False}
        raise CellError(self.env._("“%(value)s” is neither yes nor no; write Yes or No.",
                                   value=shown(value)))

    def _parse_materials(self, key, value, number, lookups):
        names = [name.strip() for name in MATERIAL_SEPARATORS.split(value) if name.strip()]
        return {"material_ids": [
            fields.Command.create({"name": name, "sequence": index})
            for index, name in enumerate(names, start=1)
        ]} if names else {}

    def _selection_lookup(self, field_name):
        """Selection keys and labels (English and translated) → key."""
        field = self.env["dawa.approval.item"]._fields[field_name]
        lookup = {key: key for key, _label in field.selection}
        lookup.update({label.lower(): key for key, label in field.selection})
        lookup.update(
            {label.lower(): key for key, label in field._description_selection(self.env)}
        )
        return lookup

    def _choices(self, field_name):
        field = self.env["dawa.approval.item"]._fields[field_name]
        return format_list(
            self.env, [label for _key, label in field._description_selection(self.env)],
            style="or")

    @api.model
    def _get_template_example(self):
        """One example row of the template, in the user's language."""
        item = self.env["dawa.approval.item"]
        item_types = dict(item._fields["item_type"]._description_selection(self.env))
        case_kinds = dict(item._fields["case_kind"]._description_selection(self.env))
        return {
            "name": self.env._("Road freight transport business licence"),
            "department": self.env.ref("dawa_approval.agency_transport").name,
            "supervising_department": self.env.ref("dawa_approval.agency_transport").name,
            "item_type": item_types["license"],
            "case_kind": case_kinds["promised"],
            "statutory_days": 20,
            "promised_days": 3,
            "visits_required": 1,
            "site_inspection": self.env._("No"),
            "fee_required": self.env._("No"),
            "online": self.env._("Yes"),
            "legal_basis": self.env._(
                "Regulations of the People's Republic of China on Road Transport"),
            "materials": self.env._("Application form\nCopy of the business licence"),
        }
