"""Users and catalogue for the load benchmark and the operations tests, run in ``odoo shell``
on a scratch database where dawa_approval is installed without demo data.

Environment: DAWA_OPS_TEAMS (default 1) teams, i.e. window clerks ``clerk_K`` (K = 0..teams-1),
and as a bureau has fewer of them than of clerks, one reviewer and one approver for 5 clerks,
one seal keeper and one leader for 10 (``reviewer_K`` ... for K below ROLE_SHARE's count; the
same rule as benchmarks/bench_load.py), all with the password PASSWORD; one published item with
three materials, the bureau's approval seal in use (no electronic seal:
decisions wait for the seal keeper); DAWA_OPS_CASES (default 0) cases then run the whole way as
these users (accepted, reviewed, approved, sealed: seal ledger lines) with their decision PDF
attached. Commits.
"""

import os

from odoo import api
from odoo.fields import Command

PASSWORD = "Dawa-Ops-2026!"  # noqa: S105 (scratch databases only)
ROLES = {
    "clerk": "dawa_approval.group_window_clerk",
    "reviewer": "dawa_approval.group_reviewer",
    "approver": "dawa_approval.group_approver",
    "sealkeeper": "dawa_approval.group_seal_keeper",
    "leader": "dawa_approval.group_manager",
}

# clerks per user of each role (benchmarks/bench_load.py has the same table)
ROLE_SHARE = {"clerk": 1, "reviewer": 5, "approver": 5, "sealkeeper": 10, "leader": 10}
teams = int(os.environ.get("DAWA_OPS_TEAMS", "1"))
case_count = int(os.environ.get("DAWA_OPS_CASES", "0"))
env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (odoo shell)
bureau = env.ref("dawa_approval.agency_bureau")
env["res.users"].with_context(no_reset_password=True).create([{
    "name": f"Ops {role} {team}",
    "login": f"{role}_{team}",
    "password": PASSWORD,
    "groups_id": [Command.set(env.ref(group).ids)],
    "dawa_agency_id": bureau.id,
} for role, group in ROLES.items() for team in range(-(-teams // ROLE_SHARE[role]))])
Seal = env["dawa.seal"]
Seal.search([("state", "=", "in_use")]).write({"state": "suspended"})
Seal.create({"name": "Ops approval seal", "code": "OPS-SEAL", "kind": "approval",
             "agency_id": bureau.id, "state": "in_use"})
item = env["dawa.approval.item"].create({
    "name": "Ops item", "code": "OPS-001", "source_agency_id": bureau.id,
    "legal_basis": "-", "statutory_days": 20, "promised_days": 5,
    "material_ids": [Command.create({"name": f"Material {m}"}) for m in range(3)],
})
item.action_publish()
item.handling_agency_id = bureau
env.cr.commit()


def as_role(role):
    user = env["res.users"].search([("login", "=", f"{role}_0")])
    return api.Environment(env.cr, user.id, env.context)["dawa.approval.case"]


for index in range(case_count):
    case = as_role("clerk").create({
        "applicant_type": "organization",
        "applicant_name": f"Ops applicant {index}",
        "applicant_id_number": "91211100MA0YJ1C45H",
        "line_ids": [Command.create({"item_id": item.id})],
    })
    case.action_provide_all_materials()
    case.action_accept()
    review = as_role("reviewer").browse(case.id)
    review.action_start_review()
    review.review_opinion = "Complete and lawful."
    review.action_submit()
    as_role("approver").browse(case.id).action_approve()
    as_role("sealkeeper").browse(case.id).action_seal()
    pdf, _type = env["ir.actions.report"]._render_qweb_pdf(
        "dawa_approval.report_case_approval", [case.id])
    env["ir.attachment"].create({"name": f"{case.name}.pdf", "raw": pdf,
                                 "res_model": "dawa.approval.case", "res_id": case.id})
    env.cr.commit()
print(f"ops_seed: {teams} team(s), {case_count} sealed case(s)")
