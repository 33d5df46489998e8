import re

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq

from ..tools import querycodes
from ..tools.ratelimit import RateLimiter

# What secrets.token_urlsafe(32) produces (43 characters), with some room; anything else is
# refused before the database is queried.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
ITEM_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
DEFAULT_PUBLIC_LANG = "zh_CN"
# Application numbers as numbered by the case sequence (DW20261127...), with some room.
NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9/_-]{4,40}$")
# /dawa/query: a few tries per minute and client address, against guessing query codes
QUERY_LIMITER = RateLimiter(limit=5, period=60)
# The token is in the address: keep it out of caches, search engines and referrers.
PUBLIC_HEADERS = [
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("X-Frame-Options", "DENY"),
]


class DawaPublicController(http.Controller):
    """Public pages for applicants (no login): the case page with its rating form and the
    service guide of a published item."""

    @http.route("/dawa/case/<string:token>", type="http", auth="public", methods=["GET"],
                csrf=False)
    def case_page(self, token, **kwargs):
        case = self._get_case(token)
        return self._render_case(case)

    @http.route("/dawa/case/<string:token>/rate", type="http", auth="public",
                methods=["POST"], csrf=True)
    def case_rate(self, token, rating=None, comment=None, **kwargs):
        case = self._get_case(token)
        if not request.env.user._is_public():
            # the applicant rates the service, from the link on his notice or phone: a user
            # logged in to the back office (staff) never rates in his name
            return self._render_case(case, error=request.env._(
                "You are logged in to the bureau's back office: only the applicant rates the "
                "service. Log out first if you are the applicant."), status=403)
        try:
            with request.env.cr.savepoint():
                case._rate(rating, comment, origin=request.httprequest.remote_addr)
        except (UserError, ValidationError) as error:
            return self._render_case(case, error=error.args[0], form_rating=rating or "",
                                     form_comment=comment or "", status=400)
        return request.redirect(f"/dawa/case/{token}#rating", code=303, local=True)

    @http.route("/dawa/satisfaction", type="http", auth="public", methods=["GET"], csrf=False)
    def satisfaction(self, **kwargs):
        """The monthly satisfaction figures of the bureau's services, published (国办发〔2019〕
        51号: 评价结果向社会公开): counts only, no case, applicant, comment or staff member."""
        self._set_public_lang()
        env = request.env
        levels = dict(env["dawa.approval.case"]._fields["rating"]._description_selection(env))
        return request.render("dawa_approval.public_satisfaction_page", {
            "rows": env["dawa.approval.case"]._get_monthly_satisfaction(),
            "level_labels": [levels[key] for key in ("5", "4", "3", "2", "1")],
            "html_lang": env.lang.replace("_", "-"),
        }, headers=[("Cache-Control", "no-cache"), ("X-Frame-Options", "DENY")])

    @http.route("/dawa/guide/<string:code>", type="http", auth="public", methods=["GET"],
                csrf=False)
    def item_guide(self, code, **kwargs):
        self._set_public_lang()
        if not ITEM_CODE_PATTERN.match(code or ""):
            raise self._not_found()
        # sudo: visitors have no access to the catalogue; only published items are shown
        item = request.env["dawa.approval.item"].sudo().search(
            [("code", "=", code), ("state", "=", "published")], limit=1)
        if not item:
            raise self._not_found()
        values = self._get_guide_values(item)
        values["html_lang"] = request.env.lang.replace("_", "-")
        return request.render("dawa_approval.public_item_guide_page", values,
                              headers=PUBLIC_HEADERS)

    @http.route("/dawa/query", type="http", auth="public", methods=["GET", "POST"],
                csrf=True)
    def case_query(self, number=None, code=None, **kwargs):
        """The applicant types the application number and the query code of the acceptance
        notice and lands on the case's public page; a wrong pair gets one generic message,
        whichever part is wrong."""
        self._set_public_lang()
        if request.httprequest.method != "POST":
            return self._render_query()
        number = (number or "").strip().upper()
        if not QUERY_LIMITER.hit(request.httprequest.remote_addr or ""):
            return self._render_query(number, request.env._(
                "Too many attempts. Please wait a minute and try again."), status=429)
        case = self._find_case_by_code(number, code)
        if not case:
            return self._render_query(number, request.env._(
                "No application matches this application number and query code. Please "
                "check them against your acceptance notice."), status=400)
        return request.redirect(f"/dawa/case/{case.access_token}", code=303, local=True)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _not_found(self):
        """A 404 of the public pages, in the visitor's language (Odoo's own is English)."""
        html = request.env["ir.ui.view"]._render_template("dawa_approval.public_not_found_page", {
            "html_lang": request.env.lang.replace("_", "-"),
        })
        response = request.make_response(
            html, headers=[("Content-Type", "text/html; charset=utf-8"), *PUBLIC_HEADERS],
            status=404)
        return NotFound(response=response)

    def _find_case_by_code(self, number, code):
        code = querycodes.normalize(code)
        if not code or not NUMBER_PATTERN.match(number or ""):
            return None
        # sudo: the applicant is not logged in; number and query code are his access right
        case = request.env["dawa.approval.case"].sudo().with_context(active_test=False).search(
            [("name", "=", number)], limit=1)
        if not case or not case.query_code or not consteq(case.query_code, code):
            return None
        return case

    def _render_query(self, number="", error="", status=200):
        return request.render("dawa_approval.public_query_page", {
            "number": number,
            "error": error,
            "csrf_token": request.csrf_token(),
            "html_lang": request.env.lang.replace("_", "-"),
        }, status=status, headers=PUBLIC_HEADERS)

    def _get_case(self, token):
        """The case of ``token``, or a 404 for any unknown or malformed token."""
        self._set_public_lang()
        if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
            raise self._not_found()
        # sudo: the applicant is not logged in; the random token is his access right
        case = request.env["dawa.approval.case"].sudo().with_context(active_test=False).search(
            [("access_token", "=", token)], limit=1)
        if not case or not case.access_token or not consteq(case.access_token, token):
            raise self._not_found()
        return case

    def _render_case(self, case, status=200, **form):
        values = case._get_public_values()
        values.update({
            "error": form.get("error") or "",
            "form_rating": form.get("form_rating") or "",
            "form_comment": form.get("form_comment") or "",
            "token": case.access_token,
            "csrf_token": request.csrf_token(),
            "html_lang": request.env.lang.replace("_", "-"),
        })
        return request.render("dawa_approval.public_case_page", values, status=status,
                              headers=PUBLIC_HEADERS)

    def _get_guide_values(self, item):
        """The public service guide (办事指南) of ``item``: plain values only."""
        env = item.env
        types = dict(item._fields["item_type"]._description_selection(env))
        kinds = dict(item._fields["case_kind"]._description_selection(env))
        procedure_kinds = dict(
            env["dawa.approval.item.procedure"]._fields["kind"]._description_selection(env))
        return {
            "name": item.name,
            "code": item.code,
            "item_type": types.get(item.item_type, ""),
            "case_kind": item.case_kind,
            "case_kind_label": kinds.get(item.case_kind, ""),
            "agency": item.handling_agency_id.name or "",
            "conditions": item.conditions or "",
            "legal_basis": item.legal_basis or "",
            "promised_days": item.promised_days,
            "statutory_days": item.statutory_days,
            "visits_required": item.visits_required,
            "fee_required": item.fee_required,
            "fee_standard": item.fee_standard or "",
            "online": item.online,
            "window": item.window or "",
            "phone": item.phone or "",
            "materials": [{
                "name": material.name,
                "original_copies": material.original_copies,
                "photocopies": material.photocopies,
                "required": material.required,
                "tolerance_allowed": material.tolerance_allowed,
                "note": material.note or "",
            } for material in item.material_ids],
            "procedures": [{
                "name": procedure.name,
                "kind": procedure_kinds.get(procedure.kind, ""),
                "max_days": procedure.max_days,
            } for procedure in item.special_procedure_ids],
        }

    def _set_public_lang(self):
        """Render in the visitor's language when it is installed (Accept-Language),
        in Simplified Chinese otherwise."""
        installed = [code for code, _name in request.env["res.lang"].get_installed()]
        lang = None
        for asked, _quality in request.httprequest.accept_languages:
            asked = asked.replace("-", "_")
            if asked in installed:
                lang = asked
                break
            prefix = asked.split("_")[0].lower()
            if prefix == "zh" and DEFAULT_PUBLIC_LANG in installed:
                lang = DEFAULT_PUBLIC_LANG
                break
            same_language = [code for code in installed if code.split("_")[0] == prefix]
            if same_language:
                lang = same_language[0]
                break
        if not lang:
            lang = DEFAULT_PUBLIC_LANG if DEFAULT_PUBLIC_LANG in installed else "en_US"
        request.update_context(lang=lang)
