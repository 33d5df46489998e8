"""Uploads of an online application (网上申报), one per material check line."""

from odoo import api, fields, models
from odoo.exceptions import UserError

# States of a case in which the bureau still checks its materials.
CHECKING_STATES = ("received", "correction")


class DawaApprovalCaseMaterial(models.Model):
    _inherit = "dawa.approval.case.material"

    # the applicant's files (an identity card scan among them) follow the rule of his ID
    # number: the file is stored in a field only managers read (an attachment of that field,
    # which Odoo gives to nobody else, by /web/content or otherwise), and shown through a
    # computed field to the case's handler, reviewer and approver; never to seal keepers,
    # other clerks or the public
    upload_file = fields.Binary(string="Uploaded File (stored)", attachment=True, copy=False,
                                groups="dawa_approval.group_manager")
    upload_data = fields.Binary(string="Uploaded File", compute="_compute_upload_data",
                                groups="dawa_approval.group_window_clerk")
    upload_filename = fields.Char(string="File Name", readonly=True, copy=False)
    upload_mimetype = fields.Char(string="File Type", readonly=True, copy=False)
    upload_date = fields.Datetime(string="Uploaded On", readonly=True, copy=False)
    upload_state = fields.Selection(
        [
            ("uploaded", "Uploaded, Not Yet Checked"),
            ("checked", "Checked"),
            ("correction", "Correction Requested"),
        ],
        string="Upload", readonly=True, copy=False, index=True,
    )
    upload_feedback = fields.Char(
        string="What to Correct",
        help="Shown to the applicant on the online correction page: what is wrong with the "
        "uploaded file.")

    @api.depends_context("uid")
    @api.depends("upload_file", "case_id.user_id", "case_id.reviewer_id", "case_id.approver_id")
    def _compute_upload_data(self):
        # sudo: the stored file is read here, and only here, for the users who may see it
        for material, raw in zip(self, self.sudo(), strict=True):
            material.upload_data = material.case_id.can_see_personal_data and raw.upload_file

    def _check_clerk_vals(self, vals):
        # the clerk writes what the applicant must correct, while the materials are checked;
        # the upload itself comes only from the applicant's form and the buttons below
        if "upload_feedback" in vals:
            checked = self.filtered(lambda material: material.case_id.state not in CHECKING_STATES)
            if checked:
                raise UserError(self.env._(
                    "%(case)s is no longer being checked: what the applicant must correct "
                    "cannot be changed any more.", case=checked[0].case_id.name))
        return super()._check_clerk_vals(
            {key: value for key, value in vals.items() if key != "upload_feedback"})

    def write(self, vals):
        if not self.env.su and {"upload_file", "upload_data", "upload_filename", "upload_mimetype",
                                "upload_date", "upload_state"} & set(vals):
            raise UserError(self.env._(
                "Uploaded files come from the applicant's online form: use Checked or "
                "Request Correction."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_check_upload(self):
        """The clerk has looked at the file: the material counts as provided."""
        self._check_upload_step("uploaded")
        # sudo: the upload fields are written by these buttons only (see write())
        self.sudo().write({"upload_state": "checked", "provided": True,
                           "upload_feedback": False})
        self._done_upload_activities()

    def action_request_upload_correction(self):
        """The file does not do: the applicant uploads another one (listed in the one-time
        correction notice with what to correct)."""
        self._check_upload_step("uploaded", "checked")
        missing = self.filtered(lambda material: not (material.upload_feedback or "").strip())
        if missing:
            raise UserError(self.env._(
                "Write what the applicant must correct in %(material)s first.",
                material=missing[0].name))
        # sudo: as above
        self.sudo().write({"upload_state": "correction", "provided": False})
        self._done_upload_activities()

    def _done_upload_activities(self):
        """Every upload of the case is looked at: the clerks' activity is done. The clerk
        who looks at an online application nobody handles yet becomes its handler."""
        unassigned = self.case_id.filtered(lambda case: not case.user_id)
        # sudo: the handler is set for the clerk, who may not see the case's personal data
        # until he handles it
        unassigned.sudo().write({"user_id": self.env.uid})
        cases = self.case_id.filtered(
            lambda case: "uploaded" not in case.material_ids.mapped("upload_state"))
        # sudo: the activity may be assigned to another clerk of the window
        cases.sudo().activity_feedback(["dawa_approval.mail_activity_type_online_upload"])

    def action_preview_upload(self):
        """Open the file in the browser (PDF and images are shown, not downloaded)."""
        self.ensure_one()
        if not self.upload_filename:
            raise UserError(self.env._("No file was uploaded for %(material)s.",
                                       material=self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/upload_data/"
                   f"{self.upload_filename}",
            "target": "new",
        }

    def _check_upload_step(self, *upload_states):
        if not self.env.user.has_group("dawa_approval.group_window_clerk"):
            raise UserError(self.env._("Only a window clerk checks uploaded materials."))
        for material in self:
            if material.case_id.state not in CHECKING_STATES:
                raise UserError(self.env._(
                    "%(case)s is no longer being checked: its uploaded materials cannot be "
                    "marked any more.", case=material.case_id.name))
            if material.upload_state not in upload_states:
                raise UserError(self.env._(
                    "%(material)s has no uploaded file waiting for this step.",
                    material=material.name))

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    @api.model
    def _store_uploads(self, uploads):
        """Attach the applicant's files: ``uploads`` maps material lines to (file name,
        mimetype, content). Called with sudo by the public pages, whose checks are done."""
        now = fields.Datetime.now()
        # kept as the applicant sent it: Odoo would shrink a large image to 1920 px, and a
        # scan must stay legible (its size in pixels is checked before it comes here)
        for material, (filename, mimetype, content) in uploads.items():
            material.with_context(image_no_postprocess=True).write({
                "upload_file": content,
                "upload_filename": filename,
                "upload_mimetype": mimetype,
                "upload_date": now,
                "upload_state": "uploaded",
                "upload_feedback": False,
            })
