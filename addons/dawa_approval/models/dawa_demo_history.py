import random
from collections import defaultdict

from stdnum.cn import ric, uscc

from odoo import api, models
from odoo.exceptions import UserError

# The demonstration's history: working days back from the day of installation.
HISTORY_WORKDAYS = 115
# Mean number of applications received per working day.
DAILY_CASES = 1.7
# Share of the decisions taken after the promised deadline, by how many working days ago the
# case was received: the bureau's punctuality improves month after month (its rectification
# campaign of the summer), the story the dashboard tells.
LATE_SHARES = ((90, 0.16), (65, 0.11), (40, 0.07), (0, 0.04))
# Steps of a day, in the order they happen (a case received and accepted the same day).
STEPS = ("receive", "correct", "accept", "not_accept", "start_review", "suspend", "submit",
         "approve", "deny", "seal", "deliver", "rate", "rectify")
# Items applied for, with their weight: the busy windows come first.
ITEM_WEIGHTS = {
    "item_housing_01": 6, "item_housing_02": 4, "item_housing_03": 4, "item_housing_04": 3,
    "item_housing_05": 2, "item_housing_06": 4, "item_housing_07": 2, "item_housing_08": 3,
    "item_transport_01": 6, "item_transport_02": 2, "item_transport_03": 2,
    "item_transport_04": 3, "item_transport_05": 2, "item_transport_06": 3,
    "item_water_01": 2, "item_water_02": 2, "item_water_03": 3, "item_water_04": 1,
    "item_agriculture_01": 4, "item_agriculture_02": 2, "item_agriculture_03": 2,
    "item_agriculture_04": 2, "item_agriculture_05": 5, "item_agriculture_06": 2,
    "item_culture_01": 2, "item_culture_02": 3, "item_culture_03": 1, "item_culture_04": 1,
    "item_emergency_01": 2, "item_emergency_02": 4, "item_emergency_03": 1,
    "item_emergency_04": 2, "item_hrss_01": 2, "item_hrss_02": 2, "item_hrss_03": 2,
    "item_hrss_04": 1, "item_civil_affairs_01": 1, "item_civil_affairs_02": 1,
    "item_civil_affairs_03": 1, "item_civil_affairs_04": 1, "item_civil_affairs_05": 1,
}
# Items applied for by natural persons.
PERSON_ITEMS = {"item_agriculture_05"}
# Applicant names: a place or trade name, then a business of the item's department.
NAME_STEMS = (
    "鑫源", "恒泰", "宏达", "金穗", "盛京", "渤海", "辽河", "稻香", "蟹都", "田家", "荣兴",
    "新兴", "清水", "西安", "唐家", "东风", "平安", "兴隆", "华晟", "北方", "泰和", "万通",
    "永盛", "德润", "海川", "瑞丰", "远航", "长城", "金港", "红海滩",
)
BUSINESSES = {
    "housing": ("建筑工程有限公司", "房地产开发有限公司", "建设集团有限公司", "市政工程有限公司"),
    "transport": ("物流有限公司", "运输有限公司", "汽车服务有限公司", "客运有限公司"),
    "water": ("水产养殖专业合作社", "水利工程有限公司", "生态农业有限公司"),
    "agriculture": ("农资经销部", "种业有限公司", "兽药店", "水产苗种场", "农业发展有限公司"),
    "culture": ("文化传媒有限公司", "娱乐有限公司", "演艺有限公司", "体育发展有限公司"),
    "emergency": ("化工有限公司", "烟花爆竹零售店", "石化贸易有限公司"),
    "hrss": ("人力资源服务有限公司", "劳务派遣有限公司", "职业培训学校"),
    "civil_affairs": ("社会工作服务中心", "养老服务中心", "志愿者协会", "商会"),
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗"
GIVEN_NAMES = ("建华", "秀英", "玉兰", "志强", "海燕", "国庆", "丽娜", "晓东", "春生", "桂芝",
               "明亮", "淑珍", "立新", "红梅", "德胜", "雪梅")
OPINIONS = (
    "经审查，申请材料齐全，符合法定形式，申请人符合许可条件，建议准予许可。",
    "申请材料真实有效，经现场核查，经营场所及设施符合要求，建议准予许可。",
    "经审查，申请人具备相应资质和条件，符合相关法律法规规定，建议准予许可。",
)
DENIAL_OPINION = "经现场核查，申请人经营场所及安全设施不符合法定条件，建议不予许可。"
DENIAL_REASONS = (
    "经现场核查，申请人经营场所与申请材料不符，安全防护设施未达到规定要求，依据《中华人民共和国"
    "行政许可法》第三十八条第二款，决定不予许可。申请人如不服本决定，可在收到之日起六十日内申请"
    "行政复议，或在六个月内提起行政诉讼。"
)
NOT_ACCEPTED_REASON = "申请事项依法不属于本机关职权范围，请向盘锦市相关部门提出申请。"
CORRECTION_NOTE = "请补充提交法定代表人身份证明复印件，并由申请人签字确认；场地平面图需标注比例尺。"
RECIPIENTS = ("申请人本人", "法定代表人", "申请人委托代理人")
PRAISES = (
    "窗口工作人员一次告知清楚，办理很快，非常满意。",
    "材料一次就交齐了，比承诺时间还早拿到证。",
    "工作人员态度好，耐心解答问题。",
)
COMPLAINTS = (
    "审查时间比承诺的长，中间没有人通知进度。",
    "窗口排队时间太长，叫号系统出故障也没人解释。",
    "补正材料要求前后说法不一致，跑了两趟。",
)
RECTIFICATION_MEASURES = (
    "已约谈窗口负责人，明确办理进度主动告知制度，并对相关工作人员进行业务培训。")
FOLLOW_UP_NOTE = "电话回访申请人，告知整改措施，申请人表示理解。"


class DawaDemoHistory(models.AbstractModel):
    """The demonstration's history: months of applications received, accepted, reviewed,
    decided, sealed, delivered and rated by the demonstration users, each step on a past
    working day of the bureau's calendar, in the order it happens.

    Every step is the real action (``action_accept``, ``action_approve``…) run by the user
    whose job it is, with the demonstration clock set to its day (``dawa_demo_workdays_ago``,
    see ``dawa.holiday._bureau_today``): the dates, deadlines, decision numbers, seal ledger
    and on-time flags are those the bureau's own work would have written. Some decisions are
    late, a few applicants rate badly and their rectifications are closed or still open, the
    newest applications are still under way — so that the dashboard, the statistics and the
    desk agree with each other. Runs only while the demonstration data are installed."""

    _name = "dawa.demo.history"
    _description = "Demonstration History"

    @api.model
    def _build_case_history(self, workdays=HISTORY_WORKDAYS, scripted=None, seed=2026):
        """Plan the applications of the last ``workdays`` working days (deterministic for a
        given ``seed``) and run their steps day by day, oldest first, with the steps of the
        ``scripted`` cases of the demonstration files: ``{case id: [[step, workdays ago,
        {arguments}], ...]}`` (see ``_get_steps()``). Returns the cases."""
        if not self.pool._init:
            raise UserError(self.env._(
                "The demonstration history is written only while the demonstration data are "
                "installed."))
        rng = random.Random(seed)
        calendar = self.env["dawa.holiday"]._get_work_calendar()
        today = self.env["dawa.holiday"]._bureau_today()
        plans = []
        for received in range(workdays, 0, -1):
            count = int(DAILY_CASES) + (rng.random() < DAILY_CASES % 1)
            plans += [self._plan_case(rng, received) for _index in range(count)]
        for case_id, steps in (scripted or {}).items():
            plans.append({"case": self.env["dawa.approval.case"].browse(int(case_id)),
                          "rng_value": 0.0, "steps": [
                              (step[0], step[1], step[2] if len(step) > 2 else {})
                              for step in steps]})
        by_day = defaultdict(list)  # (workdays ago, step) -> [(plan, arguments)]
        for plan in plans:
            for step, ago, arguments in plan["steps"]:
                if ago >= 0:
                    by_day[ago, step].append((plan, arguments))
        first = max((ago for ago, _step in by_day), default=-1)
        cases = self.env["dawa.approval.case"]
        for ago in range(first, -1, -1):
            day = calendar.before(today, ago)
            for step in self._get_steps():
                entries = by_day.get((ago, step))
                if entries:
                    cases |= getattr(self, f"_step_{step}")(entries, ago, day)
        return cases

    def _get_steps(self):
        """The steps of a day, in the order they happen (a case received and accepted the
        same day); each is run by ``_step_<step>(entries, workdays ago, day)``."""
        return STEPS

    # ------------------------------------------------------------------
    # planning
    # ------------------------------------------------------------------

    def _plan_case(self, rng, received):
        """One application received ``received`` working days ago, and the working days
        (counted back from today) of each of its steps; steps after today are not run."""
        item_xmlid = rng.choices(list(ITEM_WEIGHTS), weights=list(ITEM_WEIGHTS.values()))[0]
        item = self.env.ref(f"dawa_approval.{item_xmlid}")
        plan = {"item": item, "person": item_xmlid in PERSON_ITEMS, "rng_value": rng.random(),
                "name": self._applicant_name(rng, item, item_xmlid in PERSON_ITEMS),
                "id_number": None, "phone": f"1{rng.choice('3589')}{rng.randrange(10 ** 9):09d}",
                "channel": rng.choices(("window", "online", "app"), weights=(6, 3, 1))[0],
                "case": None, "rating": None}
        plan["id_number"] = self._id_number(rng, plan["person"])
        steps = [("receive", received)]
        if rng.random() < 0.02:
            steps.append(("not_accept", received))
            plan["steps"] = [(*step, {}) for step in steps + [("seal", received - 1)]]
            return plan
        accepted = received
        if rng.random() < 0.1:
            steps.append(("correct", received))
            accepted = received - rng.randint(2, 4)
        steps.append(("accept", accepted))
        late_share = next(share for since, share in LATE_SHARES if received > since)
        late = rng.random() < late_share
        if item.case_kind == "instant":
            decided = accepted
        else:
            promised = item.promised_days
            if late:
                decided = accepted - promised - rng.randint(1, 4)
            else:
                decided = accepted - rng.randint(max(1, promised // 3), max(1, promised))
            reviewed = accepted - 1
            steps += [("start_review", reviewed),
                      ("submit", min(reviewed, decided + rng.randint(0, 1)))]
        denied = item.case_kind != "instant" and rng.random() < 0.05
        steps.append(("deny" if denied else "approve", decided))
        sealed = decided - (0 if item.case_kind == "instant" else rng.randint(0, 1))
        delivered = sealed - rng.choice((0, 0, 1, 1, 2, 3))
        steps += [("seal", sealed), ("deliver", delivered)]
        if rng.random() < 0.7:
            bad = rng.random() < (0.2 if late else 0.015)
            plan["rating"] = (rng.choice("12") if bad else rng.choices("543", (20, 7, 1))[0])
            plan["rating_comment"] = self._rating_comment(plan["rating"], plan["rng_value"])
            steps.append(("rate", delivered))
            if bad:
                steps.append(("rectify", delivered - rng.randint(3, 6)))
        plan["steps"] = [(*step, {}) for step in steps]
        return plan

    def _applicant_name(self, rng, item, person):
        if person:
            return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        agency = item.source_agency_id.get_external_id().get(item.source_agency_id.id, "")
        key = agency.split(".agency_")[-1]
        business = rng.choice(BUSINESSES.get(key, ("有限公司",)))
        prefix = rng.choice(("盘锦", "大洼区", "盘锦市"))
        return prefix + rng.choice(NAME_STEMS) + business

    def _id_number(self, rng, person):
        """A well-formed resident ID number (GB 11643) or unified social credit code
        (GB 32100) of Dawa district, with its check digit."""
        if person:
            year, month, day = rng.randint(1960, 1995), rng.randint(1, 12), rng.randint(1, 28)
            body = f"211104{year:04d}{month:02d}{day:02d}{rng.randrange(1000):03d}"
            return body + ric.calc_check_digit(body + "0")  # a check digit placeholder
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        body = "91211104" + "".join(rng.choice(alphabet) for _index in range(9))
        return body + uscc.calc_check_digit(body)

    # ------------------------------------------------------------------
    # the steps, each run by the user whose job it is
    # ------------------------------------------------------------------

    def _rating_comment(self, rating, value):
        if rating == "3":
            return ""
        texts = COMPLAINTS if rating in ("1", "2") else PRAISES
        return texts[int(value * len(texts))]

    def _cases(self, entries, login, ago):
        user = self.env.ref(f"dawa_approval.user_{login}")
        return self.env["dawa.approval.case"].with_user(user).with_context(
            dawa_demo_workdays_ago=ago).browse([plan["case"].id for plan, _args in entries])

    def _step_receive(self, entries, ago, day):
        user = self.env.ref("dawa_approval.user_clerk")
        Case = self.env["dawa.approval.case"].with_user(user).with_context(
            dawa_demo_workdays_ago=ago)
        plans = [plan for plan, _args in entries]
        cases = Case.create([{
            "applicant_type": "person" if plan["person"] else "organization",
            "applicant_name": plan["name"],
            "applicant_id_number": plan["id_number"],
            "applicant_phone": plan["phone"],
            "channel": plan["channel"],
            "line_ids": [(0, 0, {"item_id": plan["item"].id, "sequence": 0})],
        } for plan in plans])
        for plan, case in zip(plans, cases, strict=True):
            plan["case"] = case
        correcting = {plan["case"].id for plan in plans
                      if any(step[0] == "correct" for step in plan["steps"])}
        cases.filtered(lambda case: case.id not in correcting).action_provide_all_materials()
        return cases

    def _step_correct(self, entries, ago, day):
        cases = self._cases(entries, "clerk", ago)
        cases.filtered(lambda case: not case.correction_note).write(
            {"correction_note": CORRECTION_NOTE})
        cases.action_request_correction()
        return cases

    def _step_accept(self, entries, ago, day):
        cases = self._cases(entries, "clerk", ago)
        cases.action_provide_all_materials()
        cases.action_accept()
        return cases

    def _step_not_accept(self, entries, ago, day):
        cases = self._cases(entries, "clerk", ago)
        cases.filtered(lambda case: not case.decision_note).write(
            {"decision_note": NOT_ACCEPTED_REASON})
        cases.action_not_accept()
        return cases

    def _step_start_review(self, entries, ago, day):
        cases = self._cases(entries, "reviewer", ago)
        cases.action_start_review()
        return cases

    def _step_suspend(self, entries, ago, day):
        cases = self._cases(entries, "reviewer", ago)
        for case in cases.filtered(lambda case: not case.suspension_procedure_id):
            case.suspension_procedure_id = case.line_ids.item_id.special_procedure_ids[:1]
        cases.action_suspend()
        return cases

    def _step_submit(self, entries, ago, day):
        cases = self._cases(entries, "reviewer", ago)
        for (plan, _args), case in zip(entries, cases, strict=True):
            if not case.review_opinion:
                denied = any(step[0] == "deny" for step in plan["steps"])
                case.review_opinion = DENIAL_OPINION if denied else OPINIONS[
                    int(plan["rng_value"] * len(OPINIONS))]
        cases.action_submit()
        return cases

    def _step_approve(self, entries, ago, day):
        cases = self._cases(entries, "approver", ago)
        cases.action_approve()
        return cases

    def _step_deny(self, entries, ago, day):
        cases = self._cases(entries, "approver", ago)
        cases.filtered(lambda case: not case.decision_note).write(
            {"decision_note": DENIAL_REASONS})
        cases.action_deny()
        return cases

    def _step_seal(self, entries, ago, day):
        cases = self._cases(entries, "sealkeeper", ago)
        cases.action_seal()
        return cases

    def _step_deliver(self, entries, ago, day):
        cases = self._cases(entries, "clerk", ago)
        for (plan, _args), case in zip(entries, cases, strict=True):
            if not case.delivery_recipient:
                case.write({
                    "delivery_method": "window",
                    "delivery_recipient": RECIPIENTS[int(plan["rng_value"] * len(RECIPIENTS))],
                })
        # the applicant pays the fee of a charged item at the window, then takes the licence
        for case in cases.filtered(lambda case: case.fee_required and not case.fee_paid_date):
            case._record_payment(day, f"辽非税{day:%Y%m%d}{case.id:05d}")
        cases.action_deliver()
        return cases

    def _step_rate(self, entries, ago, day):
        cases = self.env["dawa.approval.case"]
        public = self.env.ref("base.public_user")
        for plan, args in entries:
            rating = args.get("rating") or plan["rating"]
            comment = args.get("comment", plan.get("rating_comment", ""))
            # sudo: the applicant rates on the public page as its visitor, who may not read
            # the case (the page finds it by its token)
            case = plan["case"].with_user(public).sudo().with_context(
                dawa_demo_workdays_ago=ago)
            case._rate(rating, comment, origin="127.0.0.1")
            cases |= plan["case"]
        return cases

    def _step_rectify(self, entries, ago, day):
        """The handler answers the dissatisfied rating; the follow-up call is recorded, and
        the rectification closed, by the bureau's leader — never by who answered."""
        clerk = self.env.ref("dawa_approval.user_clerk")
        leader = self.env.ref("dawa_approval.user_leader")
        rectifications = self.env["dawa.approval.rectification"].with_user(clerk).with_context(
            dawa_demo_workdays_ago=ago).search([
                ("case_id", "in", [plan["case"].id for plan, _args in entries]),
                ("state", "=", "open")])
        rectifications.write({"measures": RECTIFICATION_MEASURES})
        rectifications = rectifications.with_user(leader)
        rectifications.write({
            "follow_up_date": day,
            "follow_up_note": FOLLOW_UP_NOTE,
            "follow_up_result": "satisfied",
        })
        rectifications.action_close()
        return rectifications.case_id
