import re

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.i18n import format_list
from odoo.tools.misc import clean_context
from odoo.tools.translate import LazyTranslate

from odoo.addons.dawa_approval.models.dawa_approval_item import MAX_TIME_LIMIT_DAYS
from odoo.addons.dawa_approval.wizard.dawa_approval_item_import import CellError, shown

from ..models.dawa_supervision_catalog import DEFAULT_VERIFICATION_DAYS

_lt = LazyTranslate(__name__)

# Columns of the supervision catalogue file, in template order: (key, label, required).
IMPORT_COLUMNS = [
    ("item_code", _lt("Implementation Code"), True),
    ("item_name", _lt("Item Name"), False),
    ("department", _lt("Supervising Department"), True),
    ("check_code", _lt("Inspection List Code"), False),
    ("check_object", _lt("Inspected Party"), False),
    ("measures", _lt("Supervision Measures"), False),
    ("frequency", _lt("Frequency"), True),
    ("first_check_days", _lt("First Check Within (working days)"), True),
    ("verification_days", _lt("Commitment Verification Within (working days)"), False),
    ("verification_measure", _lt("Verification Method"), False),
    ("basis", _lt("Legal Basis of Supervision"), False),
]
MEASURE_SEPARATORS = re.compile(r"[\n;；,，、/]")


