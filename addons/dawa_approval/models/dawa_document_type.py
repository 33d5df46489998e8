from odoo import fields, models


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

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another document type already uses this code."),
    ]
