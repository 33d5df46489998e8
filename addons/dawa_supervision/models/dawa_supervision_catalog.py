from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dawa_approval.models.dawa_approval_item import MAX_TIME_LIMIT_DAYS

FREQUENCIES = [
    ("per_licence", "Once per Licence"),
    ("yearly", "Once a Year"),
    ("half_yearly", "Twice a Year"),
    ("quarterly", "Once a Quarter"),
    ("random", "Random Inspection"),
]
# Working days of the first check and of a commitment verification when no catalogue entry
# says otherwise (settings).
DEFAULT_FIRST_CHECK_DAYS = 20
DEFAULT_VERIFICATION_DAYS = 10


class DawaSupervisionCatalog(models.Model):
    """监管事项目录清单 / 责任清单 (国办函〔2018〕73号, 互联网+监管): who supervises an approval
    item after the bureau has approved it, and how. A catalogue entry wins over the item's
    supervising department when results are pushed; an item may have several entries (one
    per supervising department)."""

    _name = "dawa.supervision.catalog"
    _description = "Supervision Catalogue Entry"
    _inherit = ["mail.thread", "dawa.derived.fields.mixin"]
    _order = "agency_id, sequence, id"
    _rec_names_search = ["item_id", "check_code", "check_object"]

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    item_id = fields.Many2one(
        "dawa.approval.item", string="Approval Item", required=True, index=True,
        ondelete="restrict", tracking=True)
    item_code = fields.Char(related="item_id.code", string="Implementation Code")
    agency_id = fields.Many2one(
        "dawa.agency", string="Supervising Department", required=True, index=True,
        tracking=True, help="The department that supervises the licences approved for this "
        "item: it receives the approval results and checks them.")
    check_code = fields.Char(
        string="Inspection List Code", tracking=True,
        help="Code of the item in the inspection implementation list (检查实施清单).")
    check_object = fields.Char(
        string="Inspected Party", help="Who or what is checked, e.g. the licence holder and "
        "its business premises.")
    measure_ids = fields.Many2many(
        "dawa.supervision.measure", string="Supervision Measures",
        help="Written check, online monitoring, on-site inspection, public disclosure.")
    # not stored: the names are translated, the line is read in the reader's language
    measures = fields.Char(
        compute="_compute_measures",
        help="The supervision measures, as one line.")
    frequency = fields.Selection(FREQUENCIES, required=True, default="per_licence", tracking=True)
    basis = fields.Text(string="Legal Basis of Supervision")
    first_check_days = fields.Integer(
        string="First Check Within", required=True, default=DEFAULT_FIRST_CHECK_DAYS,
        tracking=True, aggregator=None,
        help="Working days after the approval within which the department makes its first "
        "check: the deadline of the pushed task.")
    verification_days = fields.Integer(
        string="Commitment Verification Within", required=True,
        default=DEFAULT_VERIFICATION_DAYS, tracking=True, aggregator=None,
        help="Working days after an approval on the applicant's written commitment within "
        "which the department verifies the commitment; at most the first check's limit.")
    verification_measure_id = fields.Many2one(
        "dawa.supervision.measure", string="Verification Method",
        default=lambda self: self.env.ref(
            "dawa_supervision.measure_site", raise_if_not_found=False),
        help="How a commitment is verified, usually an on-site inspection.")
    note = fields.Text()

    _sql_constraints = [
        ("item_agency_unique", "unique(item_id, agency_id)",
         "This department already has a catalogue entry for this item."),
    ]

    @api.depends("measure_ids.name", "measure_ids.sequence")
    def _compute_measures(self):
        for entry in self:
            entry.measures = self.env._("; ").join(entry.measure_ids.sorted().mapped("name"))

    @api.depends("item_id", "agency_id")
    def _compute_display_name(self):
        for entry in self:
            entry.display_name = self.env._(
                "%(item)s (%(agency)s)", item=entry.item_id.name or "",
                agency=entry.agency_id.name or "")

    @api.constrains("first_check_days", "verification_days")
    def _check_days(self):
        for entry in self:
            for field_name in ("first_check_days", "verification_days"):
                if not 0 <= entry[field_name] <= MAX_TIME_LIMIT_DAYS:
                    raise ValidationError(self.env._(
                        "%(entry)s: the %(field)s must be from 0 to %(maximum)s working days, "
                        "not %(days)s.",
                        entry=entry.display_name,
                        field=entry._fields[field_name]._description_string(self.env),
                        maximum=MAX_TIME_LIMIT_DAYS, days=entry[field_name]))
            if entry.verification_days > entry.first_check_days:
                raise ValidationError(self.env._(
                    "%(entry)s: a commitment is verified sooner than the first check, so its "
                    "limit (%(verification)s working days) cannot exceed %(first)s working days.",
                    entry=entry.display_name, verification=entry.verification_days,
                    first=entry.first_check_days))
