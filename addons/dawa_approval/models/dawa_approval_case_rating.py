import secrets
from collections import defaultdict
from datetime import datetime, time
from urllib.parse import quote as url_quote

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from .dawa_holiday import DEFAULT_BUREAU_TZ

# 好差评 five levels (国办发〔2019〕51号), as the `rating` field of the case.
RATING_LEVELS = [
    ("5", "Very Satisfied"),
    ("4", "Satisfied"),
    ("3", "Fair"),
    ("2", "Dissatisfied"),
    ("1", "Very Dissatisfied"),
]
# 差评: these levels need a comment and open a rectification.
BAD_RATINGS = ("1", "2")
# A decision has been made in these states: the applicant may rate the service. A written
# non-acceptance (不予受理) is a decision too; a withdrawal is not.
RATEABLE_STATES = ("approved", "denied", "not_accepted", "closed")
# Longest comment kept from the public form.
RATING_COMMENT_MAX = 2000
# Levels counted as satisfied in the published figures (非常满意, 满意), as on the dashboard.
SATISFIED_RATINGS = ("4", "5")
# Months the public satisfaction page shows, the current one included.
SATISFACTION_MONTHS = 12


def _month_day(value):
    """The first day of a month as ``_read_group`` gives it (a datetime or a date)."""
    return value.date() if isinstance(value, datetime) else value


