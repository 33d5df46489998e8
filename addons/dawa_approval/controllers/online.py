"""一网通办 for applicants (no login): online application, online correction, publicity of
approvals (双公示) and complaints (投诉).

Every form carries Odoo's CSRF token and a signed one-time form key (a replayed form makes
no second case or complaint); every POST counts against a per-address limit; every check is
done before anything is written, and what is written is written in one savepoint, so a refused
submission leaves nothing behind."""

import base64
import csv
import io
import json
import re
import secrets
import time
from urllib.parse import quote as url_quote

import psycopg2

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.http import content_disposition, request
from odoo.tools import consteq, format_date
from odoo.tools.misc import hmac

from ..tools import filetypes, idnumbers, querycodes
from ..tools.ratelimit import RateLimiter
from .portal import (
    ITEM_CODE_PATTERN,
    NUMBER_PATTERN,
    PUBLIC_HEADERS,
    QUERY_LIMITER,
    DawaPublicController,
)

# Submissions per address: a person files a few applications, a script is stopped.
APPLY_LIMITER = RateLimiter(limit=5, period=600)
CORRECT_LIMITER = RateLimiter(limit=10, period=600)
COMPLAINT_LIMITER = RateLimiter(limit=5, period=600)
# searches of the public list of approvals per address
PUBLICITY_LIMITER = RateLimiter(limit=30, period=60)
# A form is good for this long after it was opened.
FORM_KEY_MAX_AGE = 4 * 3600
FORM_KEY_PATTERN = re.compile(r"^(\d{1,12})\.([A-Za-z0-9_-]{16,64})\.([0-9a-f]{64})$")
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")
NAME_MAX = 100
DEFAULT_UPLOAD_MAX_MB = 10
PUBLICITY_PAGE_SIZE = 20
# 行政许可信息 data set (national credit platform): our key → its field name
PUBLICITY_EXPORT_FIELDS = [
    ("holder", "行政相对人名称"),
    ("holder_kind_label", "行政相对人类别"),
    ("uscc", "统一社会信用代码"),
    ("document_name", "行政许可决定文书名称"),
    ("decision_ref", "行政许可决定文书号"),
    ("license_kind", "许可类别"),
    ("items", "许可内容"),
    ("decision_date", "许可决定日期"),
    ("valid_from", "有效期自"),
    ("valid_to", "有效期至"),
    ("authority", "许可机关"),
    ("authority_uscc", "许可机关统一社会信用代码"),
    ("status", "当前状态"),
    ("authority", "数据来源单位"),
    ("authority_uscc", "数据来源单位统一社会信用代码"),
]


def _portal():
    return DawaPublicController()


def _client_address():
    return request.httprequest.remote_addr or ""


def _new_form_key(scope):
    """A key signed with the database secret: issued by this form, for one submission."""
    message = f"{int(time.time())}.{secrets.token_urlsafe(24)}"
    # sudo: the database secret signs the key; the visitor never sees the secret
    return f"{message}.{hmac(request.env(su=True), scope, message)}"


def _check_form_key(scope, key):
    """The key if it was issued by our form of ``scope`` and has not expired, else None."""
    match = FORM_KEY_PATTERN.match(key or "")
    if not match:
        return None
    issued, nonce, signature = match.groups()
    # sudo: as above
    expected = hmac(request.env(su=True), scope, f"{issued}.{nonce}")
    if not consteq(signature, expected):
        return None
    if not 0 <= time.time() - int(issued) <= FORM_KEY_MAX_AGE:
        return None
    return key


def _upload_max_bytes():
    # sudo: the public form reads the bureau's setting
    value = request.env["ir.config_parameter"].sudo().get_param(
        "dawa_approval.upload_max_mb", DEFAULT_UPLOAD_MAX_MB)
    try:
        return max(int(value), 1) * 1024 * 1024
    except (TypeError, ValueError):
        return DEFAULT_UPLOAD_MAX_MB * 1024 * 1024


