from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

# The documents of a case; each has a report dawa_approval.report_case_<kind>.
DOCUMENT_KINDS = (
    "acceptance", "correction", "extension", "not_accepted", "approval", "denial",
    "approval_sheet", "delivery_receipt",
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
        self.ensure_one()
        if kind == "acceptance":
            return bool(self.accepted_date) and self.state not in ("received", "correction")
        if kind == "correction":
            return self.state == "correction"
        if kind == "extension":
            return bool(self.extended_days)
        if kind == "approval_sheet":
            # the internal sheet of a licence decision: from the review opinion on
            return self.state == "to_decide" or self.decision in ("approved", "denied")
        if kind == "delivery_receipt":
            # printed with the sealed decision for the recipient to sign, and after delivery
            return self.decision in ("approved", "denied") and self.sealed
        return DECISION_DOCUMENTS.get(self.decision) == kind

    # ------------------------------------------------------------------
    # wording
    # ------------------------------------------------------------------

    def _get_document_title(self, kind):
        return {
            "acceptance": self.env._("Acceptance Notice"),
            "correction": self.env._("One-time Correction Notice"),
            "extension": self.env._("Extension Notice"),
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
        """The document number line: the decision number of a decision, otherwise the
        application number."""
        self.ensure_one()
        if kind in ("not_accepted", "approval", "denial") and self.decision_ref:
            return self.decision_ref
        return self.env._("Application No. %(number)s", number=self.name)

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
            paragraphs.append(self.env._(
                "You can follow the progress of your application by scanning the QR code "
                "below, or by entering the application number and the query code below at "
                "%(url)s.", url=self._get_query_url()))
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
        """The extension notice (行政许可法 §42): the limit, who approved the extension (the
        bureau's head; the district government's for a joint case) and the new deadline."""
        values = {
            **values,
            "accepted": self._format_document_date(self.clock_start_date),
            "days": self.statutory_days,
            "extension": self.extended_days,
            "deadline": self._format_document_date(self.statutory_deadline),
        }
        if self.is_joint:
            return [self.env._(
                "Your application for %(items)s (application No. %(number)s), submitted on "
                "%(received)s, was accepted by this bureau on %(accepted)s and is handled "
                "jointly. The decision cannot be taken within the time limit of %(days)s "
                "working days for joint handling. With the approval of the head of the "
                "People's Government of Dawa District, and in accordance with Article 42, "
                "paragraph 2 of the Administrative Licensing Law of the People's Republic of "
                "China, the time limit is extended by %(extension)s working days: this bureau "
                "will take its decision by %(deadline)s at the latest.", **values)]
        return [self.env._(
            "Your application for %(items)s (application No. %(number)s), submitted on "
            "%(received)s, was accepted by this bureau on %(accepted)s. The decision cannot "
            "be taken within the statutory time limit of %(days)s working days. With the "
            "approval of the head of this bureau, and in accordance with Article 42, "
            "paragraph 1 of the Administrative Licensing Law of the People's Republic of "
            "China, the time limit is extended by %(extension)s working days: this bureau "
            "will take its decision by %(deadline)s at the latest.", **values)]

    def _get_document_closing(self, kind):
        """The paragraphs after the lists: what happens next, and how to appeal a refusal."""
        self.ensure_one()
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
        if kind == "approval":
            return [self.env._(
                "Where a licence certificate is required, this bureau will issue and deliver "
                "it to you within ten days of the date of this decision.")]
        if kind in ("not_accepted", "denial"):
            return [self._get_document_remedy()]
        return []

    def _get_document_seal_image(self, kind):
        """Base64 image of the electronic seal placed over the seal position of the document,
        or False when the paper copy is sealed by hand (the seal position stays empty).

        Only a decision sealed with an electronic seal bears its impression: the one of the
        seal named on the decision's ledger line, so that the image always matches the
        ledger (a seal activated later does not change an older decision)."""
        self.ensure_one()
        code = DECISION_DOCUMENT_TYPE_CODES.get(kind)
        if not code or not self.sealed or not self.decision_ref:
            return False
        # sudo: the ledger and the seal registry are the seal keepers'; the clerk printing
        # the decision only gets the impression of the seal it bears
        line = self.env["dawa.seal.usage"].sudo().search([
            ("case_id", "=", self.id), ("document_ref", "=", self.decision_ref),
            ("document_type", "=", code),
        ], order="id desc", limit=1)
        seal = line.seal_id
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
        """Address and telephone of the service window, printed on the acceptance notice:
        the bureau's window settings, else the company's address and phone."""
        company = self.env.company
        address = (company.dawa_window_address or "").strip()
        if not address:
            address = " ".join(part for part in (
                company.state_id.name, company.city, company.street, company.street2) if part)
        return {
            "address": address,
            "phone": (company.dawa_window_phone or company.phone or "").strip(),
        }

    def _get_document_remedy(self):
        """The remedy sentence of a refusal (行政复议法, 行政诉讼法)."""
        return self.env._(
            "If you do not accept this decision, you may apply for administrative "
            "reconsideration to the People's Government of Dawa District, Panjin, within sixty "
            "days of receiving it, or bring an administrative lawsuit before a people's court "
            "within six months according to law.")

