from . import controllers, models, wizard


def post_init_hook(env):
    """The approvals sealed before the register existed get their licences, numbered in
    the order of their decisions (decision date, then decision number), each dated as its
    sealing; the licences already past their last day are then marked expired."""
    Case = env["dawa.approval.case"].with_context(active_test=False, tracking_disable=True)
    cases = Case.search([("decision", "=", "approved"), ("sealed", "=", True)]).sorted(
        lambda case: (case.decision_date, case.sealed_date or case.decision_date, case.id))
    env["dawa.seal.usage"]._lock_chain()  # as a sealing does: the numbers are drawn under it
    for case in cases:
        case._issue_licences(day=case.sealed_date or case.decision_date)
    env["dawa.licence"]._cron_expire()
