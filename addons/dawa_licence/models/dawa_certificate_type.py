import functools
import subprocess

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import config

from ..tools import certificates

LAYOUTS = [("default", "Default Layout")]
# the QWeb template of each layout: it draws the licence's fields at their places in
# millimetres (report/dawa_licence_certificate_templates.xml)
LAYOUT_TEMPLATES = {"default": "dawa_licence.certificate_layout_default"}
# how far a printer may be off: beyond this the form does not fit the tray
MAX_OFFSET_MM = 30.0
# wkhtmltopdf built on an unpatched Qt (Debian's) ignores --disable-smart-shrinking and draws
# a CSS millimetre as 1/1.3 mm: the certificate page is zoomed by this factor there, so that
# a field placed at 190 mm prints at 190 mm (measured: within 0.2 mm over the A4 width). The
# option dawa_certificate_zoom of the configuration file overrides it for another build.
UNPATCHED_QT_ZOOM = 1.3
ZOOM_OPTION = "dawa_certificate_zoom"


@functools.lru_cache(maxsize=1)
def wkhtmltopdf_zoom():
    """The zoom of the certificate pages for the installed wkhtmltopdf: 1 with a patched Qt,
    ``UNPATCHED_QT_ZOOM`` without."""
    configured = str(config.get(ZOOM_OPTION) or "").strip()
    if configured:
        return float(configured)
    from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

    try:
        version = subprocess.run([_get_wkhtmltopdf_bin(), "--version"], capture_output=True,
                                 text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return 1.0
    return 1.0 if "patched qt" in version else UNPATCHED_QT_ZOOM


class DawaCertificateType(models.Model):
    """A kind of pre-printed certificate form (制式证书): the licences of its items print on
    it. Its layout says where each field goes; the offsets move all of them for the printer
    at hand (套打), calibrated with the alignment page. Its blank forms are numbered stock,
    received in batches and accounted for one by one (``dawa.certificate.stock``)."""

    _name = "dawa.certificate.type"
    _description = "Certificate Form Type"
    _order = "name, id"

    name = fields.Char(
        required=True,
        help="The form's name as the printer knows it, e.g. 建筑工程施工许可证（正本）.")
    code = fields.Char(required=True, help="A short code, unique.")
    active = fields.Boolean(default=True)
    item_ids = fields.One2many(
        "dawa.approval.item", "certificate_type_id", string="Approval Items",
        help="The items whose licences print on this form.")
    layout = fields.Selection(
        LAYOUTS, required=True, default="default",
        help="Where the fields of the licence go on the form.")
    offset_x_mm = fields.Float(
        string="Offset Right (mm)", digits=(4, 1),
        help="Moves every printed field right (negative: left), to fit the printer.")
    offset_y_mm = fields.Float(
        string="Offset Down (mm)", digits=(4, 1),
        help="Moves every printed field down (negative: up), to fit the printer.")
    serial_prefix = fields.Char(
        help="The letters printed before the number of each blank form, e.g. J.")
    serial_padding = fields.Integer(
        string="Serial Digits", default=7, help="Digits of a form's number.")
    stock_ids = fields.One2many("dawa.certificate.stock", "certificate_type_id",
                                string="Batches Received")
    form_ids = fields.One2many("dawa.certificate.form", "certificate_type_id",
                               string="Blank Forms")
    received_count = fields.Integer(string="Received", compute="_compute_counts")
    on_hand_count = fields.Integer(string="On Hand", compute="_compute_counts")
    issued_count = fields.Integer(string="Issued", compute="_compute_counts")
    voided_count = fields.Integer(string="Voided", compute="_compute_counts")
    missing_serials = fields.Char(
        compute="_compute_gaps",
        help="Serials between the batches received that no batch holds.")
    skipped_serials = fields.Char(
        compute="_compute_gaps",
        help="Forms still on hand below the last form issued: the printing takes the forms "
        "in order, so these were passed over (look for them).")

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another certificate form type already has this code."),
    ]

    @api.depends("form_ids.state")
    def _compute_counts(self):
        counts = {}
        for certificate_type, state, count in self.env["dawa.certificate.form"]._read_group(
                [("certificate_type_id", "in", self.ids)],
                ["certificate_type_id", "state"], ["__count"]):
            counts.setdefault(certificate_type.id, {})[state] = count
        for certificate_type in self:
            own = counts.get(certificate_type.id, {})
            certificate_type.on_hand_count = own.get("on_hand", 0)
            certificate_type.issued_count = own.get("issued", 0)
            certificate_type.voided_count = own.get("voided", 0)
            certificate_type.received_count = sum(own.values())

    @api.depends("form_ids.state", "stock_ids.state")
    def _compute_gaps(self):
        numbers = {}
        for form in self.env["dawa.certificate.form"].search_read(
                [("certificate_type_id", "in", self.ids), ("state", "in", ("on_hand", "issued"))],
                ["certificate_type_id", "number", "state"], load=None):
            numbers.setdefault((form["certificate_type_id"], form["state"]), []).append(
                form["number"])
        for certificate_type in self:
            prefix, padding = certificate_type.serial_prefix or "", certificate_type.serial_padding
            received = [(stock.serial_first, stock.serial_last)
                        for stock in certificate_type.stock_ids if stock.state == "received"]
            certificate_type.missing_serials = certificates.format_ranges(
                certificates.missing_ranges(received), prefix, padding) or False
            skipped = certificates.skipped(
                numbers.get((certificate_type.id, "issued"), []),
                numbers.get((certificate_type.id, "on_hand"), []))
            certificate_type.skipped_serials = certificates.format_ranges(
                certificates.ranges(skipped), prefix, padding) or False

    @api.constrains("offset_x_mm", "offset_y_mm", "serial_padding")
    def _check_offsets(self):
        for certificate_type in self:
            if abs(certificate_type.offset_x_mm) > MAX_OFFSET_MM \
                    or abs(certificate_type.offset_y_mm) > MAX_OFFSET_MM:
                raise ValidationError(self.env._(
                    "The printing offsets are at most %(max)s mm either way: measure again "
                    "on the alignment page.", max=MAX_OFFSET_MM))
            if not 1 <= certificate_type.serial_padding <= certificates.MAX_PADDING:
                raise ValidationError(self.env._(
                    "A form's number has from 1 to %(max)s digits.",
                    max=certificates.MAX_PADDING))

    def _get_layout_template(self):
        self.ensure_one()
        return LAYOUT_TEMPLATES[self.layout]

    @api.model
    def _get_page_zoom(self):
        """The CSS zoom of a certificate page (``wkhtmltopdf_zoom()``)."""
        return wkhtmltopdf_zoom()

    def _get_alignment_values(self):
        """The placeholders the alignment page prints in the box of each field."""
        self.ensure_one()
        env = self.env
        return {
            "title": self.name,
            "number": env._("(licence number)"),
            "holder": env._("(holder)"),
            "code_label": env._("Unified Social Credit Code"),
            "code": env._("(credit code or ID number)"),
            "scope": env._("(scope or content, several lines)"),
            "validity": env._("(valid from, to)"),
            "identifier": env._("(licence identifier)"),
            "authority": env._("(issuing authority)"),
            "issue_date": env._("(date of issue)"),
            "version": 1,
            "verification_url": "",
        }

    def action_print_alignment_page(self):
        """The alignment page on plain paper: a millimetre frame and the box of every field
        at the offsets set; laid over a blank form against the light, it shows how far to
        move them. It uses no form."""
        self.ensure_one()
        return self.env.ref("dawa_licence.action_report_certificate_alignment").report_action(
            self)

    def action_view_forms(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_licence.dawa_certificate_form_action")
        action.update({"domain": [("certificate_type_id", "=", self.id)],
                       "context": {"search_default_group_state": 1}})
        return action
