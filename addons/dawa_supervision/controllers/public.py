from odoo import http
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.dawa_approval.controllers.portal import (
    PUBLIC_HEADERS,
    TOKEN_PATTERN,
    DawaPublicController,
)


class DawaInspectionPublicController(DawaPublicController):
    """一公开: the public page of a random inspection plan (no login), with everything needed
    to re-run the draw, and only what 一公开 requires (no ID number, no phone)."""

    @http.route("/dawa/inspections/<string:token>", type="http", auth="public",
                methods=["GET"], csrf=False)
    def inspection_page(self, token, **kwargs):
        self._set_public_lang()
        if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
            raise self._not_found()
        # sudo: visitors are not logged in; the random token of a published plan is the key
        plan = request.env["dawa.inspection.plan"].sudo().search(
            [("access_token", "=", token), ("state", "!=", "draft")], limit=1)
        if not plan or not plan.access_token or not consteq(plan.access_token, token):
            raise self._not_found()
        values = plan._get_public_values()
        values["html_lang"] = request.env.lang.replace("_", "-")
        return request.render("dawa_supervision.public_inspection_page", values,
                              headers=PUBLIC_HEADERS)