class DawaApprovalCaseRating(models.AbstractModel):
    """The public page of a case (its key, what it shows) and the applicant's rating of the
    service (好差评, 国办发〔2019〕51号), given once after the decision; a 差评 opens a
    rectification."""

    _name = "dawa.approval.case.rating"
    _description = "Case Public Page and Rating"

    # nobody reads the key but the code printing it (QR code, notice; sudo there)
    access_token = fields.Char(
        copy=False, readonly=True, groups="base.group_system",
        default=lambda self: secrets.token_urlsafe(32),
        help="Random key of the public page of the case (QR code on the acceptance notice).",
    )
    rating = fields.Selection(
        RATING_LEVELS, readonly=True, copy=False, index=True, tracking=True,
        help="The applicant's rating of the service, given once after the decision.",
    )
    rating_comment = fields.Text(readonly=True, copy=False)
    rating_date = fields.Datetime(readonly=True, copy=False)
    rating_excluded = fields.Boolean(
        string="Rating Set Aside", readonly=True, copy=False, index=True, tracking=True,
        help="A bureau leader upheld the staff member's appeal against this dissatisfied "
        "rating (申诉复核, 国办发〔2019〕51号): the rating is kept on the case, but no longer "
        "counted in the staff figures, the dashboard or the published satisfaction.")
    counted_rating = fields.Selection(
        RATING_LEVELS, compute="_compute_counted_rating", store=True,
        index=True,
        help="The rating as the figures count it: none once an appeal against it was upheld.")
    rating_origin = fields.Char(
        string="Rated From", readonly=True, copy=False, groups="dawa_approval.group_manager",
        help="The network address the rating came from, kept for an appeal against it.")

    rectification_ids = fields.One2many(
        "dawa.approval.rectification", "case_id", string="Rectifications",
        groups="dawa_approval.group_window_clerk",
    )
    rectification_count = fields.Integer(
        compute="_compute_rectification_count", groups="dawa_approval.group_window_clerk")

    _sql_constraints = [
        ("access_token_unique", "unique(access_token)", "Another case already has this key."),
    ]

    def _get_workflow_fields(self):
        return [*super()._get_workflow_fields(), "rating", "rating_comment", "rating_date",
                "rating_origin", "access_token", "rating_excluded", "counted_rating"]

    @api.depends("rating", "rating_excluded")
    def _compute_counted_rating(self):
        for case in self:
            case.counted_rating = not case.rating_excluded and case.rating

    @api.depends("rectification_ids")
    def _compute_rectification_count(self):
        counts = dict(self.env["dawa.approval.rectification"]._read_group(
            [("case_id", "in", self.ids)], ["case_id"], ["__count"]))
        for case in self:
            case.rectification_count = counts.get(case, 0)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_view_rectifications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dawa_approval.dawa_approval_rectification_action")
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id}
        if self.rectification_count == 1:
            action.update(view_mode="form", views=[(False, "form")],
                          res_id=self.rectification_ids.id)
        return action

    # ------------------------------------------------------------------
    # rating
    # ------------------------------------------------------------------

    def _rate(self, rating, comment, origin=None):
        """Record the applicant's rating once, after the decision; a 差评 (1 or 2) needs a
        comment and opens a rectification for the handler. Called by the public page on the
        case found by its token."""
        self.ensure_one()
        rating = (rating or "").strip()
        comment = (comment or "").strip()
        if self.state not in RATEABLE_STATES:
            raise UserError(self.env._(
                "This application can be rated once a decision has been made."))
        # Lock the row so that two simultaneous submissions cannot both pass the check below.
        self.env.cr.execute(SQL(
            "SELECT rating FROM dawa_approval_case WHERE id = %s FOR NO KEY UPDATE", self.id))
        self.invalidate_recordset(["rating"])
        if self.rating:
            raise UserError(self.env._(
                "This application has already been rated. Each application can be rated "
                "only once."))
        if rating not in dict(RATING_LEVELS):
            raise ValidationError(self.env._("Choose one of the five rating levels."))
        if rating in BAD_RATINGS and not comment:
            raise ValidationError(self.env._(
                "Please tell us what went wrong: a comment is required with a "
                "dissatisfied rating."))
        if len(comment) > RATING_COMMENT_MAX:
            raise ValidationError(self.env._(
                "The comment is too long: %(max)s characters at most.",
                max=RATING_COMMENT_MAX))
        now = self.env["dawa.holiday"]._bureau_now()
        from_public_page = self.env.user._is_public()
        # the tracking message would name the author "Public user": post our own instead
        case = self.with_context(mail_notrack=True) if from_public_page else self
        case._workflow_write({"rating": rating, "rating_comment": comment or False,
                              "rating_date": now, "rating_origin": origin or False})
        if from_public_page:
            self._post_applicant_rating()
        if rating in BAD_RATINGS:
            self._open_rectification()

    def _post_applicant_rating(self):
        """The chatter line of a rating given on the public page, signed "Applicant" (申请人)
        in the bureau's language: no partner is the author, the visitor is not a user."""
        self.ensure_one()
        lang = self.user_id.lang or self.env.company.partner_id.lang or self.env.lang
        case = self.with_context(lang=lang)
        levels = dict(case._fields["rating"]._description_selection(case.env))
        body = case.env._("Rating: %(level)s", level=levels[self.rating])
        if self.rating_comment:
            body = case.env._("Rating: %(level)s. Comment: %(comment)s",
                              level=levels[self.rating], comment=self.rating_comment)
        # sudo: the public visitor may not post on the case; the author is set explicitly
        self.sudo()._message_log(
            body=body, author_id=False, email_from=case.env._("Applicant"))

    def _open_rectification(self):
        """Open the rectification of a dissatisfied rating, due a configured number of
        working days after the rating (in the bureau's calendar)."""
        self.ensure_one()
        # sudo: the rating comes from the public page; the bureau owns the rectification
        Rectification = self.env["dawa.approval.rectification"].sudo()
        rating_day = self._bureau_date(self.rating_date)
        return Rectification.create({
            "case_id": self.id,
            "rating": self.rating,
            "rating_date": self.rating_date,
            "complaint": self.rating_comment,
            "deadline": self.env["dawa.holiday"].add_workdays(
                rating_day, Rectification._get_rectification_days()),
            "user_id": (self.user_id or self.reviewer_id or self.approver_id).id,
        })

    # ------------------------------------------------------------------
    # published satisfaction (评价结果向社会公开)
    # ------------------------------------------------------------------

    @api.model
    def _get_monthly_satisfaction(self, months=SATISFACTION_MONTHS):
        """The monthly figures of the ratings published on ``/dawa/satisfaction`` (国办发
        〔2019〕51号: 评价结果及整改情况向社会公开): per month of the rating, in the bureau's
        time zone, the count of each level, the satisfaction rate (very satisfied and
        satisfied among all ratings) and how many dissatisfied ratings were rectified.
        Counts only — no case, applicant, comment or staff member. A rating set aside on
        appeal is not counted. The newest month first."""
        holiday = self.env["dawa.holiday"]
        today = holiday._bureau_today()
        first = (today.replace(day=1) - relativedelta(months=months - 1))
        tz = self.env.company.sudo().dawa_tz or DEFAULT_BUREAU_TZ
        # sudo: the figures are public; only counts leave this method
        Case = self.env["dawa.approval.case"].sudo().with_context(tz=tz)
        midnight = pytz.timezone(tz).localize(datetime.combine(first, time.min))
        since = [("rating_date", ">=", midnight.astimezone(pytz.utc).replace(tzinfo=None))]
        counts = defaultdict(lambda: defaultdict(int))
        for month, level, count in Case._read_group(
                [*since, ("counted_rating", "!=", False)],
                ["rating_date:month", "counted_rating"], ["__count"]):
            counts[_month_day(month)][level] = count
        rectified = defaultdict(int)
        Rectification = self.env["dawa.approval.rectification"].sudo().with_context(tz=tz)
        for month, count in Rectification._read_group(
                [*since, ("state", "=", "done"), ("case_id.rating_excluded", "=", False)],
                ["rating_date:month"], ["__count"]):
            rectified[_month_day(month)] = count
        rows = []
        month = today.replace(day=1)
        for _index in range(months):
            levels = counts.get(month, {})
            total = sum(levels.values())
            satisfied = sum(levels.get(level, 0) for level in SATISFIED_RATINGS)
            rows.append({
                "month": month,
                "label": self.env._("%(month)s/%(year)s", year=month.year, month=month.month),
                "levels": [levels.get(key, 0) for key, _label in RATING_LEVELS],
                "total": total,
                "satisfied": satisfied,
                "rate": round(100.0 * satisfied / total, 1) if total else None,
                "bad": sum(levels.get(level, 0) for level in BAD_RATINGS),
                "rectified": rectified.get(month, 0),
            })
            month -= relativedelta(months=1)
        return rows

    # ------------------------------------------------------------------
    # public page
    # ------------------------------------------------------------------

    def _get_public_values(self):
        """Everything the public page of the case shows, and nothing else: plain values,
        never the record (no applicant identity, ID number, phone or internal note)."""
        self.ensure_one()
        states = dict(self._fields["state"]._description_selection(self.env))
        levels = dict(self._fields["rating"]._description_selection(self.env))
        items = self.line_ids.sorted("sequence").item_id
        return {
            "number": self.name,
            "state": self.state,
            "state_label": states[self.state],
            "items": [{
                "name": item.name,
                "code": item.code,
                "guide_url": item.state == "published"
                and "/dawa/guide/" + url_quote(item.code, safe=""),
            } for item in items],
            "is_joint": self.is_joint,
            "received_date": self._public_date(self.received_date),
            "clock_start_date": self._public_date(self.clock_start_date),
            "deemed_accepted": self.deemed_accepted,
            "promised_days": self.promised_days,
            "statutory_days": self.statutory_days,
            "promised_deadline": self._public_date(self.promised_deadline),
            "statutory_deadline": self._public_date(self.statutory_deadline),
            "decision_date": self._public_date(self.decision_date),
            "steps": self._get_public_steps(states),
            "can_rate": self.state in RATEABLE_STATES and not self.rating,
            "rating": self.rating,
            "rating_label": levels.get(self.rating, ""),
            "rating_comment": self.rating_comment or "",
            "rating_levels": [(key, levels[key]) for key, _label in RATING_LEVELS],
            "bad_ratings": BAD_RATINGS,
        }

    def _get_public_steps(self, states):
        """The timeline received → accepted → review → decision → delivered, each step
        ``{"key", "label", "date", "status"}`` with status ``done``, ``current`` or ``todo``."""
        self.ensure_one()
        if self.state == "not_accepted":
            return [
                self._public_step("received", self.env._("Application received"),
                                  self.received_date, "done"),
                self._public_step("decision", states["not_accepted"],
                                  self.decision_date, "done"),
            ]
        if self.state == "withdrawn":
            steps = [self._public_step("received", self.env._("Application received"),
                                       self.received_date, "done")]
            if self.accepted_date:
                steps.append(self._public_step("accepted", self.env._("Accepted"),
                                               self.accepted_date, "done"))
            steps.append(self._public_step("withdrawn", states["withdrawn"],
                                           self.closed_date, "done"))
            return steps
        reached = {"received": 0, "correction": 0, "accepted": 1, "review": 2, "to_decide": 2,
                   "suspended": 2,
                   "approved": 3, "denied": 3, "closed": 4}[self.state]
        decision_label = self.env._("Decision")
        if self.state in ("approved", "denied"):
            decision_label = states[self.state]
        elif self.state == "closed":
            decision_label = self.env._("Decision issued")
        review_label = self.env._("Review")
        if self.state == "suspended":
            review_label = self.env._("Review (special procedure, the time limit is paused)")
        elif self.state == "to_decide":
            review_label = self.env._("Review completed, waiting for the decision")
        accepted_label = self.env._("Accepted")
        if self.state == "received":
            # not accepted yet: the window is checking the application
            accepted_label = self.env._("Acceptance (the window is checking the application)")
        elif self.state == "correction":
            accepted_label = self.env._("Acceptance (waiting for the missing materials)")
        plan = [
            ("received", self.env._("Application received"), self.received_date),
            ("accepted", accepted_label, self.accepted_date),
            ("review", review_label, self.review_date),
            ("decision", decision_label, self.decision_date),
            ("delivered", self.env._("Result delivered"), self.delivery_date),
        ]
        if reached >= 3 and not self.reviewer_id:
            # Decided without a review step (instant items, 即办件).
            del plan[2]
            reached -= 1
        steps = []
        for index, (key, label, date) in enumerate(plan):
            status = "done" if index <= reached else "current" if index == reached + 1 else "todo"
            steps.append(self._public_step(key, label, date if status == "done" else False,
                                           status))
        return steps

    @api.model
    def _public_step(self, key, label, date, status):
        return {"key": key, "label": label, "date": self._public_date(date), "status": status}

    @api.model
    def _public_date(self, date):
        """A date as the applicant reads it: 2026年10月13日 in Chinese."""
        return format_date(self.env, date, date_format="long") if date else False