def _read_upload(storage, label, errors):
    """(file name, mimetype, base64 content) of an uploaded file, or None with the reason
    appended to ``errors``: the size is checked before the file is read, the type from its
    first bytes."""
    env = request.env
    stream = storage.stream
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    limit = _upload_max_bytes()
    if size > limit:
        errors.append(env._(
            "%(material)s: the file is %(size)s MB, larger than the %(max)s MB allowed. "
            "Scan it at a lower resolution or in black and white.",
            material=label, size=round(size / 1024 / 1024, 1), max=limit // 1024 // 1024))
        return None
    kind = filetypes.sniff(stream.read(filetypes.HEAD_SIZE))
    if not kind:
        errors.append(env._(
            "%(material)s: only PDF, JPEG or PNG files are accepted, and %(file)s is none of "
            "them (its content was checked, not its name).",
            material=label, file=filetypes.safe_filename(storage.filename, "")[:-1] or "-"))
        return None
    stream.seek(0)
    mimetype, extension = kind
    content = stream.read()
    if mimetype.startswith("image/"):
        # the size is read from the header: an image is never decoded for a visitor
        size = filetypes.image_size(content)
        if not size or size[0] * size[1] > filetypes.MAX_IMAGE_PIXELS:
            errors.append(env._(
                "%(material)s: the image is too large (%(pixels)s million pixels at most) or "
                "damaged. Scan it at a lower resolution, or send a PDF.",
                material=label, pixels=filetypes.MAX_IMAGE_PIXELS // 1_000_000))
            return None
    return (filetypes.safe_filename(storage.filename, extension), mimetype,
            base64.b64encode(content))


def too_large_response():
    """The page of a submission whose files the server refused to read (too large)."""
    _portal()._set_public_lang()
    env = request.env
    html = env["ir.ui.view"]._render_template("dawa_approval.public_message_page", {
        "heading": env._("Files Too Large"),
        "message": env._(
            "The files sent are too large: each file may have at most %(max)s MB. Scan the "
            "materials at a lower resolution or in black and white, then go back and send the "
            "form again.", max=_upload_max_bytes() // 1024 // 1024),
        "html_lang": env.lang.replace("_", "-"),
    })
    return request.make_response(
        html, headers=[("Content-Type", "text/html; charset=utf-8"), *PUBLIC_HEADERS],
        status=413)


class DawaOnlineController(http.Controller):

    # ------------------------------------------------------------------
    # 网上申报: online application
    # ------------------------------------------------------------------

    @http.route("/dawa/apply/<string:code>", type="http", auth="public",
                methods=["GET", "POST"], csrf=True, dawa_upload=True)
    def apply(self, code, **post):
        portal = _portal()
        portal._set_public_lang()
        item = self._get_online_item(code)
        if request.httprequest.method != "POST":
            return self._render_apply(item)
        env = request.env
        if not APPLY_LIMITER.hit(_client_address()):
            return self._render_apply(item, post, [env._(
                "Too many applications were sent from your network. Please wait ten minutes "
                "and try again, or apply at the window.")], status=429)
        key = _check_form_key("dawa-apply", post.get("form_key"))
        if not key:
            return self._render_apply(item, {}, [env._(
                "This form has expired or is not valid. The form has been opened again: "
                "please fill it in and send it once more.")], status=400)
        # sudo: the visitor cannot read cases; only whether this form made one is looked at
        Case = env["dawa.approval.case"].sudo().with_context(active_test=False)
        if Case.search_count([("online_form_key", "=", key)], limit=1):
            return self._render_replayed()
        values, errors = self._check_applicant(post)
        uploads = {}
        for material in item.material_ids:
            storage = request.httprequest.files.get(f"file_{material.id}")
            if not storage or not storage.filename:
                if material.required:
                    errors.append(env._(
                        "%(material)s is required: upload it as a PDF, JPEG or PNG file.",
                        material=material.name))
                continue
            upload = _read_upload(storage, material.name, errors)
            if upload:
                uploads[material] = upload
        if errors:
            return self._render_apply(item, post, errors, status=400)
        try:
            with env.cr.savepoint():
                case = Case.with_context(
                    mail_create_nolog=True, mail_notrack=True, tracking_disable=True).create({
                        **values,
                        "channel": "online",
                        "user_id": False,
                        "online_form_key": key,
                        "line_ids": [Command.create({"item_id": item.id})],
                    })
                by_material = {line.item_material_id: line for line in case.material_ids}
                env["dawa.approval.case.material"].sudo()._store_uploads({
                    by_material[material]: upload for material, upload in uploads.items()})
                case.with_context(tracking_disable=False)._notify_online_upload(
                    case.material_ids.filtered("upload_state"))
        except psycopg2.IntegrityError:
            # the same form sent twice at the same moment: the other one made the case
            return self._render_replayed()
        except (UserError, ValidationError) as error:
            return self._render_apply(item, post, [error.args[0]], status=400)
        return request.render("dawa_approval.public_apply_done_page", {
            "number": case.name,
            "query_code": case.query_code,
            "item_name": item.name,
            "received_date": format_date(env, case.received_date),
            "correction_due": format_date(
                env, case._get_correction_notice_due(
                    env["dawa.holiday"]._get_work_calendar())),
            "materials": [{"name": line.name, "file": line.upload_filename or ""}
                          for line in case.material_ids],
            "case_url": f"/dawa/case/{case.access_token}",
            "html_lang": env.lang.replace("_", "-"),
        }, headers=PUBLIC_HEADERS)

    @http.route("/dawa/case/<string:token>/payment_notice", type="http", auth="public",
                methods=["GET"], csrf=False)
    def payment_notice(self, token, **kwargs):
        """The 缴款通知书 of an approval with a fee, for the holder of the case's link."""
        portal = _portal()
        case = portal._get_case(token)
        if case.decision != "approved" or not case.fee_required:
            raise portal._not_found()
        # sudo: the visitor holds the case's token; the notice shows what he has to pay
        pdf, _type = request.env["ir.actions.report"].sudo()._render_qweb_pdf(
            "dawa_approval.report_case_payment_notice", case.ids)
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"),
            ("Content-Disposition", content_disposition(
                request.env._("Payment Notice-%(number)s.pdf", number=case.name))),
            *PUBLIC_HEADERS,
        ])

    # ------------------------------------------------------------------
    # 网上补正: online correction
    # ------------------------------------------------------------------

    @http.route("/dawa/correct", type="http", auth="public", methods=["GET", "POST"],
                csrf=True, dawa_upload=True)
    def correct(self, number=None, code=None, **post):
        portal = _portal()
        portal._set_public_lang()
        env = request.env
        if request.httprequest.method != "POST":
            return self._render_correct()
        number = (number or "").strip().upper()
        if not CORRECT_LIMITER.hit(_client_address()):
            return self._render_correct(number, error=env._(
                "Too many attempts. Please wait a minute and try again."), status=429)
        case = portal._find_case_by_code(number, code)
        if not case:
            return self._render_correct(number, error=env._(
                "No application matches this application number and query code. Please "
                "check them against your acceptance notice."), status=400)
        open_lines = self._get_correctable_lines(case)
        if not post.get("upload"):
            return self._render_correct(number, code, case, open_lines)
        errors = []
        uploads = {}
        for line in open_lines:
            storage = request.httprequest.files.get(f"file_{line.id}")
            if storage and storage.filename:
                upload = _read_upload(storage, line.name, errors)
                if upload:
                    uploads[line] = upload
        if not uploads and not errors:
            errors.append(env._("Choose the corrected file of at least one material."))
        if errors:
            return self._render_correct(number, code, case, open_lines, errors=errors,
                                        status=400)
        with env.cr.savepoint():
            lines = env["dawa.approval.case.material"].sudo().union(*uploads)
            lines._store_uploads(uploads)
            case._notify_online_upload(lines, corrected=True)
        return self._render_correct(number, code, case, self._get_correctable_lines(case),
                                    done=lines.mapped("name"))

    # ------------------------------------------------------------------
    # 双公示: publicity of approvals
    # ------------------------------------------------------------------

    @http.route("/dawa/publicity", type="http", auth="public", methods=["GET"], csrf=False)
    def publicity(self, q=None, page=None, **kwargs):
        _portal()._set_public_lang()
        env = request.env
        search = (q or "").strip()[:60]
        if search and not PUBLICITY_LIMITER.hit(_client_address()):
            return request.make_response(
                env._("Too many searches: please try again in a minute."), status=429,
                headers=[("Content-Type", "text/plain; charset=utf-8"),
                         ("Retry-After", "60")])
        try:
            page = max(int(page or 1), 1)
        except ValueError:
            page = 1
        # sudo: published approvals are public; only their published particulars are shown
        Case = env["dawa.approval.case"].sudo()
        domain = Case._get_publicity_domain(search)
        total = Case.search_count(domain)
        cases = Case.search(domain, order="decision_date desc, id desc",
                            limit=PUBLICITY_PAGE_SIZE, offset=(page - 1) * PUBLICITY_PAGE_SIZE)
        rows = cases._get_publicity_records()
        for row in rows:
            for name in ("decision_date", "valid_from", "valid_to"):
                row[name] = format_date(env, row[name]) if row[name] else ""
        return request.render("dawa_approval.public_publicity_page", {
            "rows": rows,
            "search": search,
            "search_param": url_quote(search),
            "page": page,
            "pages": max((total + PUBLICITY_PAGE_SIZE - 1) // PUBLICITY_PAGE_SIZE, 1),
            "total": total,
            "html_lang": env.lang.replace("_", "-"),
        }, headers=[("Cache-Control", "no-cache"), ("X-Frame-Options", "DENY")])

    @http.route("/dawa/publicity/export.<string:fmt>", type="http", auth="user",
                methods=["GET"])
    def publicity_export(self, fmt, **kwargs):
        """The published approvals in the national 行政许可信息 data set's field names, for
        upload to the credit platform (bureau staff only)."""
        env = request.env
        if fmt not in ("csv", "json") or not env.user.has_group(
                "dawa_approval.group_window_clerk"):
            raise _portal()._not_found()
        # sudo: the export holds the public particulars of every published approval
        Case = env["dawa.approval.case"].sudo()
        cases = Case.search(Case._get_publicity_domain(), order="decision_date, id")
        records = []
        for row in cases._get_publicity_records():
            row.update({
                "holder_kind_label": "自然人" if row["holder_kind"] == "person"
                else "法人及非法人组织",
                "document_name": "准予行政许可决定书",
                "license_kind": "普通",
                "status": "2" if row["revoked"] else "1",
            })
            for name in ("decision_date", "valid_from", "valid_to"):
                row[name] = fields.Date.to_string(row[name]) if row[name] else (
                    "2099-12-31" if name == "valid_to" else "")
            records.append({label: row[key] for key, label in PUBLICITY_EXPORT_FIELDS})
        if fmt == "json":
            body = json.dumps(records, ensure_ascii=False, indent=1)
            mimetype = "application/json; charset=utf-8"
        else:
            output = io.StringIO()
            writer = csv.writer(output)
            writer.writerow([label for _key, label in PUBLICITY_EXPORT_FIELDS])
            writer.writerows([list(record.values()) for record in records])
            # with a byte-order mark: Excel opens the Chinese headers right
            body = "\ufeff" + output.getvalue()
            mimetype = "text/csv; charset=utf-8"
        return request.make_response(body, headers=[
            ("Content-Type", mimetype),
            ("Content-Disposition", content_disposition(f"行政许可信息.{fmt}")),
            ("Cache-Control", "no-store"),
        ])

    # ------------------------------------------------------------------
    # 投诉: complaints
    # ------------------------------------------------------------------

    @http.route("/dawa/complaint", type="http", auth="public", methods=["GET", "POST"],
                csrf=True)
    def complaint(self, **post):
        portal = _portal()
        portal._set_public_lang()
        env = request.env
        if request.httprequest.method != "POST":
            return self._render_complaint()
        if not COMPLAINT_LIMITER.hit(_client_address()):
            return self._render_complaint(post, [env._(
                "Too many complaints were sent from your network. Please wait ten minutes "
                "and try again, or call the bureau.")], status=429)
        key = _check_form_key("dawa-complaint", post.get("form_key"))
        if not key:
            return self._render_complaint({}, [env._(
                "This form has expired or is not valid. The form has been opened again: "
                "please fill it in and send it once more.")], status=400)
        # sudo: only whether this form already filed a complaint is looked at
        Complaint = env["dawa.complaint"].sudo()
        if Complaint.search_count([("online_form_key", "=", key)], limit=1):
            return self._render_replayed()
        errors = []
        subject = post.get("subject") if post.get("subject") in ("case", "item", "conduct") \
            else "conduct"
        values = {
            "subject": subject,
            "complainant_name": (post.get("name") or "").strip()[:NAME_MAX],
            "complainant_phone": (post.get("phone") or "").strip()[:20] or False,
            "content": (post.get("content") or "").strip(),
            "online_form_key": key,
        }
        if subject == "case":
            case = portal._find_case_by_code((post.get("number") or "").strip().upper(),
                                             post.get("code"))
            if not case:
                errors.append(env._(
                    "No application matches this application number and query code. Please "
                    "check them against your acceptance notice."))
            values["case_id"] = case and case.id
        elif subject == "item":
            item_code = (post.get("item_code") or "").strip()
            item = ITEM_CODE_PATTERN.match(item_code) and env["dawa.approval.item"].sudo().search(
                [("code", "=", item_code), ("state", "=", "published")], limit=1)
            if not item:
                errors.append(env._("No published approval item has this code."))
            values["item_id"] = item and item.id
        if not values["complainant_name"]:
            errors.append(env._("Enter your name."))
        if not values["content"]:
            errors.append(env._("Describe what you complain about."))
        if values["complainant_phone"] and not PHONE_PATTERN.match(values["complainant_phone"]):
            errors.append(env._("The phone number is not valid."))
        if not errors:
            try:
                with env.cr.savepoint():
                    complaint = Complaint.with_context(
                        mail_create_nolog=True, tracking_disable=True).create(values)
            except psycopg2.IntegrityError:
                return self._render_replayed()
            except (UserError, ValidationError) as error:
                errors.append(error.args[0])
        if errors:
            return self._render_complaint(post, errors, status=400)
        return request.render("dawa_approval.public_complaint_done_page", {
            "number": complaint.name,
            "query_code": complaint.query_code,
            "deadline": format_date(env, complaint.deadline),
            "html_lang": env.lang.replace("_", "-"),
        }, headers=PUBLIC_HEADERS)

    @http.route("/dawa/complaint/query", type="http", auth="public", methods=["GET", "POST"],
                csrf=True)
    def complaint_query(self, number=None, code=None, **post):
        _portal()._set_public_lang()
        env = request.env
        values = {"number": "", "error": "", "complaint": None,
                  "csrf_token": request.csrf_token(),
                  "html_lang": env.lang.replace("_", "-")}
        status = 200
        if request.httprequest.method == "POST":
            number = (number or "").strip().upper()
            values["number"] = number
            complaint = None
            if not QUERY_LIMITER.hit(_client_address()):
                values["error"] = env._("Too many attempts. Please wait a minute and try again.")
                status = 429
            else:
                code = querycodes.normalize(code)
                if code and NUMBER_PATTERN.match(number):
                    # sudo: the complaint number and its code are the complainant's access
                    complaint = env["dawa.complaint"].sudo().search([("name", "=", number)],
                                                                    limit=1)
                if not complaint or not consteq(complaint.query_code or "", code or "-"):
                    complaint = None
                    values["error"] = env._(
                        "No complaint matches this number and query code.")
                    status = 400
            if complaint:
                public = complaint._get_public_values()
                for name in ("received_date", "deadline", "answered_date"):
                    public[name] = format_date(env, public[name]) if public[name] else ""
                values["complaint"] = public
        return request.render("dawa_approval.public_complaint_query_page", values,
                              status=status, headers=PUBLIC_HEADERS)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _get_online_item(self, code):
        """The published item of ``code`` that takes online applications, or a 404."""
        if not ITEM_CODE_PATTERN.match(code or ""):
            raise _portal()._not_found()
        # sudo: visitors have no access to the catalogue; only published online items
        item = request.env["dawa.approval.item"].sudo().search(
            [("code", "=", code), ("state", "=", "published"), ("online", "=", True)], limit=1)
        if not item or item.handling_agency_id != request.env["dawa.agency"].sudo()._get_bureau():
            raise _portal()._not_found()
        return item

    def _check_applicant(self, post):
        """Case values of the applicant typed in ``post`` and the errors found: the same
        checks and messages as at the window (the case's own constraint)."""
        env = request.env
        errors = []
        applicant_type = post.get("applicant_type")
        if applicant_type not in ("person", "organization"):
            errors.append(env._("Choose whether you apply as a person or an organisation."))
            applicant_type = "organization"
        name = (post.get("applicant_name") or "").strip()
        if not name:
            errors.append(env._("Enter the applicant's name."))
        elif len(name) > NAME_MAX:
            errors.append(env._("The name is too long: %(max)s characters at most.",
                                max=NAME_MAX))
        number = idnumbers.normalize_uscc(idnumbers.normalize_resident_id(
            post.get("applicant_id_number")))
        if not number:
            errors.append(env._(
                "Enter the applicant's ID number (resident identity card or unified social "
                "credit code)."))
        else:
            # the window's check: the constraint of the case, on a record not saved
            probe = env["dawa.approval.case"].sudo().new({
                "applicant_type": applicant_type, "applicant_id_number_raw": number})
            try:
                probe._check_applicant_id_number()
            except ValidationError as error:
                errors.append(error.args[0])
        phone = (post.get("applicant_phone") or "").strip()
        if not PHONE_PATTERN.match(phone):
            errors.append(env._(
                "Enter a phone number where the bureau can reach you (digits only)."))
        return {
            "applicant_type": applicant_type,
            "applicant_name": name,
            "applicant_id_number": number,
            "applicant_phone": phone,
        }, errors

    def _get_correctable_lines(self, case):
        """The material lines the applicant may upload again: those the clerk asked to
        correct, and, once a correction notice was sent, the missing ones not uploaded yet."""
        if case.state not in ("received", "correction"):
            return case.material_ids.browse()
        lines = case.material_ids.filtered(lambda line: line.upload_state == "correction")
        if case.state == "correction":
            lines |= case.material_ids._filter_missing().filtered(
                lambda line: line.upload_state != "uploaded")
        return lines.sorted(lambda line: (line.sequence, line.id))

    def _render_apply(self, item, post=None, errors=(), status=200):
        post = post or {}
        env = request.env
        return request.render("dawa_approval.public_apply_page", {
            "item_name": item.name,
            "item_code": item.code,
            "fee_required": item.fee_required,
            "materials": [{"id": material.id, "name": material.name,
                           "required": material.required, "note": material.note or ""}
                          for material in item.material_ids],
            "max_mb": _upload_max_bytes() // 1024 // 1024,
            "errors": list(errors),
            "form": {name: (post.get(name) or "")[:NAME_MAX] for name in (
                "applicant_type", "applicant_name", "applicant_id_number", "applicant_phone")},
            "form_key": _new_form_key("dawa-apply"),
            "csrf_token": request.csrf_token(),
            "html_lang": env.lang.replace("_", "-"),
        }, status=status, headers=PUBLIC_HEADERS)

    def _render_correct(self, number="", code="", case=None, lines=None, errors=(), done=(),
                        status=200, error=""):
        env = request.env
        values = {
            "number": number,
            "code": querycodes.normalize(code) if case else "",
            "errors": list(errors) + ([error] if error else []),
            "done": list(done),
            "case": None,
            "csrf_token": request.csrf_token(),
            "html_lang": env.lang.replace("_", "-"),
            "max_mb": _upload_max_bytes() // 1024 // 1024,
        }
        if case:
            states = dict(case._fields["state"]._description_selection(env))
            values["case"] = {
                "number": case.name,
                "state": case.state,
                "state_label": states[case.state],
                "note": case.correction_note or "" if case.state == "correction" else "",
                "lines": [{
                    "id": line.id,
                    "name": line.name,
                    "feedback": line.upload_feedback or "",
                    "file": line.upload_filename or "",
                } for line in lines],
            }
        return request.render("dawa_approval.public_correct_page", values, status=status,
                              headers=PUBLIC_HEADERS)

    def _render_complaint(self, post=None, errors=(), status=200):
        post = post or {}
        env = request.env
        return request.render("dawa_approval.public_complaint_page", {
            "errors": list(errors),
            "form": {name: (post.get(name) or "")[:4000] for name in (
                "subject", "number", "item_code", "name", "phone", "content")},
            "form_key": _new_form_key("dawa-complaint"),
            "csrf_token": request.csrf_token(),
            "html_lang": env.lang.replace("_", "-"),
        }, status=status, headers=PUBLIC_HEADERS)

    def _render_replayed(self):
        env = request.env
        return request.render("dawa_approval.public_message_page", {
            "heading": env._("Already Submitted"),
            "message": env._(
                "This form was already submitted and has been received; it is not taken "
                "twice. Look up your application with the number and query code you were "
                "given, or open the form again for a new one."),
            "html_lang": env.lang.replace("_", "-"),
        }, status=409, headers=PUBLIC_HEADERS)
