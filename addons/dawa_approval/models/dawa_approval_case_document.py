import base64
from ast import literal_eval
from urllib.parse import quote as url_quote

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..tools import publicurl, qrcodes

# The documents of a case; each has a report dawa_approval.report_case_<kind>.
DOCUMENT_KINDS = (
    "acceptance", "correction", "extension", "special_procedure", "not_accepted", "approval",
    "denial", "approval_sheet", "delivery_receipt",
)
# The document of each decision of a case.
DECISION_DOCUMENTS = {"not_accepted": "not_accepted", "approved": "approval", "denied": "denial"}
# The document type (dawa.document.type code) each decision document is sealed as.
# The documents that carry the keys of the applicant's public page (QR code, query code):
# printed by those who may see the applicant's personal data only.
APPLICANT_KEY_DOCUMENTS = ("acceptance",)
DECISION_DOCUMENT_TYPE_CODES = {
    "not_accepted": "not_accepted_notice", "approval": "approval_decision",
    "denial": "denial_decision",
}
# The documents that carry a link for the applicant (a QR code, the query page's address):
# printed with a warning when that address is the server itself.
LINK_DOCUMENTS = ("acceptance", "extension", "special_procedure", "not_accepted", "approval",
                  "denial")
# The number each document bears in the 版头 (GB/T 9704 发文字号).
DOCUMENT_NUMBER_FIELDS = {
    "acceptance": "acceptance_ref", "correction": "correction_ref",
    "extension": "extension_ref", "special_procedure": "suspension_ref",
    "not_accepted": "decision_ref", "approval": "decision_ref", "denial": "decision_ref",
}


