from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools import idnumbers, personaldata

_lt = LazyTranslate(__name__)

ID_ERRORS = {
    "length": _lt("it must have 18 characters"),
    "format": _lt("it contains characters that are not allowed"),
    "checksum": _lt("its check digit is wrong"),
    "birth_date": _lt("its birth date is not a real date"),
}


# The computed fields that show personal data, searched by the whole number only.
PERSONAL_FIELDS = ("applicant_id_number", "applicant_phone")


def _normalize_id_number(number):
    """A resident ID or credit code as stored: no spaces or hyphens, upper case."""
    return idnumbers.normalize_uscc(idnumbers.normalize_resident_id(number))


class DawaApprovalCasePersonal(models.AbstractModel):
    """The applicant's personal data on a case: the identifier (居民身份证 checked by
    GB 11643, 统一社会信用代码 by GB 32100, with a reviewer's documented override) and the
    phone.

    The raw values are stored in fields only managers may read, search or group by;
    everybody reads them through computed fields that give the raw value to the case's
    handler, reviewer and approver and the masked one to the others, and that are searched
    by the whole number only (``docs/architecture.md``, personal data)."""

    _name = "dawa.approval.case.personal"
    _description = "Applicant's Personal Data"

    applicant_id_number = fields.Char(
        string="ID Number", compute="_compute_personal_data",
        inverse="_inverse_applicant_id_number", search="_search_applicant_id_number",
        help="Resident identity card number of a person, unified social credit code of an "
        "organisation. Shown in full only to the handler, reviewer and approver of the case "
        "and to bureau managers; search it by the whole number.",
    )
    applicant_phone = fields.Char(
        string="Phone", compute="_compute_personal_data", inverse="_inverse_applicant_phone",
        search="_search_applicant_phone",
        help="Shown in full only to the handler, reviewer and approver of the case and to "
        "bureau managers; search it by the whole number.",
    )
    applicant_id_number_raw = fields.Char(
        string="ID Number (stored)", groups="dawa_approval.group_manager", index=True,
        copy=False)
    applicant_phone_raw = fields.Char(
        string="Phone (stored)", groups="dawa_approval.group_manager", index=True, copy=False)
    can_see_personal_data = fields.Boolean(compute="_compute_personal_data")
    # the query code opens the public page, where the applicant rates: it is his, like his
    # phone (the stored code is for managers, ``query_code``)
    applicant_query_code = fields.Char(
        string="Query Code", compute="_compute_personal_data",
        help="Code printed on the acceptance notice: with the application number it opens the "
        "public page of the case without the QR code. Shown to the handler, reviewer and "
        "approver of the case and to bureau managers.")
    uscc_override = fields.Boolean(
        string="Accept Code Failing the Checksum",
        help="Some legal pilot-era unified social credit codes fail the GB 32100 checksum. "
        "A reviewer may accept such a code after checking the licence, with a reason.",
    )
    uscc_override_reason = fields.Text(string="Reason for Accepting the Code")
    uscc_override_user_id = fields.Many2one(
        "res.users", string="Code Accepted By", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------

    @api.depends_context("uid")
    @api.depends("applicant_id_number_raw", "applicant_phone_raw", "query_code",
                 "user_id", "reviewer_id", "approver_id")
    def _compute_personal_data(self):
        """Who handles the case is read from the saved case, never from values the user
        sends: an ``onchange()`` naming himself handler of someone else's case gets the
        masked values. A new case shows what its author typed."""
        # sudo: the raw values are read here, and only here, for the users who may see them
        for case, raw in zip(self, self.sudo(), strict=True):
            case.can_see_personal_data = case._may_see_personal_data()
            case.applicant_query_code = case.can_see_personal_data and raw.query_code
            if case.can_see_personal_data:
                case.applicant_id_number = raw.applicant_id_number_raw
                case.applicant_phone = raw.applicant_phone_raw
            else:
                case.applicant_id_number = idnumbers.mask(raw.applicant_id_number_raw) or False
                case.applicant_phone = idnumbers.mask(raw.applicant_phone_raw, 3, 4) or False

    def _may_see_personal_data(self):
        """Whether the current user may see the raw values of the case (one record): a
        manager, or the saved case's handler, reviewer or approver; anybody on a new case;
        the window clerks on a case nobody handles yet (an online application waiting in the
        window's queue: the clerk who checks it takes it).
        Read by the inverse too, where the computed ``can_see_personal_data`` is not (Odoo
        protects the fields of a compute while their inverse runs)."""
        self.ensure_one()
        if self.env.su or self.env.user.has_group("dawa_approval.group_manager"):
            return True
        saved = self._origin
        if not saved:
            return True
        if not saved.user_id:
            return self.env.user.has_group("dawa_approval.group_window_clerk")
        return self.env.user in (saved.user_id | saved.reviewer_id | saved.approver_id)

    def _inverse_applicant_id_number(self):
        self._write_personal_data("applicant_id_number", "applicant_id_number_raw")

    def _inverse_applicant_phone(self):
        self._write_personal_data("applicant_phone", "applicant_phone_raw")

    def _write_personal_data(self, field_name, raw_name):
        """Store what the user typed; a value he may not see he may not overwrite either."""
        for case in self:
            # sudo: the raw field is hidden from everybody but managers
            raw = case.sudo()
            if raw[raw_name] and not case._may_see_personal_data():
                raise UserError(self.env._(
                    "Only the handler, the reviewer and the approver of %(case)s may change "
                    "the applicant's %(field)s.",
                    case=case.name,
                    field=self._fields[field_name]._description_string(self.env)))
            raw[raw_name] = case[field_name] or False

    def _search_applicant_id_number(self, operator, value):
        return self._search_personal_data(
            "applicant_id_number_raw", operator, value, normalize=_normalize_id_number)

    def _search_applicant_phone(self, operator, value):
        return self._search_personal_data("applicant_phone_raw", operator, value)

    def _search_personal_data(self, raw_name, operator, value, normalize=str.strip):
        """Personal data is found by its whole value only: no partial, negated or empty
        search that would let a user list or guess it digit by digit; one such search
        per domain (``_search()``), counted and kept for the audit
        (``dawa.personal.search``), and refused past the bureau's limit."""
        if operator != "=" or not isinstance(value, str) or not value.strip():
            raise UserError(self.env._(
                "ID numbers and phone numbers can only be searched by the whole number."))
        if not self.env.su:
            self.env["dawa.personal.search"]._record(raw_name)
        # sudo: an exact match reveals nothing the user did not type; the record rules
        # still apply to the search that uses this domain
        ids = self.sudo().with_context(active_test=False)._search(
            [(raw_name, "=", normalize(value))])
        return [("id", "in", ids)]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            self._check_personal_search_domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _check_personal_search_domain(self, domain):
        """A domain names one ID number or phone at most, and never under OR or NOT: a
        thousand candidates OR'ed in one search, or a negated guess, would tell the masked
        value without showing it."""
        try:
            problem = personaldata.personal_search_problem(domain, PERSONAL_FIELDS)
        except ValueError:
            return  # not a domain the ORM accepts either: it says so
        if problem == personaldata.SEVERAL:
            raise UserError(self.env._(
                "A search may name one ID number or phone number only."))
        if problem:
            raise UserError(self.env._(
                "ID numbers and phone numbers can only be searched by the whole number, not "
                "combined with \"or\" or \"not\"."))

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("applicant_type", "applicant_id_number_raw", "uscc_override")
    def _check_applicant_id_number(self):
        # sudo: the identifiers are checked whoever writes the case, even a user who may
        # not read them back
        for case in self.sudo():
            number = case.applicant_id_number_raw
            if not number:
                continue
            if case.applicant_type == "person":
                error = idnumbers.resident_id_error(number)
                if error:
                    raise ValidationError(self.env._(
                        "The identity card number %(number)s is not valid: %(reason)s.",
                        number=number, reason=self.env._(ID_ERRORS[error])))
            elif idnumbers.uscc_error(number) and not case.uscc_override:
                raise ValidationError(self.env._(
                    "The unified social credit code %(number)s fails its check (GB 32100). "
                    "Check it against the business licence; if the licence really bears this "
                    "code, a reviewer may accept it with a reason.",
                    number=number))

    @api.constrains("uscc_override", "uscc_override_reason")
    def _check_uscc_override_reason(self):
        for case in self:
            if case.uscc_override and not (case.uscc_override_reason or "").strip():
                raise ValidationError(self.env._(
                    "Give the reason for accepting a code that fails its check."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._prepare_personal_vals(vals)
        cases = super().create(vals_list)
        cases.filtered("uscc_override")._workflow_write({"uscc_override_user_id": self.env.uid})
        return cases

    def write(self, vals):
        self._prepare_personal_vals(vals)
        result = super().write(vals)
        if vals.get("uscc_override"):
            self._workflow_write({"uscc_override_user_id": self.env.uid})
        return result

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "uscc_override_user_id"]

    def _prepare_personal_vals(self, vals):
        """Normalise identifiers; only reviewers accept a failing credit code."""
        if vals.get("applicant_id_number"):
            vals["applicant_id_number"] = _normalize_id_number(vals["applicant_id_number"])
        if vals.get("uscc_override"):
            if not self.env.su and not self.env.user.has_group("dawa_approval.group_reviewer"):
                raise UserError(self.env._(
                    "Only a reviewer may accept a credit code that fails its check."))
