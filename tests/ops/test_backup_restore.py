"""`./dawa backup` / `./dawa restore`: a database with sealed cases, their decision PDFs and
seal ledger lines comes back in a fresh cluster identical and verifiable."""

import hashlib
import json
import shutil
import tarfile

from conftest import SEEDED_CASES, new_cluster, odoo_args, record, shell

from dawa_cli.backup import LEDGER_KEY_FILE, backup_archive, restore_archive

FIGURES = """
import json
env.cr.execute("SELECT count(*) FROM dawa_approval_case")
cases = env.cr.fetchone()[0]
attachments = env["ir.attachment"].search(
    [("res_model", "=", "dawa.approval.case"), ("mimetype", "=", "application/pdf")])
chain = env["dawa.seal.usage"].verify_chain()
print("FIGURES " + json.dumps({
    "cases": cases,
    "pdfs": sorted((a.name, a.checksum, a.store_fname) for a in attachments),
    "content": sorted(__import__("hashlib").sha1(a.raw).hexdigest() for a in attachments),
    "ledger": env["dawa.seal.usage"].search_count([]),
    "chain": chain["ok"], "checked": chain["checked"],
}))
"""


def figures(args):
    out = shell(args, FIGURES)
    return json.loads(out.split("FIGURES ", 1)[1].splitlines()[0])


def test_backup_restores_into_a_fresh_cluster(primary, tmp_path):
    before = figures(primary.args)
    assert before["cases"] == SEEDED_CASES and before["ledger"] == SEEDED_CASES
    assert len(before["pdfs"]) == SEEDED_CASES and before["chain"]

    archive = tmp_path / "dawa.tar"
    members = backup_archive(primary.cluster, primary.db, primary.data_dir, archive)
    assert members == ["database.dump", "filestore/", LEDGER_KEY_FILE]
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert all(f"filestore/{fname}" in names for _n, _c, fname in before["pdfs"])

    restored = new_cluster("restore")
    try:
        data_dir = restored.base / "odoo-data"
        restore_archive(archive, restored, "ops_restored", data_dir)
        for _name, checksum, fname in before["pdfs"]:
            stored = (data_dir / "filestore" / "ops_restored" / fname).read_bytes()
            assert hashlib.sha1(stored).hexdigest() == checksum  # noqa: S324 (Odoo's checksum)
        key = (data_dir / LEDGER_KEY_FILE)
        assert key.read_bytes() == (primary.data_dir / LEDGER_KEY_FILE).read_bytes()
        after = figures(odoo_args(restored, data_dir, "ops_restored"))
        assert after == before
        record(f"backup: archive {archive.stat().st_size} bytes ({', '.join(members)}); "
               f"restored: {after['cases']} cases, {len(after['pdfs'])} PDFs same checksums, "
               f"{after['ledger']} ledger lines, chain ok {after['chain']}")
        # the key is what makes the restored ledger verifiable: without it (Odoo makes a new
        # one), the same database no longer verifies
        key.unlink()
        assert not figures(odoo_args(restored, data_dir, "ops_restored"))["chain"]
    finally:
        restored.stop()
        shutil.rmtree(restored.base, ignore_errors=True)
