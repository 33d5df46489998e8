from . import controllers, models, report, wizard


def post_init_hook(env):
    """Licences approved before supervision was installed are valid; they are not pushed
    (their decisions predate the departments' tasks)."""
    approved = env["dawa.approval.case"].with_context(active_test=False).search(
        [("decision", "=", "approved"), ("licence_state", "=", False)])
    approved._workflow_write({"licence_state": "valid"})
