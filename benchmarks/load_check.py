"""After the load benchmark (run in ``odoo shell``): every decision sealed exactly once, the
seal ledger one unbroken chain. Prints one line ``check: ...`` ending with ``ok`` or
``FAILED``."""

from odoo.tools import SQL

cr = env.cr  # noqa: F821 (odoo shell)
cr.execute(SQL("""
    SELECT count(*) FILTER (WHERE c.decision IS NOT NULL),
           count(*) FILTER (WHERE c.decision IS NOT NULL AND u.lines = 1),
           count(*) FILTER (WHERE u.lines > 1)
      FROM dawa_approval_case c
      LEFT JOIN (SELECT case_id, count(*) AS lines FROM dawa_seal_usage GROUP BY case_id) u
        ON u.case_id = c.id"""))
decided, sealed_once, sealed_twice = cr.fetchone()
chain = env["dawa.seal.usage"].verify_chain()  # noqa: F821
ok = decided == sealed_once and not sealed_twice and chain["ok"]
print(f"check: {decided} decisions, {sealed_once} sealed exactly once, {sealed_twice} sealed "
      f"more than once, chain ok: {chain['ok']} ({chain['checked']} lines): "
      f"{'ok' if ok else 'FAILED'}")
