from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools import certificates


class DawaLicenceCertificate(models.AbstractModel):
    """The certificate of a licence (证书): the one layout of its form type, printed on the
    next numbered blank form (套打, the serial of the form recorded on the licence) and
    rendered once as the electronic licence (``dawa.licence.electronic``). The values are
    the licence's, written as the bureau writes them: the issue date under the seal in
    Chinese numerals (二〇二六年十二月七日)."""

    _name = "dawa.licence.certificate"
    _description = "Licence Certificate"

    certificate_type_id = fields.Many2one(
        "dawa.certificate.type", string="Certificate Form Type",
        compute="_compute_certificate_type_id",
        help="The pre-printed form the licences of the item print on.")
    certificate_serial = fields.Char(
        string="Certificate Form Serial", readonly=True, copy=False, index=True,
        tracking=True, help="The serial of the blank form the licence is printed on.")
    certificate_form_ids = fields.One2many(
        "dawa.certificate.form", "licence_id", string="Forms Used",
        help="Every blank form used for this licence, the voided ones included.")

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "certificate_serial", "certificate_form_ids"]

    def _compute_certificate_type_id(self):
        for licence in self:
            # sudo: the form type of the item is shown to who reads the licence
            licence.certificate_type_id = licence.sudo().item_id.certificate_type_id

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_print_certificate(self):
        """Print the licence on the next blank form of its type: the form's serial is taken
        and recorded (it is issued, once), then the 套打 layout is printed at the type's
        offsets. A licence already on a form is printed again only after that form is
        voided (a sheet spoiled in the printer, a licence filled in wrongly)."""
        self.ensure_one()
        user = self.env.user
        if not self.env.su and not user.has_group("dawa_approval.group_window_clerk"):
            raise UserError(self.env._("Only the window clerks print the certificates."))
        if self.state != "valid":
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(self.env._(
                "Licence %(licence)s is %(state)s: its certificate is not printed.",
                licence=self.name, state=labels[self.state]))
        certificate_type = self.certificate_type_id
        if not certificate_type:
            raise UserError(self.env._(
                "The item of licence %(licence)s has no certificate form type: the catalogue "
                "administrator sets it on the item.", licence=self.name))
        if self.certificate_serial:
            raise UserError(self.env._(
                "Licence %(licence)s is already printed on form %(form)s: void that form "
                "first (with the reason) to print it on another.", licence=self.name,
                form=self.certificate_serial))
        form = self.env["dawa.certificate.form"]._take_next(certificate_type, self)
        self._workflow_write({"certificate_serial": form.name})
        self.message_post(body=self.env._(
            "Printed on certificate form %(form)s by %(user)s.", form=form.name,
            user=user.name))
        return self.env.ref("dawa_licence.action_report_licence_paper").report_action(self)

    def action_void_certificate_form(self):
        """The form this licence is printed on, spoiled: asks for the reason."""
        self.ensure_one()
        form = self.certificate_form_ids.filtered(lambda f: f.state == "issued")
        if not form:
            raise UserError(self.env._("Licence %(licence)s is not printed on a form.",
                                       licence=self.name))
        return form.action_open_void_wizard()

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    def _get_certificate_values(self):
        """What the certificate prints, as plain strings (the layouts show them)."""
        self.ensure_one()
        # sudo: the certificate prints the holder's identifier in full, as the paper does
        licence = self.sudo()
        env = self.env
        zh = (env.lang or "").startswith("zh")

        def long_date(day):
            return format_date(env, day, date_format="long") if day else ""

        if licence.valid_to:
            validity = env._("%(start)s to %(end)s", start=long_date(licence.valid_from),
                             end=long_date(licence.valid_to))
        else:
            validity = env._("From %(start)s, without end", start=long_date(licence.valid_from))
        code_label = env._("Unified Social Credit Code") if licence.holder_type == "organization" \
            else env._("ID Number")
        return {
            "title": licence.licence_type_name or licence.item_id.name,
            "number": licence.name,
            "holder": licence.holder_name,
            "code_label": code_label,
            "code": licence.holder_id_number_raw or "",
            "scope": licence.scope or "",
            "validity": validity,
            "identifier": licence.identifier or "",
            "authority": licence.authority_name or "",
            "issue_date": certificates.chinese_date(licence.issue_date) if zh
            else long_date(licence.issue_date),
            "version": licence.version,
            "verification_url": licence.verification_url or "",
        }
