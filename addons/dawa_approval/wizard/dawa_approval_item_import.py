import base64
import csv
import io
import re
import zipfile

import openpyxl

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.i18n import format_list
from odoo.tools.translate import LazyTranslate

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
MATERIAL_SEPARATORS = re.compile(r"[\n;；]")
TRUE_VALUES = {"1", "true", "yes", "y", "是", "√", "x"}
FALSE_VALUES = {"", "0", "false", "no", "n", "否"}
MAX_REPORTED_ERRORS = 20


class CellError(Exception):
    """A cell of the catalogue file that cannot be imported, with the reason."""


class DawaApprovalItemImport(models.TransientModel):
    _name = "dawa.approval.item.import"
    _description = "Import Approval Items"

    file = fields.Binary(required=True)
    filename = fields.Char()

    def action_download_template(self):
        return {
            "type": "ir.actions.act_url",
            "url": "/dawa/approval/item/template.xlsx",
            "target": "download",
        }

    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        vals_list = self._rows_to_vals(rows)
        items = self.env["dawa.approval.item"].create(vals_list)
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
        return [(key, self.env._(label)) for key, label, _required in IMPORT_COLUMNS]

    # ------------------------------------------------------------------
    # reading
    # ------------------------------------------------------------------

    def _read_rows(self):
        """Rows of the file as dicts keyed by column key, with their line number."""
        content = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        try:
            if name.endswith(".xlsx"):
                table = self._read_xlsx(content)
            elif name.endswith(".csv"):
                table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
            else:
                raise UserError(self.env._("Choose an .xlsx or .csv file."))
        except (UnicodeDecodeError, csv.Error, ValueError, KeyError, OSError,
                zipfile.BadZipFile) as error:
            raise UserError(
                self.env._("The file cannot be read (%(error)s).", error=error)
            ) from error
        if not table:
            raise UserError(self.env._("The file is empty."))
        keys = self._header_keys(table[0])
        return [
            (number, {key: self._cell(row, index) for index, key in keys})
            for number, row in enumerate(table[1:], start=2)
            if any(self._cell(row, index) for index, _key in keys)
        ]

    @api.model
    def _read_xlsx(self, content):
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]

    @api.model
    def _cell(self, row, index):
        value = row[index] if index < len(row) else None
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def _header_keys(self, header):
        by_header = {}
        for key, label in self.get_template_columns():
            by_header[key.lower()] = key
            by_header[label.lower()] = key
        keys = []
        for index, title in enumerate(header):
            key = by_header.get(str(title or "").strip().lower())
            if key:
                keys.append((index, key))
        found = {key for _index, key in keys}
        missing = [
            self.env._(label)
            for key, label, required in IMPORT_COLUMNS
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

    # ------------------------------------------------------------------
    # checking
    # ------------------------------------------------------------------

    def _rows_to_vals(self, rows):
        """Check every row and return the values to create; refuse the whole file
        with one message listing every bad row and column."""
        lookups = self._get_lookups(rows)
        labels = dict(self.get_template_columns())
        errors, vals_list = [], []
        for number, row in rows:
            vals, problems = self._row_to_vals(number, row, lookups)
            errors += [
                self.env._("Row %(row)s, column “%(column)s”: %(problem)s",
                           row=number, column=labels[key], problem=problem)
                for key, problem in problems
            ]
            vals_list.append(vals)
        if not vals_list:
            raise UserError(self.env._("The file has no item row."))
        if errors:
            shown = errors[:MAX_REPORTED_ERRORS]
            if len(errors) > MAX_REPORTED_ERRORS:
                shown.append(self.env._("… and %(count)s more problems.",
                                        count=len(errors) - MAX_REPORTED_ERRORS))
            raise ValidationError(
                self.env._("Nothing was imported; correct the file and import it again:")
                + "\n" + "\n".join(shown)
            )
        return vals_list

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
                "the promised time limit (%(promised)s) exceeds the statutory one "
                "(%(statutory)s).", promised=promised, statutory=statutory)))
        if vals.get("case_kind") == "instant" and (promised or statutory):
            problems.append(("case_kind", self.env._(
                "an instant item has time limits of 0 days.")))
        return vals, problems

    # Cell parsers: (column key, cell text, row number, lookups) → values, or CellError.

    def _parse_name(self, key, value, number, lookups):
        if not value:
            raise CellError(self.env._("the item name is missing."))
        return {"name": value}

    def _parse_code(self, key, value, number, lookups):
        if not value:
            return {}
        if value in lookups["existing_codes"]:
            raise CellError(self.env._("code %(code)s already exists.", code=value))
        other = lookups["seen_codes"].setdefault(value, number)
        if other != number:
            raise CellError(self.env._("code %(code)s is also used on row %(other)s.",
                                       code=value, other=other))
        return {"code": value}

    def _parse_department(self, key, value, number, lookups):
        field = "source_agency_id" if key == "department" else "supervising_agency_id"
        if not value:
            if key == "department":
                raise CellError(self.env._("the department is missing."))
            return {}
        agency = lookups["agencies"].get(value.lower())
        if not agency:
            raise CellError(self.env._("unknown department “%(value)s”.", value=value))
        return {field: agency.id}

    def _parse_selection(self, key, value, number, lookups):
        if value.lower() not in lookups[key]:
            raise CellError(self.env._("unknown value “%(value)s”, use one of %(choices)s.",
                                       value=value, choices=self._choices(key)))
        return {key: lookups[key][value.lower()]}

    def _parse_days(self, key, value, number, lookups):
        if not value.isdigit():
            raise CellError(self.env._("“%(value)s” is not a whole number of days.",
                                       value=value))
        return {key: int(value)}

    def _parse_visits(self, key, value, number, lookups):
        if value == "":
            return {}
        if not value.isdigit() or int(value) > 2:
            raise CellError(self.env._("an applicant visits at most twice."))
        return {key: int(value)}

    def _parse_flag(self, key, value, number, lookups):
        if value == "" and key == "online":
            return {}
        if value.lower() in TRUE_VALUES:
            return {key: True}
        if value.lower() in FALSE_VALUES:
            return {key: False}
        raise CellError(self.env._("“%(value)s” is neither yes nor no.", value=value))

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
