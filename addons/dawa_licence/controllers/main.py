from odoo import http
from odoo.http import request
from odoo.tools import consteq, format_date

from odoo.addons.dawa_approval.controllers.portal import (
    PUBLIC_HEADERS,
    TOKEN_PATTERN,
    DawaPublicController,
)
from odoo.addons.dawa_approval.tools import filetypes
from odoo.addons.dawa_approval.tools.ratelimit import RateLimiter

# /dawa/licence/<code>: a bank or an inspector checks a few licences a minute; a client
# trying codes at random is stopped long before it could find one (43 random characters)
VERIFY_LIMITER = RateLimiter(limit=30, period=60, name="dawa_licence.verify")


class DawaLicencePublicController(DawaPublicController):
    """The public verification page of a licence (no login): who holds it, for what, until
    when, and whether it is still valid."""

    @http.route("/dawa/licence/<string:code>", type="http", auth="public", methods=["GET"],
                csrf=False)
    def licence_page(self, code, **kwargs):
        self._set_public_lang()
        if not VERIFY_LIMITER.hit(request.httprequest.remote_addr or ""):
            html = request.env["ir.ui.view"]._render_template(
                "dawa_licence.public_licence_busy_page",
                {"html_lang": request.env.lang.replace("_", "-")})
            return request.make_response(
                html, headers=[("Content-Type", "text/html; charset=utf-8"), *PUBLIC_HEADERS,
                               ("Retry-After", "60")], status=429)
        licence = self._get_licence(code)
        values = self._get_licence_values(licence)
        values["html_lang"] = request.env.lang.replace("_", "-")
        return request.render("dawa_licence.public_licence_page", values,
                              headers=PUBLIC_HEADERS)

    def _get_licence(self, code):
        """The licence of ``code``, or a 404 for any unknown or malformed code."""
        if not isinstance(code, str) or not TOKEN_PATTERN.match(code):
            raise self._not_found()
        # sudo: the visitor is not logged in; the random code printed on the licence is his
        # right to check it
        licence = request.env["dawa.licence"].sudo().search(
            [("verification_code", "=", code)], limit=1)
        if not licence or not licence.verification_code \
                or not consteq(licence.verification_code, code):
            raise self._not_found()
        return licence

    def _get_licence_values(self, licence):
        """What the page shows, as plain values: never an identity card number, a phone or
        a person's full name (masked as on the publicity list)."""
        env = request.env
        person = licence.holder_type == "person"
        states = dict(licence._fields["state"]._description_selection(env))
        return {
            "page_title": licence.name,
            "number": licence.name,
            "identifier": licence.identifier or "",
            "licence_name": licence.licence_type_name or "",
            "holder": filetypes.mask_person_name(licence.holder_name) if person
            else licence.holder_name,
            # an organisation's credit code is public; a person's number never shown
            "holder_code": "" if person else (licence.sudo().holder_id_number_raw or ""),
            "scope": licence.scope or "",
            "authority": licence.authority_name or "",
            "issue_date": format_date(env, licence.issue_date) if licence.issue_date else "",
            "valid_from": format_date(env, licence.valid_from) if licence.valid_from else "",
            "valid_to": format_date(env, licence.valid_to) if licence.valid_to else "",
            "version": licence.version,
            # the hash of the signed electronic licence: a copy is checked against it
            "sha256": licence.electronic_sha256 or "",
            "state": licence.state,
            "state_label": self._get_public_state_label(licence, states),
            "state_date": format_date(env, licence.state_date)
            if licence.state_date and licence.state != "valid" else "",
        }

    def _get_public_state_label(self, licence, states):
        if licence.state == "superseded":
            return request.env._("Changed: the new licence prevails")
        return states[licence.state]