class DawaApprovalCaseDocument(models.AbstractModel):
    """The written documents of a case (受理通知书, 一次性补正告知书, 延期告知书, 不予受理通知书,
    准予/不予行政许可决定书): their wording and when each may be printed.

    Printing is only a copy: a decision is sealed, numbered and written in the seal ledger
    once, when it is taken (``_decide()``); nothing here writes anything but the cached QR
    code.
    """

    _name = "dawa.approval.case.document"
    _inherit = ["dawa.qr.mixin"]
    _description = "Case Documents"
    _qr_attachment_field = "access_token"

    public_url_loopback = fields.Boolean(
        string="Printed Address Is Local", compute="_compute_public_url_loopback",
        help="The address printed in the QR codes and links of the notices is the server "
        "itself (localhost, 127.x): an applicant cannot open it.")

    def _compute_public_url_loopback(self):
        loopback = publicurl.is_loopback(self._get_public_base_url()) if self else False
        for case in self:
            case.public_url_loopback = loopback

    def _get_qr_url(self):
        """The case's public page (the QR code of the acceptance notice)."""
        self.ensure_one()
        self._check_applicant_keys_readable()
        # sudo: the token is hidden from most users, but it is printed for the applicant
        return f"{self._get_public_base_url()}/dawa/case/{self.sudo().access_token}"

    # ------------------------------------------------------------------
    # checks
    # ------------------------------------------------------------------

    def _check_applicant_keys_readable(self):
        """The QR code and the query code open the applicant's public page, where he rates
        the service: like his ID number, they go to the case's handler, reviewer and
        approver and to managers only."""
        hidden = self.filtered(lambda case: not case.can_see_personal_data)
        if hidden:
            raise AccessError(self.env._(
                "Only the handler, the reviewer and the approver of %(case)s may print the "
                "documents with its QR code and query code.", case=hidden[0].name))

    def _check_document_printable(self, kind):
        """Refuse a document that does not fit the case (e.g. an approval decision of a case
        not approved), with a message naming the case."""
        if kind not in DOCUMENT_KINDS:
            raise UserError(self.env._("Unknown case document: %(kind)s.", kind=kind))
        if kind in APPLICANT_KEY_DOCUMENTS:
            self._check_applicant_keys_readable()
        for case in self:
            if not case._is_document_printable(kind):
                raise UserError(self.env._(
                    "%(case)s has no %(document)s to print in its current status (%(state)s).",
                    case=case.name, document=case._get_document_title(kind),
                    state=dict(case._fields["state"]._description_selection(self.env))[
                        case.state]))

    def _is_document_printable(self, kind):
        """Whether the case is in a state that has the document: the domain of the document's
        report, which also offers it in the Print menu (``get_valid_action_reports``) and
        refuses it on every route that renders it (``ir.actions.report``)."""
        self.ensure_one()
        return bool(self.filtered_domain(self._get_document_domain(kind)))

    @api.model
    def _get_document_domain(self, kind):
        # sudo: the user printing may not read the report action's technical fields
        report = self.env.ref(f"dawa_approval.action_report_case_{kind}").sudo()
        return literal_eval(report.domain or "[]")

    # ------------------------------------------------------------------
    # wording
    # ------------------------------------------------------------------

    def _get_document_title(self, kind):
        return {
            "acceptance": self.env._("Acceptance Notice"),
            "correction": self.env._("One-time Correction Notice"),
            "extension": self.env._("Extension Notice"),
            "special_procedure": self.env._("Special Procedure Notice"),
            "not_accepted": self.env._("Non-acceptance Notice"),
            "approval": self.env._("Approval Decision"),
            "denial": self.env._("Denial Decision"),
            "approval_sheet": self.env._("Administrative Licence Approval Sheet"),
            "delivery_receipt": self.env._("Proof of Delivery"),
        }[kind]

    def _get_document_issuer(self):
        """The issuing authority of the documents (GB/T 9704 发文机关标志): the company."""
        return self.env.company.name

    def _get_document_number(self, kind):
        """The document number in the 版头 (GB/T 9704 7.2.4 发文字号): each notice has its own
        (受字, 补字, 延字, drawn when it was issued), a decision its decision number. The
        application number is in the body, never in this place; a form (审批表, 送达回证) has
        no document number."""
        self.ensure_one()
        field = DOCUMENT_NUMBER_FIELDS.get(kind)
        return field and self[field] or ""

    def _is_document_draft(self, kind):
        """A decision not sealed yet is printed as a draft (草稿（未用印）across the page): the
        same layout as the sealed decision, but it cannot be mistaken for it."""
        self.ensure_one()
        return kind in DECISION_DOCUMENT_TYPE_CODES and not self.sealed

    def _get_public_url_warning(self, kind):
        """The line printed in red beside the QR code and links when the address they carry
        is the server itself: the clerk sees at once that the applicant could not open it."""
        self.ensure_one()
        if kind not in LINK_DOCUMENTS or not self.public_url_loopback:
            return ""
        return self.env._(
            "Warning: the address printed here (%(url)s) is this server's own address; the "
            "applicant cannot open it. Enter the bureau's public address in Settings "
            "(Approval, Public Address) and print again.", url=self._get_public_base_url())

    def _get_decision_reasons(self, kind):
        """决定理由 of a decision: the reasons written by who decided; for an approval
        without any, the finding that the statutory conditions are met."""
        self.ensure_one()
        note = (self.decision_note or "").strip()
        if note or kind != "approval":
            return note
        return self.env._(
            "The application materials are complete and in the statutory form, and the "
            "applicant meets the conditions and standards set by the legal basis of the "
            "items listed above.")

    def _get_licence_scope(self):
        """Hook: the scope, premises or address the licence covers (False: none recorded).
        dawa_supervision records it with the licence."""
        self.ensure_one()
        return False

    def _get_licence_terms(self):
        """(label, value) rows of what the approval decision grants besides its items: the
        licence's scope and its validity, as recorded on the case."""
        self.ensure_one()
        rows = []
        scope = (self._get_licence_scope() or "").strip()
        if scope:
            rows.append((self.env._("Licensed scope or address"), scope))
        valid_to = self._get_publicity_status()[self.id]["valid_to"]
        if valid_to and self.decision_date:
            rows.append((self.env._("Period of validity"), self.env._(
                "from %(start)s to %(end)s", start=self._format_document_date(self.decision_date),
                end=self._format_document_date(valid_to))))
        return rows

    def _get_decision_qr_url(self, kind):
        """Where the QR code of a decision leads: for an approval, the public list (双公示)
        searched by its decision number, where anyone checks that the licence is real; for
        a refusal, the query page (the applicant's progress, by his application number and
        query code)."""
        self.ensure_one()
        base = self._get_public_base_url()
        if kind == "approval" and self.decision_ref:
            return f"{base}/dawa/publicity?q={url_quote(self.decision_ref)}"
        return self._get_query_url()

    def _get_decision_qr_image(self, kind):
        """Base64 PNG of the decision's QR code (public, so not cached with the case's key)."""
        return base64.b64encode(qrcodes.png(self._get_decision_qr_url(kind)))

    def _get_document_addressee(self):
        self.ensure_one()
        return self.env._("%(applicant)s:", applicant=self.applicant_name)

    def _get_document_date(self, kind):
        """The date the document bears, written out in the reader's language (2026年11月27日)."""
        self.ensure_one()
        date = {
            "acceptance": self.accepted_date,
            "correction": self.correction_date,
            "extension": self.extension_date,
            "special_procedure": self.procedure_extension_date or self.procedure_start_date,
            "delivery_receipt": self.delivery_date,
        }.get(kind, self.decision_date)
        return self._format_document_date(date or self._bureau_today())

    def _format_document_date(self, date):
        return format_date(self.env, date, date_format="long")

    def _get_document_items_text(self):
        self.ensure_one()
        return self.env._(", ").join(self.line_ids.sorted("sequence").item_id.mapped("name"))

    def _get_document_paragraphs(self, kind):
        """The body paragraphs before the lists (materials, items) of the document."""
        self.ensure_one()
        values = {
            "items": self._get_document_items_text(),
            "number": self.name,
            "received": self._format_document_date(self.received_date),
            "accepted": self.accepted_date and self._format_document_date(self.accepted_date),
        }
        if kind == "acceptance":
            paragraphs = [self.env._(
                "Your application for %(items)s (application No. %(number)s), submitted on "
                "%(received)s, has been examined: the application materials are complete and "
                "in the statutory form. In accordance with Article 32, paragraph 1, item 5 of "
                "the Administrative Licensing Law of the People's Republic of China, this "
                "bureau has decided to accept it.", **values)]
            if self.promised_days and self.promised_deadline:
                paragraphs.append(self.env._(
                    "This bureau will take its decision within %(days)s working days of the "
                    "acceptance, that is by %(deadline)s at the latest. The time taken by "
                    "hearings, testing, expert review and other special procedures is not "
                    "counted in this time limit.",
                    days=self.promised_days,
                    deadline=self._format_document_date(self.promised_deadline)))
            else:
                paragraphs.append(self.env._("This bureau will take its decision on the spot."))
            return paragraphs
        if kind == "correction":
            return [self.env._(
                "Your application for %(items)s (application No. %(number)s), submitted on "
                "%(received)s, has been examined: the application materials are incomplete or "
                "not in the statutory form. In accordance with Article 32, paragraph 1, item 4 "
                "of the Administrative Licensing Law of the People's Republic of China, you are "
                "hereby informed at one time of everything you must supply or correct:",
                **values)]
        if kind == "extension":
            return self._get_extension_paragraphs(values)
        if kind == "special_procedure":
            return self._get_special_procedure_paragraphs(values)
        if kind == "not_accepted":
            return [self.env._(
                "Your application for %(items)s (application No. %(number)s), submitted on "
                "%(received)s, has been examined. For the reasons below, and in accordance "
                "with Article 32, paragraph 1 of the Administrative Licensing Law of the "
                "People's Republic of China, this bureau has decided not to accept it:",
                **values)]
        if kind == "approval":
            return [self.env._(
                "Your application (application No. %(number)s), submitted on %(received)s, "
                "was accepted by this bureau on %(accepted)s. Having examined it, this bureau "
                "finds that it meets the statutory conditions and standards. In accordance "
                "with Article 38, paragraph 1 of the Administrative Licensing Law of the "
                "People's Republic of China, it has decided to grant the following "
                "administrative licences:", **values)]
        return [self.env._(
            "Your application for %(items)s (application No. %(number)s), submitted on "
            "%(received)s, was accepted by this bureau on %(accepted)s. Having examined it, "
            "for the reasons below and in accordance with Article 38, paragraph 2 of the "
            "Administrative Licensing Law of the People's Republic of China, this bureau has "
            "decided not to grant the administrative licence:", **values)]

    def _get_extension_paragraphs(self, values):
        """The extension notice (行政许可法 §42): the limit, the approval as it was recorded —
        the bureau leader who approved, on which day; for a case handled jointly the
        district government's written approval by its reference — and the new deadline.
        The reason follows as its own paragraph (the report's body)."""
        values = {
            **values,
            "accepted": self._format_document_date(self.clock_start_date),
            "days": self.statutory_days,
            "extension": self.extended_days,
            "deadline": self._format_document_date(self.statutory_deadline),
            "leader": self.extension_user_id.name or "",
            "approved": self.extension_date and self._format_document_date(
                self.extension_date) or "",
            "government_ref": (self.extension_government_ref or "").strip(),
        }
        if self.joint_handling:
            return [self.env._(
                "Your application for %(items)s (application No. %(number)s), submitted on "
                "%(received)s, was accepted by this bureau on %(accepted)s and is handled "
                "jointly. The decision cannot be taken within the time limit of %(days)s "
                "working days for joint handling. With the approval of the head of the "
                "People's Government of Dawa District (%(government_ref)s), requested by "
                "%(leader)s of this bureau on %(approved)s, and in accordance with Article 42, "
                "paragraph 2 of the Administrative Licensing Law of the People's Republic of "
                "China, the time limit is extended by %(extension)s working days: this bureau "
                "will take its decision by %(deadline)s at the latest.", **values)]
        return [self.env._(
            "Your application for %(items)s (application No. %(number)s), submitted on "
            "%(received)s, was accepted by this bureau on %(accepted)s. The decision cannot "
            "be taken within the statutory time limit of %(days)s working days. With the "
            "approval of %(leader)s, head of this bureau, given on %(approved)s, and in "
            "accordance with Article 42, paragraph 1 of the Administrative Licensing Law of "
            "the People's Republic of China, the time limit is extended by %(extension)s "
            "working days: this bureau will take its decision by %(deadline)s at the latest.",
            **values)]

    def _get_special_procedure_paragraphs(self, values):
        """The special procedure notice (特别程序告知书, 行政许可法 §45: "行政机关应当将所需时间
        书面告知申请人"): which procedure the application needs, from when and for how many
        working days, until which day, and that this time is not counted in the time limit;
        a leader's extension of the procedure with its reason."""
        procedure = self.suspension_procedure_id
        kinds = dict(procedure._fields["kind"]._description_selection(self.env))
        values = {
            **values,
            "accepted": self._format_document_date(self.clock_start_date or self.received_date),
            "kind": kinds.get(procedure.kind, ""),
            "procedure": procedure.name or "",
            "start": self._format_document_date(self.procedure_start_date),
            "days": self.procedure_allowed_days,
            "end": self._format_document_date(self.procedure_end_date),
        }
        paragraphs = [self.env._(
            "Your application for %(items)s (application No. %(number)s), submitted on "
            "%(received)s, was accepted by this bureau on %(accepted)s. Before the decision, "
            "it requires by law the following special procedure: %(kind)s (%(procedure)s). In "
            "accordance with Article 45 of the Administrative Licensing Law of the People's "
            "Republic of China, the time this procedure needs is not counted in the time limit "
            "of the decision. You are hereby informed in writing that it starts on %(start)s "
            "and needs %(days)s working days, until %(end)s at the latest; from the next "
            "working day, the time limit runs again.", **values)]
        if self.procedure_extended_days:
            paragraphs.append(self.env._(
                "With the approval of %(leader)s, head of this bureau, given on %(date)s, the "
                "procedure was extended by %(days)s working days, for this reason: %(reason)s",
                leader=self.procedure_extension_user_id.name or "",
                date=self._format_document_date(self.procedure_extension_date),
                days=self.procedure_extended_days,
                reason=(self.procedure_extension_reason or "").strip()))
        return paragraphs

    def _get_document_closing(self, kind):
        """The paragraphs after the lists: what happens next, and how to appeal a refusal."""
        self.ensure_one()
        if kind == "acceptance":
            # after the list of the materials received, with the QR code beside the 落款
            return [self.env._(
                "You can follow the progress of your application by scanning the QR code "
                "below, or by entering the application number and the query code below at "
                "%(url)s.", url=self._get_query_url())]
        if kind == "correction":
            return [self.env._(
                "Please supply all the materials and corrections listed above at one time. "
                "Once the application materials are complete and in the statutory form, this "
                "bureau will accept the application.")]
        if kind == "extension":
            return [self.env._(
                "The time taken by hearings, testing, expert review and other special "
                "procedures is not counted in this time limit. You can follow the progress of "
                "your application by entering the application number and the query code of "
                "your acceptance notice at %(url)s.", url=self._get_query_url())]
        if kind == "special_procedure":
            return [self.env._(
                "You can follow the progress of your application by entering the application "
                "number and the query code of your acceptance notice at %(url)s.",
                url=self._get_query_url())]
        if kind == "approval":
            return [self.env._(
                "Where a licence certificate is required, this bureau will issue and deliver "
                "it to you within ten days of the date of this decision.")]
        if kind in ("not_accepted", "denial"):
            return [self._get_document_remedy()]
        return []

    def _is_sealed_electronically(self, kind):
        """The decision bears an electronic seal (its ledger line names one): the paper copy
        gets no dashed circle for a stamp, whether the seal has an impression image or not."""
        self.ensure_one()
        return bool(self._get_document_seal_line(kind).seal_id.kind == "electronic")

    def _get_document_seal_line(self, kind):
        """The seal ledger line of the decision ``kind`` of the case (empty if none)."""
        self.ensure_one()
        code = DECISION_DOCUMENT_TYPE_CODES.get(kind)
        if not code or not self.sealed or not self.decision_ref:
            return self.env["dawa.seal.usage"]
        # sudo: the ledger and the seal registry are the seal keepers'; the clerk printing
        # the decision only gets the seal it bears
        return self.env["dawa.seal.usage"].sudo().search([
            ("case_id", "=", self.id), ("document_ref", "=", self.decision_ref),
            ("document_type", "=", code),
        ], order="id desc", limit=1)

    def _get_document_seal_image(self, kind):
        """Base64 image of the electronic seal placed over the seal position of the document,
        or False when the paper copy is sealed by hand (the seal position stays empty).

        Only a decision sealed with an electronic seal bears its impression: the one of the
        seal named on the decision's ledger line, so that the image always matches the
        ledger (a seal activated later does not change an older decision)."""
        seal = self._get_document_seal_line(kind).seal_id
        if seal.kind != "electronic" or not seal.impression_image:
            return False
        return seal.impression_image

    # ------------------------------------------------------------------
    # approval sheet (审批表) and proof of delivery (送达回证)
    # ------------------------------------------------------------------

    def _get_approval_sheet_rows(self):
        """(label, value) rows of the internal approval sheet, in their printed order."""
        self.ensure_one()
        fmt = self._format_document_date
        lines = self.line_ids.sorted("sequence")
        items = "\n".join(f"{line.item_id.name} ({line.item_id.code})" for line in lines)
        decision = dict(self._fields["decision"]._description_selection(self.env)).get(
            self.decision, "")
        return [
            (self.env._("Application Number"), self.name),
            (self.env._("Applicant"), self.applicant_name),
            (self.env._("ID Number"), self.applicant_id_number or ""),
            (self.env._("Phone"), self.applicant_phone or ""),
            (self.env._("Approval Items"), items),
            (self.env._("Received On"), fmt(self.received_date)),
            (self.env._("Accepted On"), self.accepted_date and fmt(self.accepted_date) or ""),
            (self.env._("Handler"), self.user_id.name or ""),
            (self.env._("Decision"), decision),
            (self.env._("Decision Number"), self.decision_ref or ""),
        ]

    def _get_approval_sheet_materials(self):
        """One line per material received (收件清单), numbered, with originals and copies."""
        self.ensure_one()
        lines = []
        for index, material in enumerate(self._get_received_materials(), start=1):
            if material.provided:
                lines.append(self.env._(
                    "%(index)s. %(material)s (originals: %(originals)s, copies: %(copies)s)",
                    index=index, material=material.name, originals=material.original_copies,
                    copies=material.photocopies))
            else:
                lines.append(self.env._(
                    "%(index)s. %(material)s (to be supplied later, tolerance)",
                    index=index, material=material.name))
        return lines

    def _get_approval_sheet_signature(self, step):
        """Who signed the review opinion or the decision on the sheet, and when."""
        self.ensure_one()
        if step == "review":
            user, date = self.reviewer_id, self.submitted_date
            text = self.env._("Reviewer: %(user)s    Date: %(date)s", user=user.name or "",
                              date=date and self._format_document_date(date) or "")
        else:
            user, date = self.approver_id, self.decision_date
            text = self.env._("Approver: %(user)s    Date: %(date)s", user=user.name or "",
                              date=date and self._format_document_date(date) or "")
        return text

    def _get_approval_sheet_sealing(self):
        self.ensure_one()
        if not self.sealed:
            return ""
        return self.env._(
            "Sealed by %(user)s on %(date)s", user=self.seal_user_id.name or "",
            date=self._format_document_date(self.sealed_date))

    def _get_delivery_receipt_rows(self):
        """(label, value) rows of the proof of delivery; empty values are filled in by hand."""
        self.ensure_one()
        document = self._get_document_title(DECISION_DOCUMENTS[self.decision])
        method = dict(self._fields["delivery_method"]._description_selection(self.env)).get(
            self.delivery_method, "")
        rows = [
            (self.env._("Document Served"), f"{document} {self.decision_ref or ''}".strip()),
            (self.env._("Application Number"), self.name),
            (self.env._("Person Served"), self.applicant_name),
            (self.env._("Received By"), self.delivery_recipient or ""),
            (self.env._("Delivery Method"), method),
        ]
        if self.delivery_method == "mail":
            rows.append((self.env._("Tracking Number"), self.delivery_tracking_ref or ""))
        rows.append((self.env._("Delivery Date"),
                     self.delivery_date and self._format_document_date(self.delivery_date)
                     or ""))
        return rows

    def _get_received_materials(self):
        """The 收件清单 of the acceptance notice: every material line of the case, provided
        or accepted with tolerance (容缺), in the order of the items and their materials."""
        self.ensure_one()
        lines = self.line_ids.sorted("sequence")
        order = {line.item_id.id: index for index, line in enumerate(lines)}
        return self.material_ids.filtered(lambda m: m.provided or m.tolerated).sorted(
            lambda m: (order.get(m.item_id.id, len(order)), m.sequence, m.id))

    def _get_query_url(self):
        """The page where an applicant types the application number and the query code."""
        return f"{self._get_public_base_url()}/dawa/query"

    def _get_query_code_text(self):
        """The query code as printed: two groups of four, easy to read out and type."""
        self.ensure_one()
        self._check_applicant_keys_readable()
        # sudo: the code is printed for the applicant, like the QR code
        code = self.sudo().query_code or ""
        return f"{code[:4]} {code[4:]}".strip()

    def _get_window_contact(self):
        """Address, postcode and telephone of the service window, printed on the acceptance
        notice: the bureau's window settings (Settings, Approval, Service Window), else the
        company's address and phone, written as a Chinese address is (province, city,
        street, no spaces)."""
        company = self.env.company
        address = (company.dawa_window_address or "").strip()
        if not address:
            address = "".join(part.strip() for part in (
                company.state_id.name, company.city, company.street, company.street2) if part)
        return {
            "address": address,
            "zip": (company.zip or "").strip(),
            "phone": (company.dawa_window_phone or company.phone or "").strip(),
        }

    def _get_document_remedy(self):
        """The remedy sentence of a refusal (行政复议法, 行政诉讼法)."""
        return self.env._(
            "If you do not accept this decision, you may apply for administrative "
            "reconsideration to the People's Government of Dawa District, Panjin, within sixty "
            "days of receiving it, or bring an administrative lawsuit before a people's court "
            "within six months according to law.")

