from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools import sql as tools_sql

from ..tools import querycodes

# The notices of a case that bear their own number (GB/T 9704 发文字号, 大洼审批受字〔2026〕1号):
# the date field the action writes when it issues the notice -> (number field, sequence code).
# The non-acceptance notice and the decisions take the decision number (``decision_ref``).
NOTICE_NUMBERS = {
    "accepted_date": ("acceptance_ref", "dawa.approval.acceptance_notice"),
    "correction_date": ("correction_ref", "dawa.approval.correction_notice"),
    "extension_date": ("extension_ref", "dawa.approval.extension_notice"),
    "procedure_start_date": ("suspension_ref", "dawa.approval.special_procedure_notice"),
}


class DawaApprovalCaseNumbering(models.AbstractModel):
    """The numbers of a case, as ``account``'s ``sequence.mixin`` numbers journal entries:

    - the unified application number (一号申请, ``name``) of every channel, drawn from the
      ``dawa.approval.case`` sequence when the case is created, restarting each month;
    - the query code printed under the QR code (``/dawa/query`` takes both);
    - the decision numbers (GB/T 9704: 大洼审批许字〔2026〕106号), gapless per document type
      and year, drawn while the seal ledger's lock is held;
    - the numbers of the notices (受字, 补字, 延字), drawn when the action issues the notice
      (``NOTICE_NUMBERS``) from a yearly sequence each; never reused, a notice issued again
      (a second correction) gets a new one.
    """

    _name = "dawa.approval.case.numbering"
    _description = "Case Numbering"

    # typed by the applicant from the paper notice (/dawa/query) with the application number
    query_code = fields.Char(
        readonly=True, copy=False, index=True,
        groups="dawa_approval.group_manager",
        help="Code printed on the acceptance notice: with the application number it opens the "
        "public page of the case without the QR code.",
    )

    acceptance_ref = fields.Char(
        string="Acceptance Notice Number", readonly=True, copy=False,
        help="Document number of the acceptance notice (大洼审批受字〔2026〕1号), given when the "
        "application is accepted.")
    correction_ref = fields.Char(
        string="Correction Notice Number", readonly=True, copy=False,
        help="Document number of the one-time correction notice (大洼审批补字〔2026〕1号), given "
        "when the correction is requested.")
    extension_ref = fields.Char(
        string="Extension Notice Number", readonly=True, copy=False,
        help="Document number of the extension notice (大洼审批延字〔2026〕1号), given when the "
        "time limit is extended.")

    _sql_constraints = [
        ("query_code_unique", "unique(query_code)", "Another case already has this query code."),
    ]

    def init(self):
        """A trigram index on the application number beside its b-tree: the search box
        looks for a part of it (or of the applicant's name) among a million cases
        (``benchmarks/bench_scale.py``)."""
        result = super().init()
        if self._abstract:  # the concern's own model has no table
            return result
        if self.env.registry.has_trigram:
            tools_sql.create_index(self.env.cr, "dawa_approval_case_name_trgm_index",
                                   self._table, ["name gin_trgm_ops"], method="gin")
        return result

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "name", "query_code",
                *(number for number, _code in NOTICE_NUMBERS.values())]

    def _workflow_write(self, vals):
        """The action that issues a notice (it writes the notice's date) numbers it: one new
        number per case, from the notice's sequence, in the year of that date."""
        notices = [(number, code, vals[date]) for date, (number, code) in NOTICE_NUMBERS.items()
                   if vals.get(date) and number not in vals]
        if not notices or not self:
            return super()._workflow_write(vals)
        numbers = {number: self._get_notice_numbers(code, day) for number, code, day in notices}
        for index, case in enumerate(self):
            super(DawaApprovalCaseNumbering, case)._workflow_write(
                {**vals, **{number: drawn[index] for number, drawn in numbers.items()}})
        return True

    def _get_notice_numbers(self, code, day):
        """One notice number per case in ``self`` from the sequence ``code`` (yearly)."""
        # sudo: the clerk issuing the notice draws its number without managing the sequences
        Sequence = self.env["ir.sequence"].sudo()
        numbers = [Sequence.next_by_code(code, sequence_date=fields.Date.to_date(day))
                   for _case in self]
        if not all(numbers):
            raise UserError(self.env._(
                "The numbering of the notices (%(code)s) is missing: an administrator must "
                "restore it.", code=code))
        return numbers

    @api.model
    def _fill_workflow_create_vals(self, vals_list):
        """Number the new cases (一号申请)."""
        new = self.env._("New")
        unnumbered = [vals for vals in vals_list if vals.get("name", new) == new]
        for vals, number in zip(unnumbered, self._get_application_numbers(len(unnumbered)),
                                strict=True):
            vals["name"] = number
        for vals in vals_list:
            # the applicant's code for /dawa/query (only a superuser may bring one, e.g. an import)
            if not vals.get("query_code"):
                vals["query_code"] = querycodes.new_code()

    @api.model
    def _get_application_numbers(self, count):
        """``count`` unified application numbers (一号申请) from the case sequence, drawn in
        one query when the sequence is a plain PostgreSQL one."""
        if not count:
            return []
        # sudo: clerks number cases without reading the sequence configuration
        sequence = self.env["ir.sequence"].sudo().search(
            [("code", "=", "dawa.approval.case"),
             ("company_id", "in", [self.env.company.id, False])],
            order="company_id", limit=1)
        if not sequence:
            raise UserError(self.env._("The case number sequence is missing."))
        pg_name = f"ir_sequence_{sequence.id:03d}"
        if sequence.use_date_range:
            # DW202612000001: the numbers restart each month of the bureau's calendar
            date_range = self._get_application_number_range(sequence, self._bureau_today())
            pg_name = f"{pg_name}_{date_range.id:03d}"
            sequence = sequence.with_context(ir_sequence_date_range=date_range.date_from)
            if sequence.implementation != "standard":
                return [date_range._next() for _i in range(count)]
        elif sequence.implementation != "standard":
            return [sequence._next() for _i in range(count)]
        self.env.cr.execute(SQL(
            "SELECT nextval(%s) FROM generate_series(1, %s)", pg_name, count))
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]

    @api.model
    def _get_application_number_range(self, sequence, day):
        """The monthly date range of the case sequence that ``day`` falls in, made on the
        first case of the month (Odoo makes yearly ones). Two clerks numbering the month's
        first case at the same moment both update the sequence's row: the second one waits,
        then fails with a serialization error that Odoo retries, and finds the range."""
        # sudo: clerks number cases without managing the sequences
        Range = self.env["ir.sequence.date_range"].sudo()
        date_range = Range.search([("sequence_id", "=", sequence.id), ("date_from", "<=", day),
                                   ("date_to", ">=", day)], limit=1)
        if date_range:
            return date_range
        self.env.cr.execute(SQL(
            "UPDATE ir_sequence SET write_date = now() at time zone 'UTC' WHERE id = %s",
            sequence.id))
        first = day.replace(day=1)
        return Range.create({
            "sequence_id": sequence.id,
            "date_from": first,
            "date_to": first + relativedelta(months=1, days=-1),
            "number_next_actual": 1,
        })

    def _get_decision_numbers(self, document_type_code, day):
        """One decision number per case in ``self`` (GB/T 9704: 大洼审批许字〔2026〕106号), from
        the gapless sequence of the document type, restarting each year (that of ``day``).
        Callers hold the seal ledger's lock, so no other transaction draws meanwhile."""
        # sudo: deciding users draw numbers without managing the sequences
        Sequence = self.env["ir.sequence"].sudo()
        numbers = [Sequence.next_by_code(f"dawa.approval.{document_type_code}", sequence_date=day)
                   for _case in self]
        if not all(numbers):
            raise UserError(self.env._(
                "The numbering of %(document)s is missing: an administrator must restore it.",
                document=self.env.ref(
                    f"dawa_approval.document_type_{document_type_code}").name))
        return numbers
