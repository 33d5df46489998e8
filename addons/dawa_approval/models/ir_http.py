from werkzeug.exceptions import RequestEntityTooLarge

from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        if rule.endpoint.routing.get("dawa_upload") and request.httprequest.method == "POST":
            try:
                # read the uploads now: a body too large for the server gets the applicant's
                # own answer, in his language, instead of the server's English error
                request.httprequest.files  # noqa: B018
            except RequestEntityTooLarge as error:
                # import here: the controllers import the models' package, not the reverse
                from ..controllers.online import too_large_response  # noqa: PLC0415
                raise RequestEntityTooLarge(response=too_large_response()) from error
        return result
