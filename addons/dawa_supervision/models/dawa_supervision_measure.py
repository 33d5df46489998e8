from odoo import fields, models


class DawaSupervisionMeasure(models.Model):
    """A way of checking (书面检查, 网络监测, 实地核查, 信息公示): a lookup table shipped
    as data."""

    _name = "dawa.supervision.measure"
    _description = "Supervision Measure"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another supervision measure already uses this code."),
    ]
