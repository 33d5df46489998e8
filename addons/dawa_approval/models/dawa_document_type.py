from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# What may not appear in a number prefix: the year's brackets and the 号 are added around it
# (GB/T 9704: 大洼审批许字〔2026〕106号).
PREFIX_FORBIDDEN = ("〔", "〕", "[", "]", "(", ")", "（", "）", "%", "号", "第")


class DawaDocumentType(models.Model):
    """A kind of document a seal may be put on (decision, notice, certificate…)."""

    _name = "dawa.document.type"
    _description = "Document Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    changes_licence = fields.Boolean(
        string="Revokes or Changes a Licence",
        help="Decisions that revoke or change a licence need the agency seal, "
        "never the approval seal.",
    )
    # Kept in the numbering sequence itself (its prefix before 〔year〕), so that the number
    # drawn and the prefix shown here can never disagree.
    number_prefix = fields.Char(
        compute="_compute_number_prefix", inverse="_inverse_number_prefix",
        help="The words before the year in the numbers of this document (GB/T 9704 发文字号), "
        "e.g. 大洼审批许字 gives 大洼审批许字〔2026〕106号. Numbers restart at 1 each year.",
    )
    has_numbering = fields.Boolean(
        string="Numbered", compute="_compute_number_prefix",
        help="Documents of this type get a number of their own.")

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another document type already uses this code."),
    ]

    def _get_number_sequence_code(self):
        """Code of the ``ir.sequence`` numbering documents of this type."""
        self.ensure_one()
        return f"dawa.approval.{self.code}"

    def _get_number_sequences(self):
        """{document type: its numbering sequence} of the types that have one."""
        codes = {doc_type._get_number_sequence_code(): doc_type for doc_type in self}
        # sudo: the prefix is shown to whoever reads the type; the sequences are technical
        sequences = self.env["ir.sequence"].sudo().search(
            [("code", "in", list(codes))], order="company_id")
        found = {}
        for sequence in sequences:
            found.setdefault(codes[sequence.code], sequence)
        return found

    @api.depends("code")
    def _compute_number_prefix(self):
        sequences = self._get_number_sequences()
        for doc_type in self:
            sequence = sequences.get(doc_type)
            doc_type.has_numbering = bool(sequence)
            doc_type.number_prefix = sequence and (sequence.prefix or "").split("〔")[0] or False

    def _inverse_number_prefix(self):
        sequences = self._get_number_sequences()
        for doc_type in self:
            sequence = sequences.get(doc_type)
            prefix = (doc_type.number_prefix or "").strip()
            if not sequence:
                if prefix:
                    raise UserError(self.env._(
                        "%(document)s has no numbering of its own: it takes no number prefix.",
                        document=doc_type.name))
                continue
            if not prefix:
                raise ValidationError(self.env._(
                    "Enter the number prefix of %(document)s, e.g. 大洼审批许字.",
                    document=doc_type.name))
            if any(char in prefix for char in PREFIX_FORBIDDEN) or prefix[-1].isdigit():
                raise ValidationError(self.env._(
                    "The number prefix of %(document)s is the words before the year only, "
                    "e.g. 大洼审批许字: the year in 〔〕 and the number with 号 are added to it.",
                    document=doc_type.name))
            old = sequence.prefix or ""
            year = old[old.index("〔"):] if "〔" in old else "〔%(range_year)s〕"
            # sudo: the sequence is technical; the type's own access rights decide who edits
            sequence.sudo().prefix = prefix + year
