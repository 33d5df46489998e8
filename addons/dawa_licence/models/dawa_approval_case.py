from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import licences


class DawaApprovalCase(models.Model):
    """What the licence register adds to a decision: the licences issued when it is sealed
    (行政许可法 §39, §44), their scope and last day as the decision writes them, and the
    publicity's view of the licence's current state."""

    _inherit = "dawa.approval.case"

    licence_scope = fields.Text(
        string="Licensed Scope or Address",
        help="The scope, premises or address written in the decision: printed on the licence "
        "and pushed to the supervising departments with the result.")
    licence_valid_until = fields.Date(
        help="Last day of validity written in the decision; empty: the item's validity.")
    licence_ids = fields.One2many("dawa.licence", "case_id", string="Licences")
    licence_id = fields.Many2one(
        "dawa.licence", compute="_compute_licence_id", search="_search_licence_id",
        help="The licence this decision issued (its latest version).")
    licence_count = fields.Integer(compute="_compute_licence_id")
    licence_status = fields.Selection(
        related="licence_id.state", string="Licence Status",
        help="The current status of the licence, as the register keeps it.")

    @api.depends("licence_ids")
    def _compute_licence_id(self):
        for case in self:
            # sudo: the decision shows its licence's number to whoever reads the decision
            own = case.sudo().licence_ids
            case.licence_id = own.sorted(lambda licence: (licence.version, licence.id))[-1:].id \
                if own else False
            case.licence_count = len(own)

    def _search_licence_id(self, operator, value):
        # any licence of the decision (its versions are one licence)
        return [("licence_ids", operator, value)]

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_view_licences(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dawa_licence.dawa_licence_action")
        action.update({"domain": [("case_id", "=", self.id)], "context": {}})
        if len(self.licence_ids) == 1:
            action.update({"view_mode": "form", "views": [(False, "form")],
                           "res_id": self.licence_ids.id})
        return action

    # ------------------------------------------------------------------
    # hooks of dawa_approval
    # ------------------------------------------------------------------

    def _on_sealed(self):
        """行政许可法 §§39, 44: the sealed approvals of items whose result is a licence issue
        it, numbered under the seal ledger's lock the sealing holds."""
        result = super()._on_sealed()
        self.filtered(lambda case: case.decision == "approved")._issue_licences()
        return result

    def _get_publicity_status(self):
        """The published approvals (双公示) show their licence's current state and last
        day of validity."""
        status = super()._get_publicity_status()
        labels = dict(self.env["dawa.licence"]._fields["state"]._description_selection(self.env))
        # sudo: the public list reads the licence particulars of published approvals
        for case in self.sudo():
            licence = case.licence_id
            if licence:
                status[case.id] = {
                    **status.get(case.id, {}),
                    "revoked": licence.state == "revoked",
                    "valid_to": licence.valid_to or False,
                    "licence_state": licence.state,
                    "licence_state_label": labels[licence.state],
                }
            elif case.licence_valid_until:
                status[case.id] = {**status.get(case.id, {}),
                                   "valid_to": case.licence_valid_until}
        return status

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _issue_licences(self, day=None):
        """One licence per item of each approved case whose result is a licence, unless it
        was issued already; numbered in the order of ``self``. Callers hold the seal
        ledger's lock (the sealing; the installation). ``day``: the issue date (by default
        today). Returns the licences."""
        today = self._bureau_today()
        day = day or today
        bureau = self.env["dawa.agency"]._get_bureau()
        # sudo: the licence is the system's record, which no user creates
        Licence = self.env["dawa.licence"].sudo().with_context(mail_create_nosubscribe=True)
        issued = {(licence.case_id.id, licence.item_id.id)
                  for licence in Licence.search([("case_id", "in", self.ids)])}
        vals_list = []
        for case in self:
            # sudo: the holder's identifier is copied as it is, whoever seals
            raw = case.sudo()
            for item in case.line_ids.sorted("sequence").item_id:
                if item.result_kind != "licence" or (case.id, item.id) in issued:
                    continue
                serial = item._next_licence_serial(day)
                year = day.year
                valid_to = case.licence_valid_until or licences.valid_to(
                    day, item.licence_validity_months)
                vals_list.append({
                    "name": licences.licence_number(
                        item._get_licence_prefix(), year, serial, item.licence_padding),
                    "identifier": case._get_licence_identifier(item, bureau, year, serial),
                    "licence_type_name": item.licence_name or item.name,
                    "case_id": case.id,
                    "item_id": item.id,
                    "holder_type": case.applicant_type,
                    "holder_name": case.applicant_name,
                    "holder_id_number_raw": raw.applicant_id_number_raw,
                    "scope": case.licence_scope,
                    "issue_date": day,
                    "valid_from": day,
                    "valid_to": valid_to,
                    "authority_name": bureau.name,
                    "authority_code": bureau.uscc,
                    "year": year,
                    "serial": serial,
                    "version": 1,
                    "state": "valid",
                    "state_date": day,
                    "expiry_status": Licence._get_expiry_status("valid", valid_to, today),
                })
        created = Licence.create(vals_list)
        for licence in created:
            licence.message_post(body=self.env._(
                "Licence issued on the sealing of decision %(decision)s.",
                decision=licence.case_id.decision_ref))
        return created

    @api.model
    def _get_licence_identifier(self, item, bureau, year, serial, version=1):
        """The GB/T 36904 identifier, when the item has a licence type code and the bureau a
        credit code; else empty."""
        if not (item.licence_type_code or "").strip() or not (bureau.uscc or "").strip():
            return False
        try:
            return licences.make_identifier(
                item.licence_type_code, bureau.uscc, licences.identifier_serial(year, serial),
                version)
        except ValueError as error:
            raise UserError(self.env._(
                "The licence identifier of %(item)s cannot be made (%(error)s): check its "
                "licence type code.", item=item.name, error=str(error))) from None