class DawaSupervisionCatalogImport(models.TransientModel):
    """Import the supervision catalogue from XLSX or CSV: the reading, character checks and
    row-level errors of the item import (one message listing every bad row and column;
    nothing imported while one is wrong). A row for an item and department already in the
    catalogue updates that entry."""

    _name = "dawa.supervision.catalog.import"
    _inherit = "dawa.approval.item.import"
    _description = "Import Supervision Catalogue"
    _import_columns = IMPORT_COLUMNS

    def action_download_template(self):
        return {
            "type": "ir.actions.act_url",
            "url": "/dawa/supervision/catalog/template.xlsx",
            "target": "download",
        }

    def action_import(self):
        self.ensure_one()
        rows, errors = self._read_rows()
        if not rows and not errors:
            raise UserError(self.env._("The file has no catalogue row."))
        vals_list = self._rows_to_vals(rows, errors)
        # the caller's context defaults never reach the entries
        Catalog = self.env(context=clean_context(self.env.context))["dawa.supervision.catalog"]
        existing = {
            (entry.item_id.id, entry.agency_id.id): entry
            for entry in Catalog.with_context(active_test=False).search([
                ("item_id", "in", [vals["item_id"] for vals in vals_list]),
            ])
        }
        entries = Catalog.browse()
        to_create = []
        for vals in vals_list:
            entry = existing.get((vals["item_id"], vals["agency_id"]))
            if entry:
                entry.write({**vals, "active": True})
                entries |= entry
            else:
                to_create.append(vals)
        entries |= Catalog.create(to_create)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Catalogue Entries"),
            "res_model": "dawa.supervision.catalog",
            "view_mode": "list,form",
            "domain": [("id", "in", entries.ids)],
        }

    def _protected_titles(self):
        return {}

    # ------------------------------------------------------------------
    # checking
    # ------------------------------------------------------------------

    def _get_lookups(self, rows):
        agencies = {}
        for agency in self.env["dawa.agency"].with_context(active_test=False).search([]):
            agencies[agency.code.lower()] = agencies[agency.name.lower()] = agency
        Item = self.env["dawa.approval.item"].with_context(active_test=False)
        codes = [row["item_code"] for _number, row in rows if row.get("item_code")]
        names = [row["item_name"] for _number, row in rows
                 if row.get("item_name") and not row.get("item_code")]
        items_by_code = {item.code: item for item in Item.search([("code", "in", codes)])}
        items_by_name = {}
        for item in Item.search([("name", "in", names)]) if names else Item:
            items_by_name.setdefault(item.name, []).append(item)
        measures = {}
        for measure in self.env["dawa.supervision.measure"].search([]):
            measures[measure.code.lower()] = measures[measure.name.lower()] = measure
            english = measure.with_context(lang="en_US").name
            measures[english.lower()] = measure
        Catalog = self.env["dawa.supervision.catalog"]
        frequency = Catalog._fields["frequency"]
        frequencies = {key: key for key, _label in frequency.selection}
        frequencies.update({label.lower(): key for key, label in frequency.selection})
        frequencies.update(
            {label.lower(): key for key, label in frequency._description_selection(self.env)})
        return {
            "agencies": agencies,
            "items_by_code": items_by_code,
            "items_by_name": items_by_name,
            "measures": measures,
            "frequency": frequencies,
            "seen": {},
        }

    def _row_to_vals(self, number, row, lookups):
        vals, problems = {}, []
        for key, parse in (
            ("item_code", self._parse_item), ("department", self._parse_agency),
            ("measures", self._parse_measures), ("frequency", self._parse_frequency),
            ("first_check_days", self._parse_catalog_days),
            ("verification_days", self._parse_catalog_days),
            ("verification_measure", self._parse_verification_measure),
        ):
            try:
                vals.update(parse(key, row.get(key, ""), row, lookups))
            except CellError as error:
                problems.append((key, error.args[0]))
        vals.update({key: row[key] for key in ("check_code", "check_object", "basis")
                     if row.get(key)})
        first = vals.get("first_check_days")
        if first is not None and "verification_days" not in vals and not row.get(
                "verification_days"):
            vals["verification_days"] = min(DEFAULT_VERIFICATION_DAYS, first)
        verification = vals.get("verification_days")
        if first is not None and verification is not None and verification > first:
            problems.append(("verification_days", self.env._(
                "A commitment is verified sooner than the first check: %(verification)s "
                "working days is longer than the %(first)s of the first check.",
                verification=verification, first=first)))
        if vals.get("item_id") and vals.get("agency_id"):
            pair = (vals["item_id"], vals["agency_id"])
            other = lookups["seen"].setdefault(pair, number)
            if other != number:
                problems.append(("department", self.env._(
                    "Row %(other)s already gives this department for this item; keep one row "
                    "per item and department.", other=other)))
        return vals, problems

    # Cell parsers: (column key, cell text, row, lookups) → values, or CellError.

    def _parse_item(self, key, value, row, lookups):
        if value:
            item = lookups["items_by_code"].get(value)
            if not item:
                raise CellError(self.env._(
                    "There is no approval item with the code %(code)s.", code=shown(value)))
            return {"item_id": item.id}
        name = row.get("item_name", "")
        if not name:
            raise CellError(self.env._(
                "The item is missing; write its implementation code."))
        found = lookups["items_by_name"].get(name, [])
        if len(found) != 1:
            raise CellError(self.env._(
                "The item “%(name)s” cannot be found by its name alone; write its "
                "implementation code.", name=shown(name)))
        return {"item_id": found[0].id}

    def _parse_agency(self, key, value, row, lookups):
        if not value:
            raise CellError(self.env._(
                "The supervising department is missing; write its code or its name."))
        agency = lookups["agencies"].get(value.lower())
        if not agency:
            raise CellError(self.env._(
                "There is no department “%(value)s”; write the code or the name of one of the "
                "agencies.", value=shown(value)))
        return {"agency_id": agency.id}

    def _parse_measures(self, key, value, row, lookups):
        names = [name.strip() for name in MEASURE_SEPARATORS.split(value) if name.strip()]
        measures = []
        for name in names:
            measure = lookups["measures"].get(name.lower())
            if not measure:
                raise CellError(self.env._(
                    "“%(value)s” is not a supervision measure; write %(choices)s.",
                    value=shown(name), choices=self._measure_choices()))
            measures.append(measure.id)
        return {"measure_ids": [(6, 0, measures)]} if measures else {}

    def _parse_verification_measure(self, key, value, row, lookups):
        if not value:
            return {}
        measure = lookups["measures"].get(value.lower())
        if not measure:
            raise CellError(self.env._(
                "“%(value)s” is not a supervision measure; write %(choices)s.",
                value=shown(value), choices=self._measure_choices()))
        return {"verification_measure_id": measure.id}

    def _parse_frequency(self, key, value, row, lookups):
        found = lookups["frequency"].get(value.lower())
        if not found:
            field = self.env["dawa.supervision.catalog"]._fields["frequency"]
            raise CellError(self.env._(
                "“%(value)s” is not one of the possible values; write %(choices)s.",
                value=shown(value), choices=format_list(
                    self.env, [label for _key, label in field._description_selection(self.env)],
                    style="or")))
        return {"frequency": found}

    def _parse_catalog_days(self, key, value, row, lookups):
        if value == "" and key == "verification_days":
            return {}
        return {key: self._parse_whole_number(value, MAX_TIME_LIMIT_DAYS, self.env._(
            "Write a whole number of working days from 0 to %(maximum)s, such as 20.",
            maximum=MAX_TIME_LIMIT_DAYS))}

    def _measure_choices(self):
        return format_list(
            self.env, self.env["dawa.supervision.measure"].search([]).mapped("name"),
            style="or")

    @api.model
    def _get_template_example(self):
        housing = self.env.ref("dawa_approval.agency_housing")
        field = self.env["dawa.supervision.catalog"]._fields["frequency"]
        measures = self.env["dawa.supervision.measure"].search([], limit=2)
        return {
            "item_code": "21110403001",
            "item_name": self.env._("Construction works permit"),
            "department": housing.name,
            "check_code": "211104-JG-ZJ-001",
            "check_object": self.env._("The licence holder and its construction site"),
            "measures": self.env._("; ").join(measures.mapped("name")),
            "frequency": dict(field._description_selection(self.env))["per_licence"],
            "first_check_days": 20,
            "verification_days": 10,
            "verification_measure": self.env.ref("dawa_supervision.measure_site").name,
            "basis": self.env._("Construction Law of the People's Republic of China, art. 7"),
        }
