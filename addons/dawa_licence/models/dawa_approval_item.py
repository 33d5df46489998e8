from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import licences

RESULT_KINDS = [
    ("licence", "Licence"),
    ("approval_document", "Approval Document"),
    ("other", "Other"),
]


class DawaApprovalItem(models.Model):
    """What an approval of the item results in (行政许可法 §39: a licence, an approval
    document…) and, for a licence, its name, numbering rule and validity."""

    _inherit = "dawa.approval.item"

    result_kind = fields.Selection(
        RESULT_KINDS, string="Result", compute="_compute_result_kind", store=True,
        readonly=False, precompute=True, required=True,
        help="Licence: sealing an approval issues a numbered licence in the register. "
        "Approval document: the decision itself is the result. By default, an "
        "administrative licence item issues a licence.")
    licence_name = fields.Char(
        help="The licence's name as printed on it, e.g. 建筑工程施工许可证; by default the "
        "item's name.")
    licence_prefix = fields.Char(
        string="Licence Number Prefix",
        help="Numbering rule: the prefix, then the year and the serial of the year (大洼建施"
        " → 大洼建施202600017). Items with the same prefix issue one licence type and share "
        "its numbering; by default the item's code.")
    licence_padding = fields.Integer(
        string="Serial Digits", default=5, help="Digits of the serial of the year.")
    licence_validity_months = fields.Integer(
        string="Validity (Months)",
        help="How long a licence is valid from its issue; 0: no end. A decision may set "
        "another last day.")
    licence_type_code = fields.Char(
        help="Licence type code (证照类型代码, GB/T 36902), given by the licence's defining "
        "body: its unified social credit code and a 3-digit number. Without it the "
        "licences get no electronic licence identifier (GB/T 36904).")

    certificate_type_id = fields.Many2one(
        "dawa.certificate.type", string="Certificate Form Type", ondelete="restrict",
        help="The pre-printed form (制式证书) its licences print on, with its numbered stock.")

    @api.depends("item_type")
    def _compute_result_kind(self):
        for item in self:
            if not item.result_kind:
                item.result_kind = "licence" if item.item_type == "license" else "other"

    @api.constrains("licence_padding", "licence_validity_months", "licence_type_code")
    def _check_licence_rule(self):
        for item in self:
            if not 1 <= item.licence_padding <= licences.MAX_PADDING:
                raise ValidationError(self.env._(
                    "The serial of a licence number has from 1 to %(max)s digits.",
                    max=licences.MAX_PADDING))
            if item.licence_validity_months < 0:
                raise ValidationError(self.env._(
                    "The validity of a licence is a number of months, or 0 for no end."))
            code = (item.licence_type_code or "").strip()
            if code and not licences.PART_PATTERN.match(code.upper()):
                raise ValidationError(self.env._(
                    "The licence type code %(code)s may hold digits and capital letters only.",
                    code=code))

    def _get_licence_prefix(self):
        self.ensure_one()
        return (self.licence_prefix or self.code or "").strip()

    def _next_licence_serial(self, day):
        """The next serial of the year of ``day`` of the item's licence type (its prefix):
        a gapless sequence of its own per licence type, one range per year. Callers hold
        the seal ledger's lock, so no other transaction draws meanwhile; a draw rolled back
        with its transaction leaves no gap."""
        self.ensure_one()
        code = f"dawa.licence:{self._get_licence_prefix()}"
        # sudo: sealing users draw numbers without managing the sequences
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", code)], limit=1)
        if not sequence:
            # the licence type's first licence: its sequence is made here, under the lock
            sequence = Sequence.create({
                "name": self.env._("Licences %(prefix)s", prefix=self._get_licence_prefix()),
                "code": code,
                "implementation": "no_gap",
                "use_date_range": True,
                "padding": 0,
                "number_increment": 1,
            })
        return int(sequence._next(sequence_date=day))
